"""A database that is locked or down for a moment: a clear 503 page, nothing half-written."""
import logging

from flask import current_app, g, render_template
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


def init_app(app) -> None:
    """Answer passing database failures with a 503 instead of a crash page."""
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(DBAPIError, _dbapi_error)


def _discard_session() -> None:
    """Roll back and drop the request's session so no half-done write survives."""
    session = g.pop("db", None)
    if session is None:
        return
    try:
        session.rollback()
    except DBAPIError:
        pass  # the connection is gone; closing below returns it to the pool as invalid
    session.close()


def database_unavailable(err):
    """Roll back, log without the statement's data, and show a 503 that invites a retry."""
    _discard_session()
    # The rolled-back user can't be reloaded from a database that is away, so the page
    # is drawn as for a visitor; the session cookie itself is untouched.
    g._login_user = current_app.login_manager.anonymous_user()
    # Only the class of error: the statement's parameters may hold personal data.
    log.warning("database unavailable: %s", type(getattr(err, "orig", err)).__name__)
    title = _("The service is busy right now. Try again in a moment; nothing was lost.")
    try:
        body = render_template("error.html", code=503, title=title)
    except SQLAlchemyError:
        body = f"<!doctype html><title>503</title><h1>{escape(title)}</h1>"
    return body, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def _dbapi_error(err):
    """Treat a dropped connection as unavailable; anything else stays a real error."""
    if getattr(err, "connection_invalidated", False):
        return database_unavailable(err)
    _discard_session()
    raise err
