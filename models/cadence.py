"""How often a pair meets, from meeting dates only — never from what was said."""
from dataclasses import dataclass
from datetime import date, timedelta

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


def cadences(session: Session, matches: list[Match], on: date | None = None) -> dict[int, Cadence]:
    """Compute the cadence of many matches with two grouped queries."""
    on = on or today()
    ids = [m.id for m in matches]
    if not ids:
        return {}
    last = dict(session.exec(
        select(Meeting.match_id, func.max(Meeting.held_on))
        .where(Meeting.match_id.in_(ids)).group_by(Meeting.match_id)
    ).all())
    since = on - timedelta(weeks=WINDOW_WEEKS)
    recent = dict(session.exec(
        select(Meeting.match_id, func.count())
        .where(Meeting.match_id.in_(ids), Meeting.held_on > since).group_by(Meeting.match_id)
    ).all())
    risk = dict(session.exec(select(Municipality.id, Municipality.risk_alert_days)).all())
    result = {}
    for m in matches:
        anchor = last.get(m.id) or m.started_on
        days = (on - anchor).days
        result[m.id] = Cadence(
            last_meeting=last.get(m.id),
            meetings_recent=recent.get(m.id, 0),
            days_since=days,
            status=classify(days, m.status == MatchStatus.PAUSED, risk.get(m.municipality_id, 28)),
        )
    return result
