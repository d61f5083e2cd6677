"""Neutral notices between volunteers and coordinators: "log in to read", never the content.

The scheduler engineer's ``web.scheduling.messages`` functions are used when they
exist; until then the same neutral text goes through the outbox directly.
"""
import importlib

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import select

from models import Role, User

from ..core.i18n import locale_for

from .outbox import enqueue


def coordinators(session) -> list[User]:
    """Return the active coordinator accounts of the session's municipality."""
    return session.exec(
        select(User).where(User.role == Role.COORDINATOR, User.is_active.is_(True))
    ).all()


def _messages_function(name: str):
    """Return ``web.scheduling.messages.<name>`` when that module and function exist."""
    try:
        module = importlib.import_module("web.scheduling.messages")
    except ImportError:
        return None
    return getattr(module, name, None)


def notify(session, name: str, obj, users: list[User], *, kind: str, key: str,
           link: str) -> None:
    """Tell ``users`` that something waits for them, through the shared messages if present."""
    shared = _messages_function(name)
    if shared is not None:
        shared(session, obj)
        return
    for user in users:
        with force_locale(locale_for(user.language)):
            subject = _("New message in Rollemodel")
            body = _("You have a new message in Rollemodel — log in to read it.")
        enqueue(session, user=user, kind=kind, key=f"{key}:{user.id}", subject=subject,
                body=body + "\n" + link, link=link)
