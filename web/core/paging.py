"""Long lists in pages of 50: a count, one page of rows, and links that keep the filters."""
import math
from dataclasses import dataclass

from flask import Blueprint, request, url_for

from .numbers import as_number
from sqlalchemy import bindparam
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
    return as_number(value, 1, 99_999) or 1


@bp.app_template_global()
def page_url(number: int, arg: str = "page") -> str:
    """Link to another page of the current list, keeping its filters and search."""
    args = dict(request.view_args or {}, **request.args.to_dict())
    args[arg] = number
    return url_for(request.endpoint, **args)


def paginate(db, query, number: int | None = None, size: int = PAGE_SIZE,
             total: int | None = None) -> Page:
    """Return one page of ``query`` (two queries: the count, unless ``total`` is known, and the rows).

    A page number past the end shows the last page, so a link kept after rows went away
    still lands somewhere useful. For a list built per request; ``ListQuery`` builds once.
    """
    return ListQuery(query).page(db, number=number, size=size, total=total)


class ListQuery:
    """A list's count and page statements, built once (at import) and run with parameters.

    Building SQL expressions costs a busy page more than running them, so a list shown on
    every visit is made with bound parameters (``bindparam``) for what varies, and ``page``
    only fills them in. ``wrap``, if given, turns the page's rows (as a subquery named
    ``page``) into the statement that is run: the place for columns worth working out for
    the rows shown only, not for the ones the offset skips; it must keep the order.
    """

    def __init__(self, query, wrap=None):
        """Make the count and page statements of ``query``."""
        self.count = select(func.count()).select_from(query.order_by(None).subquery())
        rows = query.limit(bindparam("page_size")).offset(bindparam("page_skip"))
        self.rows = wrap(rows.subquery("page")) if wrap is not None else rows

    def page(self, db, params: dict | None = None, number: int | None = None,
             size: int = PAGE_SIZE, total: int | None = None) -> Page:
        """Return one page like ``paginate`` (the count, unless ``total`` is known, and the rows)."""
        params = params or {}
        total = db.exec(self.count, params=params).one() if total is None else total
        number = min(number or page_number(), max(1, math.ceil(total / size)))
        items = db.exec(self.rows, params={
            **params, "page_size": size, "page_skip": (number - 1) * size}).all() if total else []
        return Page(items=items, total=total, number=number, size=size)


_MARK = 987654321  # a stand-in id that no real URL part contains


@bp.app_template_global()
def row_url(endpoint: str, arg: str, **values):
    """Return a function of an id that gives the URL ``url_for(endpoint, arg=id, **values)``.

    The route is looked up once instead of once per row, which counts in a list of 50.
    """
    head, tail = url_for(endpoint, **{arg: _MARK}, **values).split(str(_MARK))
    return lambda ident: f"{head}{int(ident)}{tail}"
