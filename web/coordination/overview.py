"""What the coordinator's home page shows: where to act, in a fixed number of queries.

The statements are built once, at import, with bound parameters for the day: building SQL
costs a busy page more than running it. The page runs five: the pairs' counts with the most
overdue pairs, the waiting counts with the longest-waiting young people, the open hotline
requests, the volunteers on pause and the next learning meeting. Each list brings its numbers
along: the lists of hotline requests and volunteers on pause a window count over the rows
before the limit, the others one-row subqueries joined to the rows.
"""
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import func, select

from models import (
    Citizen, Event, EventInvite, EventKind, HotlineRequest, Proposal,
    ProposalStatus, Stage, Volunteer, today, utcnow,
)
from models.cadence import MATCH_CADENCE_SELECT, STATUSES, Cadence, cadence_params, const
from models import lifecycle
from models.voice import ContactRequest

WAITING_STEPS = Stage.PIPELINE[:-1]  # every step before active is someone waiting on us
ATTENTION = ("at_risk", "late")
CITIZEN_WAITS = (lifecycle.WAITING, lifecycle.PROPOSED, lifecycle.CHOOSING)  # the home's three
LONGEST_SHOWN = 10  # names of the longest-waiting citizens shown on the home page
FLAGGED_SHOWN = 20  # overdue pairs listed on the home page; "see all" opens the rest


@dataclass
class Waiting:
    """How many wait at one step, and since when the longest has waited."""

    count: int = 0
    oldest: object = None
    names: list = field(default_factory=list)


def _is(column, *values):
    """SQL: ``column`` has one of ``values`` (constants, written into the statement)."""
    if len(values) == 1:
        return column == const(values[0])
    return column.in_([const(v) for v in values])


def _with_rows(numbers: list, rows, *order_by):
    """One statement for one-row subqueries of ``numbers`` and a list (``rows``, a subquery):
    each row of the list carries the numbers, and with no rows there is still one row, of
    numbers only (the list's columns are None)."""
    joined = numbers[0]
    for more in numbers[1:]:
        joined = joined.join(more, sa.true())
    return (select(*numbers, rows).select_from(joined.outerjoin(rows, sa.true()))
            .order_by(*order_by))


def _pairs():
    """The pairs in each status and the ``FLAGGED_SHOWN`` most overdue live pairs (at risk,
    then late; cadence only), from one grouped scan of the meetings."""
    cad = MATCH_CADENCE_SELECT.cte("cadence")
    counts = select(*(func.count().filter(_is(cad.c.status, s)).label(s)
                      for s in STATUSES)).select_from(cad).subquery("counts")
    flagged = (
        select(cad.c.match_id.label("flagged"), Volunteer.name.label("volunteer_name"),
               Citizen.name.label("citizen_name"), cad.c.last_meeting, cad.c.recent,
               cad.c.anchor, cad.c.status)
        .select_from(cad)
        .join(Volunteer, Volunteer.id == cad.c.volunteer_id)
        .join(Citizen, Citizen.id == cad.c.citizen_id)
        .where(_is(cad.c.status, *ATTENTION))
        .order_by(_is(cad.c.status, "at_risk").desc(), cad.c.anchor, cad.c.match_id)
        .limit(const(FLAGGED_SHOWN))
        .subquery("flagged"))
    return _with_rows([counts], flagged, _is(flagged.c.status, "at_risk").desc(),
                      flagged.c.anchor, flagged.c.flagged)


def _state_wait(state: str, since):
    """How many young people are in ``state``, and the earliest of ``since`` among them."""
    return (select(func.count().label(f"{state}_n"), func.min(since).label(f"{state}_since"))
            .select_from(Citizen).where(lifecycle.state_clause(state)).subquery(state))


def _first(column, status: str):
    """SQL: the earliest ``column`` of the young person's proposals with ``status``."""
    return (select(func.min(column)).where(Proposal.citizen_id == Citizen.id,
                                           _is(Proposal.status, status)).scalar_subquery())


def _waits():
    """The volunteers waiting at each step, the young people waiting, drafted for or choosing
    (with since when, as ``models.lifecycle`` defines each state), and the ``LONGEST_SHOWN``
    young people waiting longest."""
    steps = select(*(column for s in WAITING_STEPS for column in (
        func.count().filter(_is(Volunteer.status, s)).label(f"{s}_n"),
        func.min(Volunteer.status_changed_at).filter(_is(Volunteer.status, s))
        .label(f"{s}_since"),
    ))).where(_is(Volunteer.status, *WAITING_STEPS)).subquery("steps")
    states = [
        _state_wait(lifecycle.WAITING, lifecycle.waiting_since()),
        _state_wait(lifecycle.PROPOSED, _first(Proposal.created_at, ProposalStatus.DRAFT)),
        _state_wait(lifecycle.CHOOSING, _first(Proposal.sent_at, ProposalStatus.OPEN)),
    ]
    names = (select(Citizen.id, Citizen.name, Citizen.created_at,
                    lifecycle.waiting_since().label("since"))
             .where(lifecycle.waiting_clause())
             .order_by(*lifecycle.WAITING_ORDER).limit(const(LONGEST_SHOWN))
             .subquery("names"))
    return _with_rows([steps, *states], names, names.c.since, names.c.created_at, names.c.id)


