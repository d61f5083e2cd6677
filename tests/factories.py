"""Small helpers that create rows for tests."""
import itertools

from models import Citizen, Municipality, Role, Stage, User, Volunteer
from models.passwords import hash_password


class Factory:
    """Create municipalities, users and profiles with sensible defaults."""

    PASSWORD = "kaffe-kopper-cykel-9"
    _hash = None
    _seq = itertools.count(1)

    def __init__(self, session):
        self.session = session

    @classmethod
    def password_hash(cls) -> str:
        """Hash the shared test password once per run (argon2 is slow on purpose)."""
        if cls._hash is None:
            cls._hash = hash_password(cls.PASSWORD)
        return cls._hash

    def _save(self, obj):
        """Add, commit and return ``obj``."""
        self.session.add(obj)
        self.session.commit()
        return obj

    def municipality(self, slug=None, name=None) -> Municipality:
        """A municipality."""
        n = next(self._seq)
        slug = slug or f"kommune-{n}"
        return self._save(Municipality(slug=slug, name=name or slug.title()))

    def user(self, municipality=None, role=Role.COORDINATOR, **kw) -> User:
        """A user with the shared test password."""
        n = next(self._seq)
        kw.setdefault("name", f"{role.title()} {n}")
        kw.setdefault("email", f"{role}{n}@test.example")
        return self._save(User(
            municipality_id=municipality.id if municipality else None, role=role,
            password_hash=self.password_hash(), **kw,
        ))

    def volunteer(self, municipality, user=None, **kw) -> Volunteer:
        """A volunteer profile (active and matchable unless told otherwise)."""
        n = next(self._seq)
        kw.setdefault("name", f"Frivillig Nummer{n}")
        kw.setdefault("external_id", f"V-{n:04d}")
        kw.setdefault("status", Stage.ACTIVE)
        return self._save(Volunteer(
            municipality_id=municipality.id, user_id=user.id if user else None, **kw
        ))

    def citizen(self, municipality, user=None, **kw) -> Citizen:
        """A young citizen."""
        n = next(self._seq)
        kw.setdefault("name", f"Ung Borger{n}")
        kw.setdefault("external_id", f"C-{n:04d}")
        return self._save(Citizen(
            municipality_id=municipality.id, user_id=user.id if user else None, **kw
        ))

    def ready_volunteer(self, municipality, user=None, **kw) -> Volunteer:
        """A volunteer who can be suggested: active, screened OK, trained, sworn to
        confidentiality and reachable."""
        from datetime import date

        from models.base import utcnow
        from models.confidentiality import current_version

        kw.setdefault("confidentiality_version", current_version())
        kw.setdefault("confidentiality_signed_at", utcnow())
        kw.setdefault("child_cert_ok", True)
        kw.setdefault("criminal_cert_ok", True)
        kw.setdefault("training_day1_on", date(2026, 1, 10))
        kw.setdefault("training_day2_on", date(2026, 1, 17))
        if not kw.get("email"):
            kw.setdefault("phone", "20 00 00 00")
        return self.volunteer(municipality, user=user, **kw)
