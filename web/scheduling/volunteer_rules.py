"""Sweeps about the role models themselves: a pair's milestones, celebrated with a warm message,
and a duty of confidentiality (tavshedserklæring) waiting to be signed.

Each message is keyed by its occasion — the pair and the milestone, or the volunteer and the
text's version — so the outbox's unique key keeps a repeated or restarted sweep from sending
it twice. A milestone reached more than ``WINDOW_DAYS`` ago (the scheduler was down, or the
service started on an old network) is not celebrated late.
"""
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import select

from models import Stage, User, Volunteer
from models.confidentiality import current_version, signed_clause
from models.recognition import MILESTONES, reached

from .due import USER_COLUMNS, Due, local_day, recipient

MILESTONE_KINDS = tuple(f"milestone_{kind}" for kind in MILESTONES)
KINDS = MILESTONE_KINDS + ("confidentiality",)
WINDOW_DAYS = 30
MEMORY_DAYS = 400  # keys read back by the sweep (the unique index refuses older ones anyway)


def due_milestones(session, now: datetime) -> list[Due]:
    """The warm messages for the milestones live pairs reached lately (two queries)."""
    day = local_day(now)
    found = reached(session, day - timedelta(days=WINDOW_DAYS), day)
    ids = {r.user_id for r in found if r.user_id is not None}
    if not ids:
        return []
    users = {row[0]: recipient(row) for row in session.execute(
        select(*USER_COLUMNS).where(User.id.in_(ids), User.is_active.is_(True)))}
    return [Due(users[r.user_id], f"milestone_{r.kind}", f"milestone_{r.kind}:m{r.match_id}",
                "/volunteer") for r in found if r.user_id in users]


def due_confidentiality(session, now: datetime) -> list[Due]:
    """A request to sign, once per version of the text, for every active or paused role model
    with a login who has not signed the current version (one query)."""
    version = current_version()
    rows = session.execute(
        select(Volunteer.id, *USER_COLUMNS)
        .join(User, sa.and_(User.id == Volunteer.user_id, User.is_active.is_(True)))
        .where(Volunteer.status.in_((Stage.ACTIVE, Stage.PAUSED)),
               Volunteer.confidentiality_version.is_(None) | ~signed_clause())).all()
    return [Due(recipient(row), "confidentiality", f"confidentiality:{version}:v{row[0]}",
                "/confidentiality") for row in rows]


def due(session, now: datetime) -> list[Due]:
    """Everything about the role models themselves that is due at ``now``."""
    return due_milestones(session, now) + due_confidentiality(session, now)
