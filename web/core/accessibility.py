"""The accessibility statement every page's footer links to (webtilgængelighedsloven).

Each municipality sets the address of the statement it made in Digitaliseringsstyrelsen's WAS
tool; without one the footer links to ``ACCESSIBILITY_URL``, or to our own page below, which
says what we check and how to report a problem. The addresses are read once a minute per
process, so the footer costs a page no query.
"""
from cachetools import TTLCache
from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from models import Municipality

from .db import get_session

bp = Blueprint("accessibility", __name__, template_folder="templates")
CACHE_SECONDS = 60


def init_app(app) -> None:
    """Offer templates ``accessibility_statement_url()``, with this app's own memory."""
    app.extensions["accessibility"] = TTLCache(maxsize=1, ttl=CACHE_SECONDS)
    app.jinja_env.globals["accessibility_statement_url"] = statement_url


def forget() -> None:
    """Read the addresses afresh on the next page (after an admin changed one)."""
    current_app.extensions["accessibility"].clear()


def _addresses() -> dict:
    """Each municipality's own statement address, by id and by short name (one query)."""
    cache = current_app.extensions["accessibility"]
    found = cache.get("all")
    if found is None:
        found = {}
        try:
            rows = get_session().exec(select(Municipality.id, Municipality.slug,
                                             Municipality.accessibility_url)
                                      .where(Municipality.accessibility_url.is_not(None))).all()
        except SQLAlchemyError:
            return found  # an error page while the database is away still gets a footer
        for ident, slug, address in rows:
            found[("id", ident)] = found[("slug", slug)] = address
        cache["all"] = found
    return found


def _municipality_slug() -> str | None:
    """The municipality a public page belongs to (its address names it), if any."""
    return (request.view_args or {}).get("slug") if request else None


def statement_url() -> str:
    """The accessibility statement for the page being shown."""
    addresses = _addresses()
    mine = current_user.municipality_id if current_user.is_authenticated else None
    slug = _municipality_slug()
    found = addresses.get(("id", mine)) or addresses.get(("slug", slug))
    if found:
        return found
    if current_app.config.get("ACCESSIBILITY_URL"):
        return current_app.config["ACCESSIBILITY_URL"]
    return url_for("accessibility.statement", m=slug) if slug else url_for(
        "accessibility.statement")


@bp.route("/accessibility")
def statement():
    """Rollemodel's own statement: what we aim for and check, and how to report a problem."""
    db = get_session()
    municipality = None
    if current_user.is_authenticated and current_user.municipality_id:
        municipality = db.get(Municipality, current_user.municipality_id)
    elif request.args.get("m"):
        municipality = db.exec(select(Municipality).where(
            Municipality.slug == request.args["m"][:60])).first()
    return render_template("accessibility.html", municipality=municipality)
