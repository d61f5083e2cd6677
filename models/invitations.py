"""Answers to invitations: the places of an event, its waiting list and who moves up.

A yes takes a place while the event has one; once it is full a yes goes on the waiting list
(``WAIT``), in the order people answered. When someone with a place says no, is removed,
or the event gets more places, the first on the waiting list moves up. The caller tells the
ones who moved up (they are returned) and commits.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, delete, func, select

from .activity import Event, EventInvite
from .system import Notification

YES, NO, WAIT = "yes", "no", "wait"
ANSWERS = (YES, NO)  # what a person can answer; WAIT is where a yes lands when it is full


def lock_event(session: Session, event: Event) -> None:
    """Keep others from answering the same event until commit (two yeses, one last place)."""
    table = Event.__table__
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(table.c.id).where(table.c.id == event.id).with_for_update())
    else:  # SQLite locks the whole file for the first write; a no-op update takes it now
        session.execute(sa.update(table).where(table.c.id == event.id)
                        .values(capacity=table.c.capacity))


def coming(session: Session, event_id: int) -> int:
    """Count the event's invitations with a place (a yes)."""
    return session.exec(select(func.count()).select_from(EventInvite).where(
        EventInvite.event_id == event_id, EventInvite.answer == YES)).one()


def answer(session: Session, invite: EventInvite, event: Event, choice: str,
           now: datetime) -> tuple[str, list[EventInvite]]:
    """Record a yes or a no; return what was recorded (a yes may become ``WAIT``) and the
    invitations that moved up from the waiting list."""
    if choice not in ANSWERS:
        raise ValueError(f"unknown answer {choice!r}")
    lock_event(session, event)
    session.refresh(invite)
    if choice == YES and invite.answer in (YES, WAIT):
        return invite.answer, []  # already counted, or already in the queue
    had_place = invite.answer == YES
    if choice == YES and event.capacity is not None and coming(session, event.id) >= event.capacity:
        choice = WAIT
    invite.answer, invite.answered_at = choice, now
    session.flush()
    return choice, move_up(session, event, now) if had_place else []


def move_up(session: Session, event: Event, now: datetime) -> list[EventInvite]:
    """Give free places to the waiting list, first come first served; return who moved up."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - coming(session, event.id)
        if free <= 0:
            return []
    queue = select(EventInvite).where(EventInvite.event_id == event.id,
                                      EventInvite.answer == WAIT) \
        .order_by(EventInvite.answered_at, EventInvite.id)
    moved = list(session.exec(queue if free is None else queue.limit(free)).all())
    for invite in moved:
        invite.answer = YES  # answered_at stays: when they said yes
    session.flush()
    return moved


def remove(session: Session, invite: EventInvite, event: Event, now: datetime) -> list:
    """Take an invitation back, with its messages not sent yet; return who moved up."""
    lock_event(session, event)
    had_place = invite.answer == YES
    session.execute(delete(Notification).where(
        Notification.sent_at.is_(None),
        sa.or_(*(Notification.dedupe_key.like(f"{kind}:i{invite.id}:%")
                 for kind in ("invite", "remind7", "remind1", "event_place")))))
    session.delete(invite)
    session.flush()
    return move_up(session, event, now) if had_place else []


def place_in_queue(session: Session, invite: EventInvite) -> int | None:
    """Return the invitation's place on its event's waiting list (1 = next), or None."""
    if invite.answer != WAIT:
        return None
    ahead = session.exec(select(func.count()).select_from(EventInvite).where(
        EventInvite.event_id == invite.event_id, EventInvite.answer == WAIT,
        sa.or_(EventInvite.answered_at < invite.answered_at,
               sa.and_(EventInvite.answered_at == invite.answered_at,
                       EventInvite.id < invite.id)))).one()
    return ahead + 1
