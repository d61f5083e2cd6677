"""Queueing notifications: one outbox row per message, unique by its key.

Message texts never carry personal details about the other person; they say
that something is waiting and link into the service, where the reader logs in.
"""
from flask import current_app
from sqlalchemy.exc import IntegrityError

from models import Notification, User


def absolute_link(path: str) -> str:
    """Turn a path into a link that works from an e-mail."""
    return current_app.config["BASE_URL"].rstrip("/") + path


def enqueue(session, *, user: User, kind: str, key: str, subject: str, body: str,
            link: str | None = None) -> bool:
    """Add a message for ``user`` on each channel they chose; False if already queued."""
    channels = [c for c, on in (("email", user.notify_email), ("sms", user.notify_sms)) if on]
    added = False
    for channel in channels or ["email"]:
        dedupe = f"{key}:{channel}"
        exists = session.query(Notification.id).filter_by(dedupe_key=dedupe).first()
        if exists:
            continue
        try:
            with session.begin_nested():  # a racing sweep may insert the same key first
                session.add(Notification(
                    municipality_id=user.municipality_id, user_id=user.id, channel=channel,
                    kind=kind, dedupe_key=dedupe, subject=subject, body=body,
                    link=absolute_link(link) if link and link.startswith("/") else link,
                ))
            added = True
        except IntegrityError:
            continue
    return added
