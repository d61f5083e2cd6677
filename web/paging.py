"""Long lists in pages of 50: a count, one page of rows, and links that keep the filters."""
import math
from dataclasses import dataclass

from flask import Blueprint, request, url_for
from sqlmodel import func, select

bp = Blueprint("paging", __name__)
PAGE_SIZE = 50


@dataclass
class Page:
    """One page of a list: its rows, the total count and where it sits."""

    items: list
    total: int
    number: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        """How many pages the whole list fills (at least one)."""
        return max(1, math.ceil(self.total / self.size))

    @property
    def first(self) -> int:
        """The position of the first row shown, counting from 1 (0 when empty)."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        """The position of the last row shown."""
        return (self.number - 1) * self.size + len(self.items)

    @property
    def has_prev(self) -> bool:
        """Tell whether there is a page before this one."""
        return self.number > 1

    @property
    def has_next(self) -> bool:
        """Tell whether there is a page after this one."""
        return self.number < self.pages


def page_number(arg: str = "page") -> int:
    """Read the page number from the query string; anything odd means page 1."""
    value = request.args.get(arg, "")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


@bp.app_template_global()
def page_url(number: int, arg: str = "page") -> str:
    """Link to another page of the current list, keeping its filters and search."""
    args = dict(request.view_args or {}, **request.args.to_dict())
    args[arg] = number
    return url_for(request.endpoint, **args)


def count(db, query) -> int:
    """Count the rows ``query`` would return (one query; its ordering is dropped)."""
    return db.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()


def paginate(db, query, number: int | None = None, size: int = PAGE_SIZE,
             total: int | None = None) -> Page:
    """Return one page of ``query`` (two queries: the count, unless ``total`` is known, and the rows).

    A page number past the end shows the last page, so a link kept after rows went away
    still lands somewhere useful.
    """
    total = count(db, query) if total is None else total
    number = min(number or page_number(), max(1, math.ceil(total / size)))
    items = db.exec(query.limit(size).offset((number - 1) * size)).all() if total else []
    return Page(items=items, total=total, number=number, size=size)
