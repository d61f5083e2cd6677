"""Who can be suggested: a volunteer's load, free places and what blocks matching."""
from sqlmodel import Session, and_, func, or_, select

from .base import utcnow
from .confidentiality import has_signed, signed_clause
from .matching import Match, MatchStatus, Proposal, ProposalOption, ProposalStatus
from .people import Stage, Volunteer

# Codes for what stands between a volunteer and being suggested (labels live in web).
MISSING = ("not_active", "paused", "stopped", "child_cert", "criminal_cert", "training",
           "confidentiality", "unreachable", "no_capacity")
# ... and between a volunteer and one young person in particular.
FOR_CITIZEN = ("ended_match", "declined")


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


def reachable_clause():
    """SQL condition: the young person can get in touch (an e-mail or a phone number)."""
    return or_(func.coalesce(Volunteer.email, "") != "", func.coalesce(Volunteer.phone, "") != "")


def reachable(volunteer: Volunteer) -> bool:
    """Tell whether a young person could get in touch with this volunteer."""
    return bool((volunteer.email or "").strip() or (volunteer.phone or "").strip())


def ready_clause():
    """SQL condition: active, both certificates checked OK, both training days done, the
    current duty of confidentiality signed, and reachable."""
    return and_(
        Volunteer.status == Stage.ACTIVE,
        Volunteer.child_cert_ok.is_(True),
        Volunteer.criminal_cert_ok.is_(True),
        Volunteer.training_day1_on.is_not(None),
        Volunteer.training_day2_on.is_not(None),
        signed_clause(),
        reachable_clause(),
    )


def missing_requirements(volunteer: Volunteer, load: int) -> list[str]:
    """List what keeps this volunteer from being suggested (empty when matchable)."""
    missing = []
    if volunteer.status in (Stage.PAUSED, Stage.STOPPED):
        missing.append(volunteer.status)
    elif volunteer.status != Stage.ACTIVE:
        missing.append("not_active")
    if not volunteer.child_cert_ok:
        missing.append("child_cert")
    if not volunteer.criminal_cert_ok:
        missing.append("criminal_cert")
    if not (volunteer.training_day1_on and volunteer.training_day2_on):
        missing.append("training")
    if not has_signed(volunteer):
        missing.append("confidentiality")
    if not reachable(volunteer):
        missing.append("unreachable")
    if load >= volunteer.capacity:
        missing.append("no_capacity")
    return missing


def matchable_volunteers(session: Session) -> list[tuple[Volunteer, int]]:
    """Return every volunteer who can be suggested now, with their current load."""
    ready = session.exec(select(Volunteer).where(ready_clause())).all()
    load = loads(session)
    return [(v, load.get(v.id, 0)) for v in ready if load.get(v.id, 0) < v.capacity]


def excluded_for(session: Session, citizen_ids) -> dict[int, dict[int, str]]:
    """Return, per citizen, the volunteers never to suggest to them again, each with why: the
    role model of an ended match ("ended_match"), or one shown in a proposal the young person
    declined ("declined"); a coordinator may still swap a declined one in, saying why (two
    queries)."""
    found: dict[int, dict[int, str]] = {}
    ids = list(citizen_ids)
    if not ids:
        return found
    declined = (select(Proposal.citizen_id, ProposalOption.volunteer_id)
                .join(ProposalOption, ProposalOption.proposal_id == Proposal.id)
                .where(Proposal.citizen_id.in_(ids), Proposal.status == ProposalStatus.DECLINED))
    for cid, vid in session.exec(declined):
        found.setdefault(cid, {})[vid] = "declined"
    for cid, vid in session.exec(select(Match.citizen_id, Match.volunteer_id).where(
            Match.citizen_id.in_(ids), Match.status == MatchStatus.ENDED)):
        found.setdefault(cid, {})[vid] = "ended_match"
    return found


def candidates(session: Session, citizen_id: int, skip=()) -> list[tuple[Volunteer, list[str]]]:
    """Every volunteer who has not stopped (except ``skip``), with what keeps them from being
    suggested to this young person: nothing, only "declined" (a coordinator may swap them in,
    saying why), or more. Those with least in the way come first (five queries)."""
    people = session.exec(select(Volunteer).where(Volunteer.status != Stage.STOPPED)
                          .order_by(Volunteer.name, Volunteer.id)).all()
    load = loads(session)
    never = excluded_for(session, [citizen_id]).get(citizen_id, {})
    found = [(v, missing_requirements(v, load.get(v.id, 0)) + ([never[v.id]] if v.id in never
                                                                  else []))
             for v in people if v.id not in skip]
    return sorted(found, key=lambda pair: len(pair[1]))
