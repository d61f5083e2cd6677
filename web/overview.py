"""What the coordinator's home page shows: where to act, in a fixed number of queries."""
from dataclasses import dataclass, field

from sqlmodel import func, select

from models import (
    Citizen, Event, EventInvite, EventKind, HotlineRequest, Match, MatchStatus, Proposal,
    ProposalStatus, Stage, Volunteer, utcnow,
)
from models.cadence import cadences, match_cadence, status_counts

WAITING_STEPS = Stage.PIPELINE[:-1]  # every step before active is someone waiting on us
ATTENTION = ("at_risk", "late")
LONGEST_SHOWN = 10  # names of the longest-waiting citizens shown on the home page
FLAGGED_SHOWN = 20  # overdue pairs listed on the home page; "see all" opens the rest


@dataclass
class Waiting:
    """How many wait at one step, and since when the longest has waited."""

    count: int = 0
    oldest: object = None
    names: list = field(default_factory=list)


def pairs_needing_attention(db, limit: int = FLAGGED_SHOWN) -> tuple[list, dict[str, int]]:
    """Return the ``limit`` most overdue live pairs (at risk, then late; cadence only) and the
    number of pairs in each status, from grouped queries whatever the network's size."""
    cad = match_cadence(db)
    counts = status_counts(db, cadence=cad)
    rows = db.exec(
        select(Match, Volunteer.name, Citizen.name)
        .join(cad, cad.c.match_id == Match.id)
        .join(Volunteer, Volunteer.id == Match.volunteer_id)
        .join(Citizen, Citizen.id == Match.citizen_id)
        .where(cad.c.status.in_(ATTENTION))
        .order_by((cad.c.status == "at_risk").desc(), cad.c.anchor, Match.id)
        .limit(limit)
    ).all()
    cads = cadences(db, [m for m, _v, _c in rows])
    return [(m, v, c, cads[m.id]) for m, v, c in rows], counts


def pipeline_waits(db) -> dict[str, Waiting]:
    """Count volunteers at each step before active, with the oldest step date."""
    waits = {stage: Waiting() for stage in WAITING_STEPS}
    for stage, count, oldest in db.exec(
        select(Volunteer.status, func.count(), func.min(Volunteer.status_changed_at))
        .where(Volunteer.status.in_(WAITING_STEPS)).group_by(Volunteer.status)
    ):
        waits[stage] = Waiting(count, oldest)
    return waits


def waiting_clause():
    """SQL condition on Citizen: no live match and no draft or open proposal."""
    holding = select(Proposal.citizen_id).where(Proposal.status.in_(ProposalStatus.HOLDING))
    matched = select(Match.citizen_id).where(Match.status.in_(MatchStatus.LIVE))
    return Citizen.id.not_in(holding) & Citizen.id.not_in(matched)


def citizen_waits(db) -> dict[str, Waiting]:
    """Count citizens waiting for a proposal, for a drafted one to be sent, and choosing."""
    count, oldest = db.exec(
        select(func.count(), func.min(Citizen.created_at)).where(waiting_clause())
    ).one()
    waits = {"waiting": Waiting(count, oldest), "draft": Waiting(), "proposed": Waiting()}
    waits["waiting"].names = db.exec(
        select(Citizen.id, Citizen.name).where(waiting_clause())
        .order_by(Citizen.created_at).limit(LONGEST_SHOWN)
    ).all()
    for status, n, since in db.exec(
        select(Proposal.status, func.count(func.distinct(Proposal.citizen_id)),
               func.min(func.coalesce(Proposal.sent_at, Proposal.created_at)))
        .where(Proposal.status.in_(ProposalStatus.HOLDING)).group_by(Proposal.status)
    ):
        waits["proposed" if status == ProposalStatus.OPEN else "draft"] = Waiting(n, since)
    return waits


def open_hotline(db, limit: int = LONGEST_SHOWN) -> tuple[list, int]:
    """Return the first open hotline requests with the volunteer's name (urgent ones first),
    and how many are open."""
    rows = db.exec(
        select(HotlineRequest, Volunteer.name)
        .join(Volunteer, Volunteer.id == HotlineRequest.volunteer_id)
        .where(HotlineRequest.closed_at.is_(None))
        .order_by(HotlineRequest.urgent.desc(), HotlineRequest.created_at)
        .limit(limit)
    ).all()
    total = db.exec(select(func.count()).select_from(HotlineRequest)
                    .where(HotlineRequest.closed_at.is_(None))).one()
    return rows, total


def next_learning_meeting(db):
    """Return the next learning meeting and its answers counted as yes / no / not answered."""
    event = db.exec(
        select(Event).where(Event.kind == EventKind.LEARNING, Event.starts_at >= utcnow())
        .order_by(Event.starts_at).limit(1)
    ).first()
    if event is None:
        return None, {}
    answers = {"yes": 0, "no": 0, "none": 0}
    for answer, n in db.exec(
        select(EventInvite.answer, func.count()).where(EventInvite.event_id == event.id)
        .group_by(EventInvite.answer)
    ):
        answers[answer if answer in ("yes", "no") else "none"] += n
    return event, answers


def paused_volunteers(db, limit: int = LONGEST_SHOWN) -> tuple[list[Volunteer], int]:
    """Return the first volunteers on pause (earliest expected back first) and how many there are."""
    rows = db.exec(
        select(Volunteer).where(Volunteer.status == Stage.PAUSED)
        .order_by(Volunteer.pause_until.is_(None), Volunteer.pause_until, Volunteer.id)
        .limit(limit)
    ).all()
    total = db.exec(select(func.count()).select_from(Volunteer)
                    .where(Volunteer.status == Stage.PAUSED)).one()
    return rows, total
