"""The young person's voice after the choice: check-ins, asking to talk, a new role model.

- A **check-in** (*Hvordan går det?*) is the young person's own one-tap answer — good, so-so or
  not good — at fixed occasions of a live pair: two, six and twelve weeks after the start, then
  every two calendar months (four, six, eight... months). It belongs to the young person: the
  role model never sees it, and the coordinator only ever reads counts for the whole
  municipality (``answer_counts``; the pages hide groups under five as the reports do), except
  the one check-in a young person attached to a request to talk (``ContactRequest.check_in_id``).
- A **contact request** is the young person asking a coordinator to call (``talk``), or, after
  they finished, asking for a role model again (``again``). It carries a promised answer time
  (``answer_by``: the end of the second working day) and is marked handled by the coordinator.
- A pair **agrees** how it keeps in touch (``RHYTHMS``: the days between contacts, never more
  than the method's 14) and may agree a planned end date; the reminders follow the rhythm.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Field, Session, func, select

from .base import TenantScoped, ts_field
from .cadence import PROMISE_DAYS
from .recognition import add_months

ANSWERS = ("good", "so_so", "not_good")
# The check-in occasions: weeks after the start, then every two months from the fourth.
WEEKS = (2, 6, 12)
FIRST_MONTH, EVERY_MONTHS = 4, 2
ASK_DAYS = 30  # a prompt is sent for an occasion reached at most this many days ago
CPH = ZoneInfo("Europe/Copenhagen")

# How a pair keeps in touch -> the most days between two contacts (never looser than 14).
RHYTHMS = {"several_weekly": 3, "weekly": 7, "weekly_call": 7, "biweekly": PROMISE_DAYS}
CONTACT_KINDS = ("talk", "again")
ANSWER_WORKING_DAYS = 2  # a coordinator answers a request by the end of the second working day


class CheckIn(TenantScoped, table=True):
    """One young person's answer to one occasion's *Hvordan går det?* (theirs alone)."""

    __tablename__ = "check_in"
    __table_args__ = (sa.UniqueConstraint("match_id", "occasion"),)

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="match.id", index=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    occasion: str = Field(max_length=10)
    answer: str = Field(max_length=10)
    answered_at: datetime = ts_field(default_now=True)


class ContactRequest(TenantScoped, table=True):
    """A young person asking a coordinator to get in touch (or for a role model again)."""

    __tablename__ = "contact_request"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    kind: str = Field(default="talk", max_length=10)
    # The one check-in the young person chose to share with the coordinator, if any.
    check_in_id: int | None = Field(default=None, foreign_key="check_in.id")
    created_at: datetime = ts_field(default_now=True)
    answer_by: datetime = ts_field(nullable=False)
    handled_at: datetime | None = ts_field(index=True)
    handled_by_id: int | None = Field(default=None, foreign_key="user.id")


@dataclass(frozen=True)
class Occasion:
    """One check-in occasion of a pair: its key (``w2``, ``m4``...) and its day."""

    key: str
    on: date


def occasions(started_on: date, until: date) -> list[Occasion]:
    """The check-in occasions of a pair that started on ``started_on``, up to ``until``."""
    found = [Occasion(f"w{w}", started_on + timedelta(weeks=w)) for w in WEEKS]
    months = FIRST_MONTH
    while True:
        day = add_months(started_on, months)
        if day > until:
            break
        found.append(Occasion(f"m{months}", day))
        months += EVERY_MONTHS
    return [o for o in found if o.on <= until]


def current_occasion(started_on: date, on: date) -> Occasion | None:
    """The latest occasion a pair has reached on ``on`` (None before two weeks)."""
    reached = occasions(started_on, on)
    return reached[-1] if reached else None


def answered(session: Session, match_id: int, occasion: str) -> CheckIn | None:
    """The young person's answer to one occasion, if given."""
    return session.exec(select(CheckIn).where(CheckIn.match_id == match_id,
                                              CheckIn.occasion == occasion)).first()


def answer_counts(session: Session, since: date | None = None) -> dict[str, int]:
    """Count the session's check-in answers of each kind (one grouped query): the only view
    of the check-ins a coordinator gets, besides one shared with a request."""
    query = select(CheckIn.answer, func.count()).group_by(CheckIn.answer)
    if since is not None:
        query = query.where(CheckIn.answered_at >= datetime.combine(since, time(), CPH))
    counts = dict.fromkeys(ANSWERS, 0)
    counts.update(session.exec(query).all())
    return counts


def answer_by(now: datetime, working_days: int = ANSWER_WORKING_DAYS) -> datetime:
    """The promised answer time for a request made at ``now``: 16:00 Copenhagen time on the
    ``working_days``-th working day (Monday to Friday) after today."""
    day = now.astimezone(CPH).date()
    left = working_days
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return datetime.combine(day, time(16), CPH)


def rhythm_days(rhythm: str | None) -> int:
    """The most days between a pair's contacts (the method's 14 when nothing is agreed)."""
    return min(RHYTHMS.get(rhythm or "", PROMISE_DAYS), PROMISE_DAYS)


def prompt_days(rhythm: str | None, first: int, second: int) -> tuple[int, int]:
    """The days without a logged meeting after which a pair is reminded, first and second:
    the municipality's days (set for 14) moved to the pair's own rhythm, never later."""
    days = rhythm_days(rhythm)
    one = max(1, days + first - PROMISE_DAYS)
    return min(one, first), min(max(one + 1, days + second - PROMISE_DAYS), second)


def open_requests(session: Session) -> int:
    """How many contact requests wait for a coordinator (one query)."""
    return session.exec(select(func.count()).select_from(ContactRequest)
                        .where(ContactRequest.handled_at.is_(None))).one()
