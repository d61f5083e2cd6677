"""The numbers behind the municipality's reports; no group of fewer than 5 is ever shown.

Every count goes through ``small()``: a count of 1-4 becomes ``None`` (shown as
"fewer than 5"). A share is hidden when the group it counts has 1-4 people or
the whole it is taken of has fewer than 5.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlmodel import func, select

from models import (
    END_REASONS, Event, EventInvite, EventKind, Match, MatchStatus, Meeting, Stage, Volunteer,
    VolunteerStep, today, utcnow,
)
from models.cadence import PROMISE_DAYS

MIN_GROUP = 5
MONTHS = 12


def small(n: int | None) -> int | None:
    """Hide a count of 1-4 people (None means "fewer than 5")."""
    return None if n is not None and 0 < n < MIN_GROUP else n


def share(part: int, whole: int) -> float | None:
    """Return part/whole in percent, or None when it would show a group under 5."""
    if whole < MIN_GROUP or small(part) is None:
        return None
    return round(100 * part / whole)


def month_starts(n: int = MONTHS, on: date | None = None) -> list[date]:
    """Return the first day of the last ``n`` months, oldest first, this month last."""
    first = (on or today()).replace(day=1)
    out = []
    for _ in range(n):
        out.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return out[::-1]


def month_end(start: date) -> date:
    """Return the last day of the month that begins on ``start``."""
    return (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _match_spans(db) -> list[tuple[int, date, date | None, str | None]]:
    """Every match's id, start, end and end reason (one query)."""
    return db.exec(select(Match.id, Match.started_on, Match.ended_on, Match.end_reason)).all()


def headline(db) -> dict:
    """N of M matches still going."""
    total = db.exec(select(func.count()).select_from(Match)).one()
    live = db.exec(select(func.count()).select_from(Match)
                   .where(Match.status.in_(MatchStatus.LIVE))).one()
    return {"live": small(live), "total": small(total)}


def funnel(db) -> list[tuple[str, int | None]]:
    """How many volunteers reached each pipeline step (from steps and current status)."""
    order = {stage: i for i, stage in enumerate(Stage.PIPELINE)}
    order[Stage.PAUSED] = order[Stage.ACTIVE]  # only active volunteers can be paused
    reached: dict[int, int] = {}
    for vid, status in db.exec(select(Volunteer.id, Volunteer.status)):
        reached[vid] = order.get(status, 0)  # everyone on the list was at least interested
    for vid, stage in db.exec(select(VolunteerStep.volunteer_id, VolunteerStep.stage).distinct()):
        reached[vid] = max(reached.get(vid, -1), order.get(stage, -1))
    levels = np.array(list(reached.values()) or [-1])
    return [(stage, small(int((levels >= i).sum()))) for i, stage in enumerate(Stage.PIPELINE)]


def active_pairs(db, on: date | None = None) -> list[tuple[date, int | None]]:
    """How many pairs were going in each of the last months."""
    spans = _match_spans(db)
    out = []
    for start in month_starts(on=on):
        end = month_end(start)
        n = sum(1 for _id, s, e, _r in spans if s <= end and (e is None or e >= start))
        out.append((start, small(n)))
    return out


@dataclass
class Survival:
    """A Kaplan-Meier curve: days, share still going, number still followed."""

    days: list[int]
    surviving: list[float]
    at_risk: list[int]
    total: int
    median_days: int | None


def survival(db, on: date | None = None) -> Survival | None:
    """How long matches last, as a Kaplan-Meier curve (None when fewer than 5 matches)."""
    on = on or today()
    spans = _match_spans(db)
    if len(spans) < MIN_GROUP:
        return None
    # scipy.stats takes seconds to import; only this report needs it, so web workers boot fast.
    from scipy import stats

    ended = [max((e - s).days, 0) for _i, s, e, _r in spans if e is not None]
    going = [max((on - s).days, 0) for _i, s, e, _r in spans if e is None]
    result = stats.ecdf(stats.CensoredData(uncensored=ended, right=going))
    everyone = np.array(ended + going)
    days, surviving, at_risk = [0], [1.0], [len(everyone)]
    for t, p in zip(result.sf.quantiles, result.sf.probabilities):
        risk = int((everyone >= t).sum())
        if risk < MIN_GROUP:
            break  # the tail of the curve would describe fewer than 5 matches
        days.append(int(t))
        surviving.append(float(p))
        at_risk.append(risk)
    below = [d for d, p in zip(days, surviving) if p <= 0.5]
    return Survival(days, surviving, at_risk, len(everyone), below[0] if below else None)


def _kept_rhythm(dates: list[date], anchor: date, start: date, end: date) -> bool:
    """Tell whether no gap of more than 14 days opened between ``start`` and ``end``."""
    previous = anchor
    for d in dates:
        if start <= d <= end:
            if (d - max(previous, start)).days > PROMISE_DAYS:
                return False
            previous = d
    return (end - max(previous, start)).days <= PROMISE_DAYS


def rhythm(db, on: date | None = None, months: int = 6) -> list[tuple[date, float | None, int]]:
    """Share of pairs, going the whole month, that met at least every 14 days, per month."""
    on = on or today()
    starts = month_starts(months + 1, on)[:-1]  # complete months only
    spans = _match_spans(db)
    dates: dict[int, list[date]] = defaultdict(list)
    for mid, held in db.exec(select(Meeting.match_id, Meeting.held_on)
                             .where(Meeting.held_on >= starts[0] - timedelta(days=366))
                             .order_by(Meeting.held_on)):
        dates[mid].append(held)
    out = []
    for start in starts:
        end = month_end(start)
        going = [(mid, s) for mid, s, e, _r in spans if s <= start and (e is None or e > end)]
        kept = 0
        for mid, s in going:
            before = [d for d in dates[mid] if d < start]
            anchor = before[-1] if before else s
            kept += _kept_rhythm(dates[mid], anchor, start, end)
        out.append((start, share(kept, len(going)), small(len(going))))
    return out


def attendance(db, last: int = 8) -> list[tuple[Event, int | None, int | None, int | None]]:
    """Invited, said yes and came, for the latest past learning meetings."""
    events = db.exec(
        select(Event).where(Event.kind == EventKind.LEARNING, Event.starts_at < utcnow())
        .order_by(Event.starts_at.desc()).limit(last)
    ).all()
    counts = {e.id: [0, 0, 0] for e in events}
    if events:
        for eid, answer, attended in db.exec(
            select(EventInvite.event_id, EventInvite.answer, EventInvite.attended)
            .where(EventInvite.event_id.in_(list(counts)))
        ):
            counts[eid][0] += 1
            counts[eid][1] += answer == "yes"
            counts[eid][2] += bool(attended)
    return [(e, *(small(n) for n in counts[e.id])) for e in reversed(events)]


def end_reasons(db) -> list[tuple[str, int | None]]:
    """How many matches ended for each reason."""
    found = dict(db.exec(
        select(Match.end_reason, func.count()).where(Match.status == MatchStatus.ENDED)
        .group_by(Match.end_reason)
    ).all())
    other = sum(n for r, n in found.items() if r not in END_REASONS)
    rows = [(r, found.get(r, 0) + (other if r == "other" else 0)) for r in END_REASONS]
    return [(r, small(n)) for r, n in rows]
