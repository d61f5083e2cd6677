"""The numbers behind the municipality's reports; no group of fewer than 5 is ever shown.

Every count goes through ``small()``: a count of 1-4 becomes ``None`` (shown as
"fewer than 5"); in a breakdown whose total can be known (why matches ended, where the
young people stand, why they finished) ``small_parts()`` hides a second cell where one
hidden cell could be worked out by subtraction. A share is hidden when the group it counts has 1-4 people or
the whole it is taken of has fewer than 5.

``compute()`` gathers every report in six statements: the matches are read once
(start, end, status, reason) and the month-by-month figures are worked out from
them with numpy; the recruitment funnel, the meeting rhythm, the learning
meetings, the young people's states (as ``models.lifecycle`` defines them) and why
they finished are counted in SQL. The result holds plain values only (no database rows),
so it can be kept for a while and shared between requests in any language.
"""
import functools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlmodel import func, select

from models import (
    END_REASONS, Event, EventInvite, EventKind, Match, MatchStatus, Meeting, Stage, Volunteer,
    VolunteerStep, today, utcnow,
)
from models import Citizen, lifecycle
from models.cadence import PROMISE_DAYS
from models.voice import answer_counts

MIN_GROUP = 5
# A count of 5 or more hidden so that a count under 5 beside it cannot be worked out by
# subtraction; shown as this word (in the reader's language) in tables, charts and CSV.
HIDDEN_TOO = _l("hidden")
MONTHS = 12
RHYTHM_MONTHS = 6


def small(n: int | None) -> int | None:
    """Hide a count of 1-4 people (None means "fewer than 5")."""
    return None if n is not None and 0 < n < MIN_GROUP else n


def small_parts(counts: list[int]) -> list[int | None]:
    """Hide the 1-4 counts of a breakdown whose total can be known (complementary suppression).

    One hidden cell beside shown ones could be worked out by subtracting them from the total
    (which other figures give away: the matches that ended are all matches less those still
    going). So when exactly one cell is hidden, the smallest other cell above zero is hidden
    too: two unknowns with only their sum known."""
    shown: list = [small(n) for n in counts]
    if sum(1 for n in shown if n is None) == 1:
        others = [(n, i) for i, n in enumerate(shown) if n]
        if others:
            shown[min(others)[1]] = HIDDEN_TOO
    return shown


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


def _days(dates) -> np.ndarray:
    """Day numbers (proleptic ordinals) of a sequence of dates, as int64 (40 times faster
    than numpy's own conversion of date objects)."""
    return np.fromiter(map(date.toordinal, dates), dtype=np.int64, count=len(dates))


@dataclass(frozen=True)
class Matches:
    """Every match of the municipality, read once, as arrays (one element per match)."""

    start: np.ndarray  # day numbers
    end: np.ndarray  # day numbers; meaningless where ``ended`` is False
    ended: np.ndarray  # bool: the match has an end date
    status: np.ndarray  # object (str)
    reason: np.ndarray  # object (str or None)

    def __len__(self) -> int:
        return len(self.start)

    def going(self, starts: list[date], ends: list[date], whole: bool) -> np.ndarray:
        """A (matches x months) bool matrix: going at some time in each month, or
        (``whole``) going all month long."""
        s, e, ended = self.start[:, None], self.end[:, None], self.ended[:, None]
        first, last = _days(starts)[None, :], _days(ends)[None, :]
        if whole:
            return (s <= first) & (~ended | (e > last))
        return (s <= last) & (~ended | (e >= first))


def load_matches(db) -> Matches:
    """Read every match's start, end, status and end reason (one query)."""
    rows = db.exec(select(Match.started_on, Match.ended_on, Match.status, Match.end_reason)).all()
    starts, ends, status, reason = zip(*rows) if rows else ((), (), (), ())
    return Matches(
        start=_days(starts),
        end=_days([e or date.min for e in ends]),
        ended=np.array([e is not None for e in ends], dtype=bool),
        status=np.array(status, dtype=object),
        reason=np.array(reason, dtype=object),
    )


def headline(matches: Matches) -> dict:
    """N of M matches still going."""
    live = int(np.isin(matches.status, list(MatchStatus.LIVE)).sum()) if len(matches) else 0
    return {"live": small(live), "total": small(len(matches))}


def funnel(db) -> list[tuple[str, int | None]]:
    """How many volunteers reached each pipeline step (from steps and current status),
    counted in SQL: each volunteer's furthest step, then how many got that far."""
    per_level = dict(db.exec(_funnel_statement()).all())
    out, reached = [], 0
    for i in reversed(range(len(Stage.PIPELINE))):
        reached += per_level.get(i, 0)
        out.append((Stage.PIPELINE[i], small(reached)))
    return out[::-1]


