"""How often a pair meets, from meeting dates only — never from what was said."""
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
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


# Cadence in SQL, for lists that filter, count or sort whole networks by status without
# loading every match into Python. The rules are the same as ``classify``'s.
STATUSES = ("on_track", "late", "at_risk", "paused", "ended")


def _risk_threshold(session: Session, on: date):
    """The last anchor day that counts as at risk: a literal, or a CASE when municipalities differ."""
    by_days: dict[int, list[int]] = {}
    for mid, days in session.exec(select(Municipality.id, Municipality.risk_alert_days)).all():
        by_days.setdefault(days, []).append(mid)
    if not by_days:
        return sa.literal(on - timedelta(days=28), sa.Date)
    *others, (common, _ids) = sorted(by_days.items(), key=lambda kv: len(kv[1]))
    if not others:
        return sa.literal(on - timedelta(days=common), sa.Date)
    return sa.case(
        *((Match.municipality_id.in_(ids), sa.literal(on - timedelta(days=days), sa.Date))
          for days, ids in others),
        else_=sa.literal(on - timedelta(days=common), sa.Date),
    )


def match_cadence(session: Session, on: date | None = None):
    """Subquery of every match's last meeting day, anchor day and status (columns match_id,
    last_meeting, anchor, status), from one grouped scan of the meetings."""
    on = on or today()
    last = (select(Meeting.match_id.label("match_id"),
                   func.max(Meeting.held_on).label("last_meeting"))
            .group_by(Meeting.match_id).subquery("last_meeting"))
    anchor = func.coalesce(last.c.last_meeting, Match.started_on)
    status = sa.case(
        (Match.status == MatchStatus.PAUSED, "paused"),
        (Match.status == MatchStatus.ENDED, "ended"),
        (anchor <= _risk_threshold(session, on), "at_risk"),
        (anchor < on - timedelta(days=PROMISE_DAYS), "late"),
        else_="on_track",
    )
    return (select(Match.id.label("match_id"), last.c.last_meeting, anchor.label("anchor"),
                   status.label("status"))
            .select_from(Match).outerjoin(last, last.c.match_id == Match.id)
            .subquery("cadence"))


def status_counts(session: Session, on: date | None = None, cadence=None) -> dict[str, int]:
    """Count the matches in each status of ``STATUSES`` (one grouped query).

    ``cadence`` is a ``match_cadence`` subquery the caller already built, if any.
    """
    cad = cadence if cadence is not None else match_cadence(session, on)
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(session.exec(select(cad.c.status, func.count()).group_by(cad.c.status)).all())
    return counts
