"""Where a young person stands: one definition of each state, as SQL on ``Citizen``.

A young person is, in the order they usually go through it:

- ``waiting``: nothing is under way for them; only they get proposals (the matching round);
- ``proposed``: the coordinator has a draft proposal for them, not sent yet;
- ``choosing``: a proposal is sent and it is their turn to choose;
- ``matched``: they meet their role model (an active match);
- ``paused``: their match is on pause;
- ``finished``: they have left the network (a job, education, moved, no longer want a role
  model, or something else), with the date; a coordinator can bring them back (``reopen``).

A live match wins over everything (a pair under way is what happens, whatever else was
recorded), then finishing, then a sent proposal, then a draft. Every page, the matching
round, the commands, the reports and the exports read the states from here. The clauses are
plain SQL expressions with their constants written in (``const``), so statements built once
at import (the coordinator's home) stay fast.
"""
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlmodel import Session, func, select, update

from .cadence import const
from .matching import Match, MatchStatus, Meeting, Proposal, ProposalStatus
from .people import Citizen

WAITING, PROPOSED, CHOOSING = "waiting", "proposed", "choosing"
MATCHED, PAUSED, FINISHED = "matched", "paused", "finished"
STATES = (WAITING, PROPOSED, CHOOSING, MATCHED, PAUSED, FINISHED)
FINISHED_REASONS = ("job", "education", "moved", "no_longer_wants", "other")
# What a coordinator decides for the young person when a match ends.
AFTER_END = ("switch", "finished")
# Proposals that ended without a match: the young person waits again from their end.
_CLOSED = (ProposalStatus.DECLINED, ProposalStatus.EXPIRED, ProposalStatus.CANCELLED)


def _one_of(column, values):
    """SQL: ``column`` has one of ``values``, written into the statement (see ``const``)."""
    return column.in_([const(v) for v in values])


def _proposal(status: str, citizen_id):
    """SQL: the citizen has a proposal with ``status``."""
    return select(Proposal.id).where(Proposal.citizen_id == citizen_id,
                                     Proposal.status == const(status)).exists()


def _match(status: str, citizen_id):
    """SQL: the citizen has a match with ``status``."""
    return select(Match.id).where(Match.citizen_id == citizen_id,
                                  Match.status == const(status)).exists()


def _live(citizen_id):
    """SQL: the citizen has an active or paused match."""
    return select(Match.id).where(Match.citizen_id == citizen_id,
                                  _one_of(Match.status, MatchStatus.LIVE)).exists()


def _holding(citizen_id):
    """SQL: the citizen has a draft or an open proposal."""
    return select(Proposal.id).where(Proposal.citizen_id == citizen_id,
                                     _one_of(Proposal.status, ProposalStatus.HOLDING)).exists()


def state_clause(state: str, citizen_id=Citizen.id, finished_on=Citizen.finished_on):
    """SQL condition: the citizen (by its id and finished_on columns) is in ``state``."""
    not_live, not_finished = ~_live(citizen_id), finished_on.is_(None)
    return {
        MATCHED: _match(MatchStatus.ACTIVE, citizen_id),
        PAUSED: _match(MatchStatus.PAUSED, citizen_id) & ~_match(MatchStatus.ACTIVE, citizen_id),
        FINISHED: finished_on.is_not(None) & not_live,
        CHOOSING: not_finished & not_live & _proposal(ProposalStatus.OPEN, citizen_id),
        PROPOSED: not_finished & not_live & ~_proposal(ProposalStatus.OPEN, citizen_id)
        & _proposal(ProposalStatus.DRAFT, citizen_id),
        WAITING: not_finished & not_live & ~_holding(citizen_id),
    }[state]


def waiting_clause():
    """SQL condition on Citizen: waiting for a proposal (not finished, nothing under way)."""
    return state_clause(WAITING)


def state_column(citizen_id=Citizen.id, finished_on=Citizen.finished_on):
    """SQL: the state of the citizen with these id and finished_on columns, as a column."""
    return sa.case(
        (_match(MatchStatus.ACTIVE, citizen_id), const(MATCHED)),
        (_match(MatchStatus.PAUSED, citizen_id), const(PAUSED)),
        (finished_on.is_not(None), const(FINISHED)),
        (_proposal(ProposalStatus.OPEN, citizen_id), const(CHOOSING)),
        (_proposal(ProposalStatus.DRAFT, citizen_id), const(PROPOSED)),
        else_=const(WAITING),
    )


class day_of(sa.sql.functions.FunctionElement):  # noqa: N801 (used like a SQL function)
    """SQL: the UTC day of a stored moment."""

    type = sa.Date()
    name = "day_of"
    inherit_cache = True


@compiles(day_of)
def _day_of(element, compiler, **kw):
    """PostgreSQL: the moment's date in UTC."""
    return f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC' AS DATE)"


@compiles(day_of, "sqlite")
def _day_of_sqlite(element, compiler, **kw):
    """SQLite keeps UTC moments as text; date() takes their day."""
    return f"date({compiler.process(element.clauses, **kw)})"


class latest(sa.sql.functions.FunctionElement):  # noqa: N801 (used like a SQL function)
    """SQL: the latest of several dates, ignoring the missing ones (the first must be there)."""

    type = sa.Date()
    name = "latest"
    inherit_cache = True