PAIRS, WAITS = _pairs(), _waits()


def pairs_needing_attention(db) -> tuple[list, dict[str, int]]:
    """Return the most overdue pairs (role model's name, young person's name, cadence) and
    the number of pairs in each status."""
    on = today()
    rows = db.exec(PAIRS, params=cadence_params(on)).all()
    flagged = [(r.volunteer_name, r.citizen_name,
                Cadence(last_meeting=r.last_meeting, meetings_recent=r.recent,
                        days_since=(on - r.anchor).days, status=r.status))
               for r in rows if r.flagged is not None]
    return flagged, {s: rows[0]._mapping[s] for s in STATUSES}


def waits(db) -> tuple[dict[str, Waiting], dict[str, Waiting]]:
    """Return the volunteers waiting at each step before active, and the young people
    waiting for a proposal (with the longest-waiting names), for a draft to be sent, and
    choosing: each a ``Waiting`` with since when the longest has waited."""
    rows = db.exec(WAITS).all()
    number = rows[0]._mapping
    steps = {s: Waiting(number[f"{s}_n"], number[f"{s}_since"]) for s in WAITING_STEPS}
    names = [(r.id, r.name) for r in rows if r.id is not None]
    citizens = {state: Waiting(number[f"{state}_n"], number[f"{state}_since"])
                for state in CITIZEN_WAITS}
    citizens[lifecycle.WAITING].names = names
    return steps, citizens


TOTAL = func.count().over().label("total")  # the rows before the limit, on every row

OPEN_HOTLINE = (
    select(HotlineRequest.id, HotlineRequest.urgent, HotlineRequest.created_at,
           (func.coalesce(HotlineRequest.answer, const("")) != const("")).label("answered"),
           Volunteer.name, TOTAL)
    .join(Volunteer, Volunteer.id == HotlineRequest.volunteer_id)
    .where(HotlineRequest.closed_at.is_(None))
    .order_by(HotlineRequest.urgent.desc(), HotlineRequest.created_at, HotlineRequest.id)
    .limit(const(LONGEST_SHOWN)))


def open_hotline(db) -> tuple[list, int]:
    """Return the first open hotline requests with the volunteer's name (urgent ones first),
    and how many are open."""
    rows = db.exec(OPEN_HOTLINE).all()
    return rows, rows[0].total if rows else 0


OPEN_CONTACT = (
    select(ContactRequest.id, ContactRequest.kind, ContactRequest.answer_by, Citizen.name, TOTAL)
    .join(Citizen, Citizen.id == ContactRequest.citizen_id)
    .where(ContactRequest.handled_at.is_(None))
    .order_by(ContactRequest.answer_by, ContactRequest.id)
    .limit(const(LONGEST_SHOWN)))


def open_contact(db) -> tuple[list, int]:
    """Return the young people's open requests for contact, soonest promise first, and how
    many are open (one query)."""
    rows = db.exec(OPEN_CONTACT).all()
    return rows, rows[0].total if rows else 0


NEXT_LEARNING = select(Event.id, Event.title, Event.starts_at, Event.place).where(
    _is(Event.kind, EventKind.LEARNING),
    Event.starts_at >= sa.bindparam("now", callable_=utcnow, type_=Event.__table__.c.starts_at.type),
).order_by(Event.starts_at, Event.id).limit(const(1)).subquery("next_event")


def _answers(*conditions):
    """The number of the next learning meeting's invitations that meet ``conditions``."""
    return select(func.count()).where(EventInvite.event_id == NEXT_LEARNING.c.id, *conditions) \
        .scalar_subquery()


NEXT_LEARNING_ANSWERS = select(
    NEXT_LEARNING, _answers(_is(EventInvite.answer, "yes")).label("yes"),
    _answers(_is(EventInvite.answer, "no")).label("no"), _answers().label("invited"))


def next_learning_meeting(db):
    """Return the next learning meeting and its answers counted as yes / no / not answered."""
    event = db.exec(NEXT_LEARNING_ANSWERS).first()
    if event is None:
        return None, {}
    return event, {"yes": event.yes, "no": event.no,
                   "none": event.invited - event.yes - event.no}


PAUSED = (select(Volunteer.id, Volunteer.name, Volunteer.pause_until, TOTAL)
          .where(_is(Volunteer.status, Stage.PAUSED))
          .order_by(Volunteer.pause_until.is_(None), Volunteer.pause_until, Volunteer.id)
          .limit(const(LONGEST_SHOWN)))


def paused_volunteers(db) -> tuple[list, int]:
    """Return the first volunteers on pause (earliest expected back first) and how many there are."""
    rows = db.exec(PAUSED).all()
    return rows, rows[0].total if rows else 0
