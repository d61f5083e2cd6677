"""Sweeps for the young person's voice and a pair's agreed ending.

- *Hvordan går det?*: each active pair's young person (with a login) is asked once per
  check-in occasion (``models.voice.occasions``), under the key ``checkin:<occasion>:m<match>``;
  an occasion they already answered on their page, or one reached more than
  ``models.voice.ASK_DAYS`` ago (the scheduler was down), is not asked. The prompt says only
  that a question waits: the answer is given on the page, where only the young person sees it.
- A pair's planned end date: both are told once, 14 days before, to plan a last meeting
  (``closing_soon:m<match>:<date>``; a new date asks anew).

The outbox's unique key keeps a repeated, racing or restarted sweep from sending twice.
"""
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import select

from models import Citizen, Match, MatchStatus, User, Volunteer
from models.voice import ASK_DAYS, WEEKS, CheckIn, current_occasion

from .due import USER_COLUMNS, Due, local_day, recipient

KINDS = ("checkin", "closing_soon")
MEMORY_DAYS = 120
CLOSING_NOTICE_DAYS = 14


def due_checkins(session, now: datetime) -> list[Due]:
    """The check-in prompts due at ``now`` (two queries)."""
    day = local_day(now)
    rows = session.execute(
        select(Match.id, Match.started_on, *USER_COLUMNS)
        .join(Citizen, Citizen.id == Match.citizen_id)
        .join(User, sa.and_(User.id == Citizen.user_id, User.is_active.is_(True)))
        .where(Match.status == MatchStatus.ACTIVE,
               Match.started_on <= day - timedelta(weeks=WEEKS[0]))).all()
    wanted = {}
    for row in rows:
        occasion = current_occasion(row[1], day)
        if occasion is not None and (day - occasion.on).days <= ASK_DAYS:
            wanted[row[0]] = (occasion, recipient(row))
    if not wanted:
        return []
    done = set(session.execute(select(CheckIn.match_id, CheckIn.occasion)
                               .where(CheckIn.match_id.in_(list(wanted)))).all())
    return [Due(to, "checkin", f"checkin:{occasion.key}:m{match_id}", "/check-in")
            for match_id, (occasion, to) in wanted.items()
            if (match_id, occasion.key) not in done]


def due_closing(session, now: datetime) -> list[Due]:
    """Both sides of each active pair whose planned end is at most 14 days away (two queries)."""
    day = local_day(now)
    window = sa.and_(Match.status == MatchStatus.ACTIVE, Match.planned_end_on.is_not(None),
                     Match.planned_end_on >= day,
                     Match.planned_end_on <= day + timedelta(days=CLOSING_NOTICE_DAYS))
    due = []
    for profile in (Volunteer, Citizen):
        side = Match.volunteer_id if profile is Volunteer else Match.citizen_id
        for row in session.execute(
                select(Match.id, Match.planned_end_on, *USER_COLUMNS)
                .join(profile, profile.id == side)
                .join(User, sa.and_(User.id == profile.user_id, User.is_active.is_(True)))
                .where(window)).all():
            link = "/volunteer" if profile is Volunteer else "/citizen"
            due.append(Due(recipient(row), "closing_soon",
                           f"closing_soon:m{row[0]}:{row[1].isoformat()}", link))
    return due


def due(session, now: datetime) -> list[Due]:
    """Everything about the young person's voice and the pairs' endings due at ``now``."""
    return due_checkins(session, now) + due_closing(session, now)
