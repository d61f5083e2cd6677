"""A prompt due across a summer-time change goes out once, on the right Copenhagen day."""
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from models import Event, EventInvite, EventKind, Notification, Role

from .conftest import CPH, sweep

# The last Sundays of March and October 2026: clocks go forward, and back.
CHANGE_DAYS = [date(2026, 3, 29), date(2026, 10, 25)]


def hourly(day: date):
    """Every UTC hour from two days before ``day`` until two days after."""
    t = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(days=2)
    while t < datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=2):
        yield t
        t += timedelta(hours=1)


@pytest.mark.parametrize("change_day", CHANGE_DAYS, ids=["march", "october"])
def test_prompt_due_on_the_change_day_goes_once_that_morning(db, world, change_day):
    world.pair(change_day - timedelta(days=12))
    first_seen = None
    for now in hourly(change_day):
        sweep(db, now)
        if first_seen is None and db.exec(select(Notification)).first():
            first_seen = now
    notes = db.exec(select(Notification)).all()
    assert [n.kind for n in notes] == ["prompt1"]
    local = first_seen.astimezone(CPH)
    assert (local.date(), local.hour) == (change_day, 9)


@pytest.mark.parametrize("change_day", CHANGE_DAYS, ids=["march", "october"])
def test_event_reminder_across_the_change_goes_once_on_the_right_day(db, world, change_day):
    user = world.make.user(world.town, Role.VOLUNTEER)
    volunteer = world.make.volunteer(world.town, user=user)
    starts = datetime.combine(change_day + timedelta(days=7), datetime.min.time(), CPH)
    starts = starts.replace(hour=17)
    event = Event(municipality_id=world.town.id, kind=EventKind.LEARNING, title="Læringsmøde",
                  starts_at=starts, created_at=starts - timedelta(days=60))
    db.add(event)
    db.flush()
    db.add(EventInvite(municipality_id=world.town.id, event_id=event.id,
                       volunteer_id=volunteer.id))
    db.commit()
    sweep(db, starts - timedelta(days=30))
    seen = {}
    for now in hourly(change_day):
        sweep(db, now)
        for n in db.exec(select(Notification).where(Notification.kind == "remind7")):
            seen.setdefault(n.id, now)
    assert len(seen) == 1
    local = next(iter(seen.values())).astimezone(CPH)
    assert (local.date(), local.hour) == (change_day, 9)
