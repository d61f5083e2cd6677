"""Queueing notifications: one outbox row per message and channel, unique by its key.

Message texts never carry personal details about the other person; they say
that something is waiting and link into the service, where the reader logs in.
Rows are inserted with "on conflict do nothing" on the key, so a repeated or
racing sweep can never queue a message twice.
"""
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from models import ALL_TENANTS, Notification, TenantError, User, utcnow


def absolute_link(path: str) -> str:
    """Turn a path into a link that works from an e-mail."""
    return current_app.config["BASE_URL"].rstrip("/") + path


def channels_for(*, email, phone, notify_email: bool, notify_sms: bool) -> list[str]:
    """Pick the channels a user chose and can be reached on; e-mail is the fallback."""
    chosen = [c for c, on, address in (("email", notify_email, email), ("sms", notify_sms, phone))
              if on and address]
    if not chosen and email:
        chosen = ["email"]  # a message nobody can receive is worse than an unchosen e-mail
    elif not chosen and phone:
        chosen = ["sms"]
    return chosen


def outbox_rows(*, user_id, municipality_id, channels, kind, key, subject, body, link, now=None):
    """Build the rows to insert for one message, one per channel."""
    now = now or utcnow()
    if link and link.startswith("/"):
        link = absolute_link(link)
    return [{
        "municipality_id": municipality_id, "user_id": user_id, "channel": channel,
        "kind": kind, "dedupe_key": f"{key}:{channel}", "subject": subject[:200],
        "body": body[:4000], "link": link, "created_at": now, "next_attempt_at": now,
        "attempts": 0, "last_error": None, "sent_at": None, "failed_at": None,
    } for channel in channels]


def insert_rows(session, rows: list[dict], count: bool = True) -> int:
    """Insert outbox rows in one statement, skipping keys already queued; count what was added.

    A big sweep passes ``count=False``: plain executemany is much faster than RETURNING,
    and it then gets ``len(rows)`` back (exact unless another process queued the same keys).
    """
    if not rows:
        return 0
    tenant = session.info.get("tenant")
    if tenant != ALL_TENANTS and any(r["municipality_id"] != tenant for r in rows):
        raise TenantError("notification queued outside its municipality")
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = Notification.__table__
    stmt = insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"])
    if not count:
        session.execute(stmt, rows)
        return len(rows)
    # Rows skipped as already queued return nothing, so this counts what was added.
    return len(session.execute(stmt.returning(table.c.id), rows).all())


def enqueue(session, *, user: User, kind: str, key: str, subject: str, body: str,
            link: str | None = None) -> bool:
    """Add a message for ``user`` on each channel they chose; False if already queued."""
    channels = channels_for(email=user.email, phone=user.phone,
                            notify_email=user.notify_email, notify_sms=user.notify_sms)
    rows = outbox_rows(user_id=user.id, municipality_id=user.municipality_id, channels=channels,
                       kind=kind, key=key, subject=subject, body=body, link=link)
    return insert_rows(session, rows) > 0
