"""Starting a logged-in session, and counting failed logins."""
import secrets
from datetime import timedelta

from flask import current_app, session
from flask_login import login_user
from sqlmodel import func, select

from models import LoginAttempt, User, utcnow


def start_session(user: User) -> None:
    """Log ``user`` in with a fresh session."""
    lang = session.get("lang")
    session.clear()  # a new session at login: nothing from before survives
    if lang in current_app.config["LANGUAGES"]:
        # A language picked on this device just before logging in wins over the saved one.
        session["lang"] = lang
        user.language = lang
    session.permanent = True
    session["login_at"] = utcnow().timestamp()
    session["sid"] = secrets.token_urlsafe(16)
    login_user(user)
    user.last_login_at = utcnow()


def too_many_failures(db, email: str) -> bool:
    """Tell whether this e-mail has failed to log in too often lately."""
    window = utcnow() - timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    count = db.exec(
        select(func.count()).where(LoginAttempt.email == email, LoginAttempt.at > window)
    ).one()
    return count >= current_app.config["LOGIN_FAILURES_ALLOWED"]