@functools.cache
def _funnel_statement():
    """How many volunteers got no further than each step (as its index in the pipeline)."""
    order = {stage: i for i, stage in enumerate(Stage.PIPELINE)}
    order[Stage.PAUSED] = order[Stage.ACTIVE]  # only active volunteers can be paused
    # Everyone on the list was at least interested; a step outside the pipeline counts for none.
    levels = sa.union_all(
        select(Volunteer.id.label("vid"),
               sa.case(order, value=Volunteer.status, else_=0).label("level")),
        select(VolunteerStep.volunteer_id.label("vid"),
               sa.case(order, value=VolunteerStep.stage, else_=-1).label("level")),
    ).subquery()
    furthest = (select(levels.c.vid, func.max(levels.c.level).label("level"))
                .group_by(levels.c.vid).subquery())
    return select(furthest.c.level, func.count()).group_by(furthest.c.level)


def active_pairs(matches: Matches, on: date | None = None) -> list[tuple[date, int | None]]:
    """How many pairs were going in each of the last months."""
    starts = month_starts(on=on)
    counts = matches.going(starts, [month_end(s) for s in starts], whole=False).sum(axis=0)
    return [(start, small(int(n))) for start, n in zip(starts, counts)]


@dataclass(frozen=True)
class Survival:
    """A Kaplan-Meier curve: days, share still going, number still followed."""

    days: list[int]
    surviving: list[float]
    at_risk: list[int]
    total: int
    median_days: int | None


def kaplan_meier(ended: np.ndarray, going: np.ndarray):
    """The Kaplan-Meier estimate for durations that ended and durations still running
    (right-censored): every day on which some ended or were last seen, the share still
    going after that day, and how many were still followed on it (the same figures as
    scipy.stats.ecdf, which takes seconds to import)."""
    everyone = np.sort(np.concatenate([ended, going]))
    times = np.unique(everyone)
    ended = np.sort(ended)
    deaths = (np.searchsorted(ended, times, side="right")
              - np.searchsorted(ended, times, side="left"))
    at_risk = len(everyone) - np.searchsorted(everyone, times, side="left")
    return times, np.cumprod(1.0 - deaths / at_risk), at_risk


def survival(matches: Matches, on: date | None = None) -> Survival | None:
    """How long matches last, as a Kaplan-Meier curve (None when fewer than 5 matches)."""
    if len(matches) < MIN_GROUP:
        return None
    on_day = (on or today()).toordinal()
    ended = np.maximum(matches.end - matches.start, 0)[matches.ended]
    going = np.maximum(on_day - matches.start, 0)[~matches.ended]
    times, surviving, at_risk = kaplan_meier(ended, going)
    total = len(ended) + len(going)
    # The tail of the curve from where fewer than 5 matches are followed is left out.
    shown = int(np.argmax(at_risk < MIN_GROUP)) if (at_risk < MIN_GROUP).any() else len(times)
    days = [0] + [int(t) for t in times[:shown]]
    share_going = [1.0] + [float(p) for p in surviving[:shown]]
    risk = [total] + [int(n) for n in at_risk[:shown]]
    below = [d for d, p in zip(days, share_going) if p <= 0.5]
    return Survival(days, share_going, risk, total, below[0] if below else None)


@functools.lru_cache(maxsize=4)
def _rhythm_statement(months: int):
    """The query behind ``rhythm``, built once: per month (``start<i>`` to ``end<i>``, last
    day of the month ``last<i>``), how many pairs going all month kept the rhythm."""
    start, end, last = ([sa.bindparam(f"{name}{i}", type_=kind) for i in range(months)]
                        for name, kind in (("start", sa.Date), ("end", sa.Date),
                                           ("last", sa.Integer)))
    going_all_month = sa.or_(*(
        sa.and_(Meeting.held_on >= start[i], Meeting.held_on <= end[i],
                Match.started_on <= start[i],
                sa.or_(Match.ended_on.is_(None), Match.ended_on > end[i]))
        for i in range(months)))
    month = sa.case(*((Meeting.held_on <= end[i], i) for i in range(months)))
    last_day = sa.case(*((Meeting.held_on <= end[i], last[i]) for i in range(months)))
    # Within a month, the days between two meetings are the difference of their days of
    # the month, which SQLite and PostgreSQL both give (no date arithmetic needed).
    day = sa.cast(sa.extract("day", Meeting.held_on), sa.Integer)
    days = (select(Meeting.match_id, month.label("month"), last_day.label("last_day"),
                   day.label("day"),
                   func.lag(day).over(partition_by=(Meeting.match_id, month),
                                      order_by=Meeting.held_on).label("previous"))
            .join(Match, Match.id == Meeting.match_id).where(going_all_month).subquery())
    longest = func.max(days.c.day - func.coalesce(days.c.previous, 1))  # from the 1st on
    kept_pairs = (select(days.c.month).group_by(days.c.match_id, days.c.month, days.c.last_day)
                  .having(longest <= PROMISE_DAYS,
                          days.c.last_day - func.max(days.c.day) <= PROMISE_DAYS)
                  .subquery())
    return select(kept_pairs.c.month, func.count()).group_by(kept_pairs.c.month)