@compiles(latest)
def _latest(element, compiler, **kw):
    """PostgreSQL's GREATEST leaves out NULLs."""
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(latest, "sqlite")
def _latest_sqlite(element, compiler, **kw):
    """SQLite's max() of several values is NULL when one is, so each falls back to the first."""
    first, *rest = element.clauses
    one = compiler.process(first, **kw)
    parts = [one] + [f"coalesce({compiler.process(c, **kw)}, {one})" for c in rest]
    return f"max({', '.join(parts)})"


def waiting_since(citizen_id=Citizen.id, created_at=Citizen.created_at,
                  reopened_on=Citizen.reopened_on):
    """SQL: the day the citizen began waiting: registered, their last match ended, their last
    proposal was declined, withdrawn or ran out, or a coordinator brought them back."""
    ended = (select(func.max(Match.ended_on)).where(Match.citizen_id == citizen_id)
             .scalar_subquery())
    closed = (select(func.max(day_of(func.coalesce(Proposal.decided_at, Proposal.expires_at))))
              .where(Proposal.citizen_id == citizen_id, _one_of(Proposal.status, _CLOSED))
              .scalar_subquery())
    return latest(day_of(created_at), ended, closed, reopened_on)


WAITING_ORDER = (waiting_since(), Citizen.created_at, Citizen.id)  # longest waiting first


def waiting_citizens(session: Session) -> list[Citizen]:
    """Return the citizens waiting for a proposal, longest-waiting first."""
    return session.exec(select(Citizen).where(waiting_clause()).order_by(*WAITING_ORDER)).all()


_STATE = state_column().label("state")
_COUNTS = select(_STATE, func.count()).group_by(_STATE)


def state_counts(session: Session) -> dict[str, int]:
    """Count the session's citizens in each state (one grouped query)."""
    counts = dict.fromkeys(STATES, 0)
    counts.update(session.exec(_COUNTS).all())
    return counts


def states_of(session: Session, citizen_ids) -> dict[int, str]:
    """Return the state of each of these citizens (one query per 500 of them)."""
    ids, found = list(citizen_ids), {}
    for start in range(0, len(ids), 500):
        found.update(session.exec(select(Citizen.id, _STATE)
                                  .where(Citizen.id.in_(ids[start:start + 500]))).all())
    return found


def state_of(session: Session, citizen: Citizen) -> str:
    """Return one citizen's state."""
    return states_of(session, [citizen.id])[citizen.id]


def finish(session: Session, citizen: Citizen, *, reason: str, on: date,
           by_id: int | None) -> bool:
    """Record that the young person has left the network; False (nothing changed) while they
    have a live match, which is ended first. Drafts and sent proposals are withdrawn."""
    if reason not in FINISHED_REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    if session.exec(select(Match.id).where(Match.citizen_id == citizen.id,
                                           Match.status.in_(MatchStatus.LIVE))).first():
        return False
    citizen.finished_on, citizen.finished_reason, citizen.finished_by_id = on, reason, by_id
    session.execute(
        update(Proposal).where(Proposal.citizen_id == citizen.id,
                               Proposal.status.in_(ProposalStatus.HOLDING))
        .values(status=ProposalStatus.CANCELLED).execution_options(synchronize_session="fetch"))
    return True


def reopen(session: Session, citizen: Citizen, *, on: date) -> bool:
    """Bring a finished young person back onto the waiting list; False if not finished."""
    if citizen.finished_on is None:
        return False
    citizen.finished_on = citizen.finished_reason = citizen.finished_by_id = None
    citizen.reopened_on = on
    return True


def expire_proposals(session: Session, now) -> int:
    """Mark sent proposals past their time as expired (the young person waits again, and the
    places they held are free); return how many. The scheduler's sweep and the pages call it."""
    result = session.execute(
        update(Proposal)
        .where(Proposal.status == ProposalStatus.OPEN, Proposal.expires_at <= now)
        .values(status=ProposalStatus.EXPIRED)
        .execution_options(synchronize_session="fetch"))
    return result.rowcount or 0


def end_match(session: Session, match: Match, *, reason: str, ended_by_role: str,
              by_id: int | None, on: date, then: str, finished_reason: str | None = None) -> None:
    """End a live match, delete the role model's private notes of it (the meeting dates stay),
    and either leave the young person waiting for a new role model (``then="switch"``) or
    finish them with ``finished_reason``."""
    if then not in AFTER_END:
        raise ValueError(f"unknown next step {then!r}")
    match.status, match.ended_on, match.end_reason = MatchStatus.ENDED, on, reason
    match.ended_by_role, match.ended_by_id = ended_by_role, by_id
    forget_notes(session, [match.id])
    session.flush()
    if then == "finished":
        finish(session, session.get(Citizen, match.citizen_id), reason=finished_reason,
               on=on, by_id=by_id)


def forget_notes(session: Session, match_ids) -> int:
    """Delete the private notes of these matches' meetings; return how many went."""
    result = session.execute(
        update(Meeting).where(Meeting.match_id.in_(match_ids), Meeting.private_note.is_not(None))
        .values(private_note=None).execution_options(synchronize_session=False))
    return result.rowcount or 0
