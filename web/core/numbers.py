"""Numbers from addresses and forms, read safely: ids only of ASCII digits (``str.isdigit``
also accepts "²", which ``int`` refuses) and within what the database's id columns hold."""
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the largest value of an INTEGER id column (PostgreSQL's int4)


def as_number(text: str | None, low: int = 0, high: int = MAX_ID) -> int | None:
    """The whole number ``text`` says, if it is plain ASCII digits between low and high."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return None
    value = int(text)
    return value if low <= value <= high else None


def as_ids(values) -> list[int]:
    """The ids among ``values`` (anything else is left out), in order, without repeats."""
    found = (as_number(v, 1) for v in values)
    return list(dict.fromkeys(v for v in found if v is not None))


class IdConverter(IntegerConverter):
    """``<int:...>`` in routes: a number past what an id column holds is simply not found."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)
