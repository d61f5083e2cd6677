"""Who can be suggested: a volunteer's load, free places and what blocks matching."""
from sqlmodel import Session, and_, func, select

from .base import utcnow
from .confidentiality import has_signed, signed_clause
from .matching import Match, MatchStatus, Proposal, ProposalOption, ProposalStatus
from .people import Stage, Volunteer

# Codes for what stands between a volunteer and being suggested (labels live in web).
MISSING = ("not_active", "child_cert", "criminal_cert", "training", "confidentiality",
           "no_capacity")


def loads(session: Session, volunteer_ids=None) -> dict[int, int]:
    """Count each volunteer's live matches plus places held by open proposals (two queries)."""
    live = select(Match.volunteer_id, func.count()).where(Match.status.in_(MatchStatus.LIVE))
    held = (
        select(ProposalOption.volunteer_id, func.count())
        .join(Proposal, Proposal.id == ProposalOption.proposal_id)
        .where(Proposal.status == ProposalStatus.OPEN, Proposal.expires_at > utcnow())
    )
    if volunteer_ids is not None:
        live = live.where(Match.volunteer_id.in_(volunteer_ids))
        held = held.where(ProposalOption.volunteer_id.in_(volunteer_ids))
    result: dict[int, int] = {}
    for query, column in ((live, Match.volunteer_id), (held, ProposalOption.volunteer_id)):
        for vid, count in session.exec(query.group_by(column)):
            result[vid] = result.get(vid, 0) + count
    return result


def ready_clause():
    """SQL condition: active, both certificates checked OK, both training days done and the
    current duty of confidentiality signed."""
    return and_(
        Volunteer.status == Stage.ACTIVE,
        Volunteer.child_cert_ok.is_(True),
        Volunteer.criminal_cert_ok.is_(True),
        Volunteer.training_day1_on.is_not(None),
        Volunteer.training_day2_on.is_not(None),
        signed_clause(),
    )


def missing_requirements(volunteer: Volunteer, load: int) -> list[str]:
    """List what keeps this volunteer from being suggested (empty when matchable)."""
    missing = []
    if volunteer.status != Stage.ACTIVE:
        missing.append("not_active")
    if not volunteer.child_cert_ok:
        missing.append("child_cert")
    if not volunteer.criminal_cert_ok:
        missing.append("criminal_cert")
    if not (volunteer.training_day1_on and volunteer.training_day2_on):
        missing.append("training")
    if not has_signed(volunteer):
        missing.append("confidentiality")
    if load >= volunteer.capacity:
        missing.append("no_capacity")
    return missing


def matchable_volunteers(session: Session) -> list[tuple[Volunteer, int]]:
    """Return every volunteer who can be suggested now, with their current load."""
    ready = session.exec(select(Volunteer).where(ready_clause())).all()
    load = loads(session)
    return [(v, load.get(v.id, 0)) for v in ready if load.get(v.id, 0) < v.capacity]