def rhythm(db, on: date | None = None, months: int = RHYTHM_MONTHS,
           matches: Matches | None = None) -> list[tuple[date, float | None, int | None]]:
    """Share of pairs, going the whole month, that met at least every 14 days, per month.

    A pair kept the rhythm in a month when no stretch of more than 14 days without a
    meeting lies inside the month: from the 1st to the first meeting, between meetings,
    and from the last meeting to the month's last day. One grouped query counts them.
    """
    matches = load_matches(db) if matches is None else matches
    starts = month_starts(months + 1, on or today())[:-1]  # complete months only
    ends = [month_end(s) for s in starts]
    kept = kept_rhythm(db, starts)
    totals = matches.going(starts, ends, whole=True).sum(axis=0)
    return [(start, share(k, int(n)), small(int(n)))
            for start, k, n in zip(starts, kept, totals)]


def kept_rhythm(db, starts: list[date]) -> list[int]:
    """For each month beginning on one of ``starts`` (in order), how many pairs going all
    month met with no stretch of more than 14 days without a meeting (one query)."""
    params = {}
    for i, start in enumerate(starts):
        end = month_end(start)
        params.update({f"start{i}": start, f"end{i}": end, f"last{i}": end.day})
    kept = dict(db.exec(_rhythm_statement(len(starts)), params=params).all())
    return [kept.get(i, 0) for i in range(len(starts))]


@dataclass(frozen=True)
class Attendance:
    """One learning meeting: when, its title, and how many were invited, said yes and came."""

    starts_at: datetime
    title: str
    invited: int | None
    said_yes: int | None
    came: int | None


def attendance(db, last: int = 8) -> list[Attendance]:
    """Invited, said yes and came, for the latest past learning meetings (one grouped query)."""
    rows = db.exec(
        select(Event.starts_at, Event.title, func.count(EventInvite.id),
               func.sum(sa.case((EventInvite.answer == "yes", 1), else_=0)),
               func.sum(sa.case((EventInvite.attended, 1), else_=0)))
        .outerjoin(EventInvite, EventInvite.event_id == Event.id)
        .where(Event.kind == EventKind.LEARNING, Event.starts_at < utcnow())
        .group_by(Event.id, Event.starts_at, Event.title)
        .order_by(Event.starts_at.desc(), Event.id.desc()).limit(last)
    ).all()
    return [Attendance(at, title, small(n), small(int(yes or 0)), small(int(came or 0)))
            for at, title, n, yes, came in reversed(rows)]


def end_reasons(matches: Matches) -> list[tuple[str, int | None]]:
    """How many matches ended for each reason."""
    found = Counter(matches.reason[matches.status == MatchStatus.ENDED].tolist())
    other = sum(n for r, n in found.items() if r not in END_REASONS)
    rows = [(r, found.get(r, 0) + (other if r == "other" else 0)) for r in END_REASONS]
    return list(zip(END_REASONS, small_parts([n for _r, n in rows])))


def citizen_states(db) -> list[tuple[str, int | None]]:
    """How many young people are in each state."""
    counts = lifecycle.state_counts(db)
    return list(zip(counts, small_parts(list(counts.values()))))


_FINISHED = (select(Citizen.finished_reason, func.count())
             .where(lifecycle.state_clause(lifecycle.FINISHED)).group_by(Citizen.finished_reason))


def finished_reasons(db) -> list[tuple[str, int | None]]:
    """Why the young people who have finished did so (one grouped query)."""
    found = dict(db.exec(_FINISHED).all())
    other = sum(n for r, n in found.items() if r not in lifecycle.FINISHED_REASONS)
    reasons = lifecycle.FINISHED_REASONS
    return list(zip(reasons, small_parts([found.get(r, 0) + (other if r == "other" else 0)
                                          for r in reasons])))


def check_ins(db) -> list[tuple[str, int | None]]:
    """How the young people answered *Hvordan går det?*, counted for the whole municipality
    and never per person or pair (one grouped query; counts of 1-4 are hidden)."""
    return [(answer, small(n)) for answer, n in answer_counts(db).items()]


@dataclass(frozen=True)
class ReportData:
    """Every report's numbers for one municipality, and when they were worked out."""

    computed_at: datetime
    headline: dict
    funnel: list
    active: list
    survival: Survival | None
    rhythm: list
    attendance: list
    reasons: list
    citizens: list
    finished: list
    check_ins: list = field(default_factory=list)


def compute(db, on: date | None = None) -> ReportData:
    """Work out every report for the session's municipality (seven statements)."""
    on = on or today()
    matches = load_matches(db)
    return ReportData(
        computed_at=utcnow(),
        headline=headline(matches),
        funnel=funnel(db),
        active=active_pairs(matches, on),
        survival=survival(matches, on),
        rhythm=rhythm(db, on, matches=matches),
        attendance=attendance(db),
        reasons=end_reasons(matches),
        citizens=citizen_states(db),
        finished=finished_reasons(db),
        check_ins=check_ins(db),
    )
