"""Starting a logged-in session, and counting failed logins."""
import secrets
from datetime import timedelta

from flask import current_app, session
from flask_babel import gettext as _
from flask_login import login_user
from sqlmodel import delete, func, select

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


def _delay(failures: int, free: int, cap: int) -> int:
    """Seconds to wait after ``failures`` recent failures: none for the first ``free``, then
    15 seconds, doubling with each further failure, at most ``cap``."""
    if failures < free:
        return 0
    return min(15 * 2 ** min(failures - free, 20), cap)


def throttle_wait(db, email: str, address: str | None) -> int:
    """Seconds before this account may be tried again from this client address (0: now).

    Failures are counted per (account, address) and per address, never per account alone: a
    stranger guessing from elsewhere slows down only themselves, so the real user always gets
    in from their own device. The wait grows with each failure and is never longer than the
    counting window, so nobody is ever locked out for good."""
    config = current_app.config
    now, address = utcnow(), address or ""
    window_minutes = config["LOGIN_FAILURE_WINDOW_MINUTES"]
    since, cap = now - timedelta(minutes=window_minutes), window_minutes * 60
    pair = db.exec(select(func.count(), func.max(LoginAttempt.at)).where(
        LoginAttempt.email == email, LoginAttempt.address == address,
        LoginAttempt.at > since)).one()
    here = db.exec(select(func.count(), func.max(LoginAttempt.at)).where(
        LoginAttempt.address == address, LoginAttempt.at > since)).one()
    wait = 0
    for (count, last), free in ((pair, config["LOGIN_FAILURES_ALLOWED"]),
                                (here, config["LOGIN_ADDRESS_FAILURES_ALLOWED"])):
        if count and last is not None:
            last = last if last.tzinfo else last.replace(tzinfo=now.tzinfo)
            left = _delay(count, free, cap) - (now - last).total_seconds()
            wait = max(wait, int(left + 0.999))
    return max(wait, 0)


def failed(db, email: str, address: str | None) -> None:
    """Count one failed try of ``email`` from ``address`` (the caller commits)."""
    db.add(LoginAttempt(email=email, address=(address or "")[:64]))


def lift_throttles(db, user: User) -> None:
    """Forget every failure counted against this account (after a successful reset)."""
    keys = [f"totp:{user.id}"] + ([user.email] if user.email else [])
    db.execute(delete(LoginAttempt).where(LoginAttempt.email.in_(keys)))


def wait_words(seconds: int) -> str:
    """Say how long to wait, in minutes once it is more than a minute."""
    if seconds <= 60:
        return _("Too many attempts. Wait %(n)d seconds and try again.", n=max(seconds, 1))
    return _("Too many attempts. Wait %(n)d minutes and try again.", n=(seconds + 59) // 60)
