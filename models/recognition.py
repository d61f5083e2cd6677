"""Recognising the volunteers: a pair's milestones, and a role model's own story in numbers.

A milestone belongs to a pair, seen from its role model: the pair's first logged meeting,
and three months, six months and a year since the pair started (calendar months; a start on
the 31st reaches its month on the month's last day). A pair reaches a milestone while it is
live (active or paused) and its role model has not stopped. A role model with two young
people celebrates each pair. The story counts the role model's own record: months since
their first pair started, meetings logged and learning meetings attended.
"""
import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session, func, select

from .activity import Event, EventInvite, EventKind
from .cadence import const
from .core import Municipality
from .matching import Match, MatchStatus, Meeting
from .people import Citizen, Stage, Volunteer

MONTHS = {"three_months": 3, "six_months": 6, "one_year": 12}
MILESTONES = ("first_meeting", *MONTHS)
PER_KIND_SHOWN = 10  # names per milestone on the coordinator's home


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier when negative), or that month's last day."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def starts_reaching(months: int, first: date, last: date) -> tuple[date, date] | None:
    """The first and last start day of a pair reaching ``months`` from ``first`` to ``last``
    (the inverse of ``add_months``, which only ever rises, so the days are one stretch)."""
    # add_months moves a day by whole months; clipping to a short month shifts it at most
    # three days, so four days either side of the plain inverse hold every start that fits.
    low = add_months(first, -months) - timedelta(days=4)
    high = add_months(last, -months) + timedelta(days=4)
    days = [low + timedelta(days=n) for n in range((high - low).days + 1)]
    hits = [d for d in days if first <= add_months(d, months) <= last]
    return (hits[0], hits[-1]) if hits else None


def month_of(day: date) -> tuple[date, date]:
    """The first and last day of ``day``'s month."""
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Reached:
    """A milestone a pair reaches: which, on what day, and whose."""

    kind: str
    on: date
    match_id: int
    volunteer_id: int
    volunteer_name: str
    user_id: int | None
    total: int = 0  # how many pairs reach this kind in the same period
    young_first_name: str = ""  # for the coordinator, who knows the pair; never in a message


FIRST_MEETINGS = (select(Meeting.match_id, func.min(Meeting.held_on).label("first_on"))
                  .group_by(Meeting.match_id).subquery("first_meetings"))
_LIVE_PAIR = (Match.status.in_([const(s) for s in MatchStatus.LIVE])
              & (Volunteer.status != const(Stage.STOPPED)))


def _part(kind: str, first: date, last: date, limit: int | None):
    """One milestone's pairs from ``first`` to ``last``: (kind, day column, match, volunteer)."""
    base = select().select_from(Match)
    if kind == "first_meeting":
        day, where = FIRST_MEETINGS.c.first_on, FIRST_MEETINGS.c.first_on.between(first, last)
        base = base.join(FIRST_MEETINGS, FIRST_MEETINGS.c.match_id == Match.id)
    else:
        span = starts_reaching(MONTHS[kind], first, last)
        if span is None:
            return None
        day, where = Match.started_on, Match.started_on.between(*span)
    query = (base.add_columns(const(kind).label("kind"), day.label("day"),
                              Match.id.label("match_id"), Volunteer.id.label("volunteer_id"),
                              Volunteer.name, Volunteer.user_id,
                              func.count().over().label("total"),
                              Citizen.name.label("citizen_name"))
             .join(Volunteer, Volunteer.id == Match.volunteer_id)
             .join(Citizen, Citizen.id == Match.citizen_id)
             .where(_LIVE_PAIR, where).order_by(day, Match.id))
    return query.limit(limit) if limit else query


def reached(session: Session, first: date, last: date, limit: int | None = None) -> list[Reached]:
    """Every milestone live pairs reach from ``first`` to ``last``, by kind and day (one query;
    with ``limit``, at most that many of each kind, each carrying the kind's total)."""
    parts = [p for kind in MILESTONES if (p := _part(kind, first, last, limit)) is not None]
    every = sa.union_all(*(sa.select(p.subquery()) for p in parts)).subquery("reached")
    rows = session.exec(sa.select(every)).all()
    found = []
    for row in rows:
        on = row.day if row.kind == "first_meeting" else add_months(row.day, MONTHS[row.kind])
        found.append(Reached(row.kind, on, row.match_id, row.volunteer_id, row.name,
                             row.user_id, row.total, (row.citizen_name or "").split(" ")[0]))
    order = {k: i for i, k in enumerate(MILESTONES)}
    return sorted(found, key=lambda r: (order[r.kind], r.on, r.match_id))


def this_month(session: Session, on: date) -> dict[str, list[Reached]]:
    """The pairs reaching each milestone in ``on``'s month, ``PER_KIND_SHOWN`` of each."""
    found = {kind: [] for kind in MILESTONES}
    for r in reached(session, *month_of(on), limit=PER_KIND_SHOWN):
        found[r.kind].append(r)
    return found


@dataclass(frozen=True)
class Story:
    """A role model's own record."""

    first_start: date | None
    pairs: int
    meetings: int
    learning_meetings: int

    def months(self, on: date) -> int:
        """Whole months since the first pair started (0 before that)."""
        if self.first_start is None or self.first_start > on:
            return 0
        months = (on.year - self.first_start.year) * 12 + on.month - self.first_start.month
        return months - (add_months(self.first_start, months) > on)


def _count(*where):
    """A scalar subquery counting the rows of ``where``'s table for the story's volunteer."""
    return select(func.count()).where(*where).correlate(Volunteer).scalar_subquery()


STORY = select(
    Volunteer.id, Volunteer.confidentiality_version, Volunteer.confidentiality_signed_at,
    select(func.min(Match.started_on)).where(Match.volunteer_id == Volunteer.id)
    .correlate(Volunteer).scalar_subquery().label("first_start"),
    _count(Match.volunteer_id == Volunteer.id).label("pairs"),
    _count(Meeting.volunteer_id == Volunteer.id).label("meetings"),
    select(func.count()).select_from(EventInvite).join(Event, Event.id == EventInvite.event_id)
    .where(EventInvite.volunteer_id == Volunteer.id, EventInvite.attended.is_(True),
           Event.kind == const(EventKind.LEARNING))
    .correlate(Volunteer).scalar_subquery().label("learning"),
    Municipality.first_meeting_offer, Municipality.first_meeting_code,
).join(Municipality, Municipality.id == Volunteer.municipality_id).where(
    Volunteer.user_id == sa.bindparam("user_id"))


def story(session: Session, user_id: int):
    """The logged-in role model's story, signature and municipality's first-meeting offer
    (one query), or None without a profile: (row, Story)."""
    row = session.exec(STORY, params={"user_id": user_id}).first()
    if row is None:
        return None
    return row, Story(row.first_start, row.pairs, row.meetings, row.learning)
