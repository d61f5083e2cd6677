"""Where a young person stands: one definition of each state, as SQL on ``Citizen``."""
from sqlmodel import Session, select

from .cadence import const
from .matching import Match, MatchStatus, Proposal, ProposalStatus
from .people import Citizen


def _one_of(column, values):
    """SQL: ``column`` has one of ``values``, written into the statement (see ``const``)."""
    return column.in_([const(v) for v in values])


def waiting_clause():
    """SQL condition on Citizen: waiting for a proposal (no live match, no draft or open one)."""
    holding = select(Proposal.id).where(Proposal.citizen_id == Citizen.id,
                                        _one_of(Proposal.status, ProposalStatus.HOLDING))
    matched = select(Match.id).where(Match.citizen_id == Citizen.id,
                                     _one_of(Match.status, MatchStatus.LIVE))
    return ~holding.exists() & ~matched.exists()


def waiting_citizens(session: Session) -> list[Citizen]:
    """Return the citizens waiting for a proposal, longest-waiting first."""
    return session.exec(select(Citizen).where(waiting_clause())
                        .order_by(Citizen.created_at, Citizen.id)).all()
