"""How often a pair meets, from meeting dates only — never from what was said."""
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlmodel import Session, func, select

from .base import today
from .core import Municipality
from .matching import Match, MatchStatus, Meeting

PROMISE_DAYS = 14  # the method's promise: meet at least every 14 days
WINDOW_WEEKS = 8


@dataclass(frozen=True)
class Cadence:
    """A pair's rhythm: last meeting, recent count, days since, and a status code."""

    last_meeting: date | None
    meetings_recent: int
    days_since: int
    status: str  # on_track, late, at_risk or paused


def classify(days_since: int, paused: bool, risk_days: int) -> str:
    """Name the status for a number of days without a logged meeting."""
    if paused:
        return "paused"
    if days_since >= risk_days:
        return "at_risk"
    if days_since > PROMISE_DAYS:
        return "late"
    return "on_track"


def cadence_of(status: str, started_on: date, last_meeting: date | None, recent: int,
               risk_days: int, on: date) -> Cadence:
    """Make a live match's cadence from its columns and ``cadence_columns``' values."""
    days = (on - (last_meeting or started_on)).days
    return Cadence(last_meeting=last_meeting, meetings_recent=recent, days_since=days,
                   status=classify(days, status == MatchStatus.PAUSED, risk_days))


def window_start(on: date) -> date:
    """The day before the window of recent meetings that ``Cadence.meetings_recent`` counts."""
    return on - timedelta(weeks=WINDOW_WEEKS)


# The days the SQL below is computed for: today unless a statement is run with other values
# (``cadence_params``). Statements are built once with these and filled in when they run.
ON = sa.bindparam("on", type_=sa.Date, callable_=today)
SINCE = sa.bindparam("since", type_=sa.Date, callable_=lambda: window_start(today()))


def cadence_params(on: date) -> dict:
    """The bound parameters that compute cadence statements for the day ``on``."""
    return {"on": on, "since": window_start(on)}


def cadence_columns(match_id=Match.id, municipality_id=Match.municipality_id) -> list:
    """Three columns for ``cadence_of``, worked out for each row of a query that has the match's
    id and municipality columns: its last meeting day, its meetings in the window (since
    ``SINCE``) and its municipality's alert days."""
    return [
        select(func.max(Meeting.held_on)).where(Meeting.match_id == match_id)
        .scalar_subquery().label("last_meeting"),
        select(func.count()).where(Meeting.match_id == match_id,
                                   Meeting.held_on > SINCE)
        .scalar_subquery().label("recent"),
        select(Municipality.risk_alert_days).where(Municipality.id == municipality_id)
        .scalar_subquery().label("risk_days"),
    ]


_CADENCES = select(Match.id, *cadence_columns()).where(
    Match.id.in_(sa.bindparam("ids", expanding=True)))


def cadences(session: Session, matches: list[Match], on: date | None = None) -> dict[int, Cadence]:
    """Compute the cadence of many matches with one query."""
    on = on or today()
    if not matches:
        return {}
    found = {mid: rest for mid, *rest in session.exec(
        _CADENCES, params={"ids": [m.id for m in matches], **cadence_params(on)})}
    return {m.id: cadence_of(m.status, m.started_on, *found[m.id], on) for m in matches
            if m.id in found}


def const(value: str | int):
    """A constant written into the SQL text instead of sent as a parameter: statements stay
    short enough for the database driver to cache its parsing of them (and their plans)."""
    if isinstance(value, int):
        return sa.literal_column(str(int(value)), sa.Integer)
    return sa.literal_column("'" + value.replace("'", "''") + "'", sa.String)


# Cadence in SQL, for lists that filter, count or sort whole networks by status without
# loading every match into Python. The rules are the same as ``classify``'s.
STATUSES = ("on_track", "late", "at_risk", "paused", "ended")


class days_before(sa.sql.functions.FunctionElement):  # noqa: N801 (used like a SQL function)
    """SQL: the date ``days`` (an integer expression) days before ``day`` (a date)."""

    type = sa.Date()
    name = "days_before"
    inherit_cache = True


@compiles(days_before)
def _days_before(element, compiler, **kw):
    """PostgreSQL subtracts an integer from a date and gets a date."""
    day, days = element.clauses
    return f"({compiler.process(day, **kw)} - {compiler.process(days, **kw)})"


@compiles(days_before, "sqlite")
def _days_before_sqlite(element, compiler, **kw):
    """SQLite keeps dates as 'YYYY-MM-DD' text, which its date() function shifts."""
    day, days = element.clauses
    return f"date({compiler.process(day, **kw)}, '-' || {compiler.process(days, **kw)} || ' days')"


def _match_cadence():
    """The statement behind ``match_cadence``."""
    meetings = (select(Meeting.match_id.label("match_id"),
                       func.max(Meeting.held_on).label("last_meeting"),
                       func.count().filter(Meeting.held_on > SINCE).label("recent"))
                .group_by(Meeting.match_id).subquery("meetings"))
    anchor = func.coalesce(meetings.c.last_meeting, Match.started_on)
    status = sa.case(
        (Match.status == const(MatchStatus.PAUSED), const("paused")),
        (Match.status == const(MatchStatus.ENDED), const("ended")),
        (anchor <= days_before(ON, Municipality.risk_alert_days), const("at_risk")),
        (anchor < days_before(ON, const(PROMISE_DAYS)), const("late")),
        else_=const("on_track"),
    )
    return (select(Match.id.label("match_id"), Match.volunteer_id, Match.citizen_id,
                   meetings.c.last_meeting, func.coalesce(meetings.c.recent, const(0)).label("recent"),
                   Municipality.risk_alert_days.label("risk_days"), anchor.label("anchor"),
                   status.label("status"))
            .select_from(Match)
            .join(Municipality, Municipality.id == Match.municipality_id)
            .outerjoin(meetings, meetings.c.match_id == Match.id))


MATCH_CADENCE_SELECT = _match_cadence()  # as a statement, for a CTE that is read twice
MATCH_CADENCE = MATCH_CADENCE_SELECT.subquery("cadence")


def match_cadence():
    """Subquery of every match's cadence today from one grouped scan of the meetings: columns
    match_id, volunteer_id, citizen_id, last_meeting, recent (meetings in the window),
    risk_days (the municipality's alert days), anchor (the day the clock runs from) and status. Statements using it compute another day's
    cadence when run with ``params=cadence_params(day)``.

    It is built once (``MATCH_CADENCE``): building SQL costs a busy page more than running it.
    """
    return MATCH_CADENCE


_STATUS_COUNTS = (select(MATCH_CADENCE.c.status, func.count())
                  .group_by(MATCH_CADENCE.c.status))


def status_counts(session: Session, on: date | None = None) -> dict[str, int]:
    """Count the matches in each status of ``STATUSES`` (one grouped query)."""
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(session.exec(_STATUS_COUNTS,
                               params=cadence_params(on) if on else None).all())
    return counts
