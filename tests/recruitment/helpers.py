"""Small helpers shared by the recruitment tests."""
import io
import re
from datetime import UTC, datetime

import sqlalchemy as sa
from PIL import Image

from models import Event, EventKind, Role


def coordinator_in(make, slug="stevns"):
    """A municipality and a logged-in-able coordinator of it."""
    town = make.municipality(slug, slug.title())
    return town, make.user(town, Role.COORDINATOR)


def event(make, town, kind=EventKind.INFO, starts_at=None, **kw):
    """An event of ``town``."""
    kw.setdefault("title", "Informationsmøde")
    return make._save(Event(
        municipality_id=town.id, kind=kind,
        starts_at=starts_at or datetime(2026, 3, 10, 16, 0, tzinfo=UTC), **kw))


def image_bytes(fmt="JPEG", size=(800, 600), **save_kw) -> bytes:
    """A small picture in ``fmt``."""
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buf, fmt, **save_kw)
    return buf.getvalue()


def upload(data: bytes, name="photo.jpg"):
    """A file tuple for a test-client form post."""
    return (io.BytesIO(data), name)


def errors(response) -> list[str]:
    """The field error messages on a page."""
    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True), re.S)


class QueryCounter:
    """Count the SQL statements an engine runs inside a ``with`` block."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _count(self, *args):
        """Count one statement."""
        self.count += 1

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._count)
