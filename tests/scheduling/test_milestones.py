"""Milestones reach the role model as a warm message, once each: a repeated sweep, a crash
between sweep and send, or a scheduler that was down queue and send nothing twice."""
from datetime import date, timedelta
from email.header import decode_header, make_header

from sqlmodel import select

from models import MatchStatus, Notification, Volunteer
from models import confidentiality
from models.recognition import add_months
from web.scheduling.sender import Sender

from .conftest import local, sweep

START = date(2026, 1, 15)  # three months: 15 April; six: 15 July; a year: 15 January 2027


def at(day: date, hour=10):
    """The fake clock on ``day`` in Copenhagen."""
    return local(day.year, day.month, day.day, hour)


def milestones(db) -> list[tuple[str, int]]:
    """(kind, user) of every queued milestone message, oldest first."""
    return [(n.kind, n.user_id) for n in db.exec(select(Notification).order_by(Notification.id))
            if n.kind.startswith("milestone_")]


def test_first_meeting_and_three_months_each_once(db, world):
    match, _, vu, _, _ = world.pair(START)
    world.meeting(match, START + timedelta(days=4))
    sweep(db, at(START + timedelta(days=5)))
    sweep(db, at(START + timedelta(days=5), 15))
    assert milestones(db) == [("milestone_first_meeting", vu.id)]
    three = add_months(START, 3)
    sweep(db, at(three - timedelta(days=1)))
    assert len(milestones(db)) == 1
    sweep(db, at(three, 8))  # before nine the day has not begun for messages
    assert len(milestones(db)) == 1
    sweep(db, at(three, 9))
    for hours in (1, 30, 24 * 20):
        sweep(db, at(three, 9) + timedelta(hours=hours))
    assert milestones(db) == [("milestone_first_meeting", vu.id), ("milestone_three_months", vu.id)]
    for months, kind in ((6, "milestone_six_months"), (12, "milestone_one_year")):
        sweep(db, at(add_months(START, months)))
        assert milestones(db)[-1] == (kind, vu.id)
    assert len(milestones(db)) == 4


def test_a_crash_between_sweep_and_send_sends_each_once(db, world, ctx, inbox):
    pairs = [world.pair(START, volunteer_name=f"Rolle Model{i}", citizen_name=f"Ung Person{i}")
             for i in range(3)]
    for match, *_ in pairs:
        world.meeting(match, add_months(START, 3) - timedelta(days=1))
    due = at(add_months(START, 3))
    sweep(db, due)  # ... and the scheduler dies before it sends anything
    assert inbox.messages == [] and len(milestones(db)) == 6
    restarted = Sender(ctx.config)
    sweep(db, due + timedelta(minutes=5))  # the new process sweeps first, then sends
    # Six milestones, and the young people's twelve-week "Hvordan går det?" (six days ago).
    assert restarted.send_due(db, due + timedelta(minutes=5))["sent"] == 9
    sweep(db, due + timedelta(minutes=10))
    assert Sender(ctx.config).send_due(db, due + timedelta(minutes=10))["sent"] == 0
    subjects = [str(make_header(decode_header(s))) for s in inbox.subjects()]
    assert sorted(subjects) == sorted(["En god start!"] * 3 + ["Tre måneder sammen"] * 3
                                      + ["Hvordan går det?"] * 3)
    assert len(set(inbox.ids())) == 9
    for message in inbox.messages:  # warm, and still nothing about the young person
        body = message.get_payload(decode=True).decode()
        assert "Ung Person" not in body and "Log ind" in body


def test_a_scheduler_that_was_down_celebrates_only_what_is_recent(db, world):
    match, _, vu, _, _ = world.pair(START)
    world.meeting(match, START + timedelta(days=2))
    sweep(db, at(add_months(START, 6) + timedelta(days=10)))  # down since the first meeting
    assert milestones(db) == [("milestone_six_months", vu.id)]  # not three months, not the meeting
    _, _, anne, _, _ = world.pair(START, volunteer_name="Anne Andersen", citizen_name="Ung Anden")
    sweep(db, at(add_months(START, 6) + timedelta(days=31)))
    assert ("milestone_six_months", anne.id) not in milestones(db)  # a month late: let it be
    assert len(milestones(db)) == 1


def test_ended_pairs_and_stopped_role_models_get_no_milestones(db, world):
    world.pair(START, status=MatchStatus.ENDED, ended_on=START + timedelta(days=60))
    _, volunteer, *_ = world.pair(START, volunteer_name="Stop Pedersen")
    volunteer.status = "stopped"
    db.commit()
    paused, _, vu, _, _ = world.pair(START, volunteer_name="Pause Hansen",
                                     status=MatchStatus.PAUSED)
    sweep(db, at(add_months(START, 3)))
    assert milestones(db) == [("milestone_three_months", vu.id)]  # a paused pair is still a pair


def test_the_message_is_in_the_role_models_language(db, world):
    _, _, vu, _, _ = world.pair(START)
    vu.language = "en"
    db.commit()
    sweep(db, at(add_months(START, 3)))
    message = db.exec(select(Notification).where(
        Notification.kind == "milestone_three_months")).one()
    assert message.subject == "Three months together" and "young person" in message.body


def test_a_new_confidentiality_text_asks_each_role_model_once(db, world, monkeypatch):
    _, volunteer, vu, _, _ = world.pair(START)
    day = at(START + timedelta(days=10))
    sweep(db, day)
    assert [n.kind for n in db.exec(select(Notification))] == []  # signed the current one
    monkeypatch.setitem(confidentiality.TEXTS, "2027-1", {"da": "Ny tekst", "en": "New text"})
    monkeypatch.setattr(confidentiality, "CURRENT_VERSION", "2027-1")
    for hours in (0, 1, 48):
        sweep(db, day + timedelta(hours=hours))
    asked = db.exec(select(Notification).where(Notification.kind == "confidentiality")).all()
    assert [n.user_id for n in asked] == [vu.id] and "/confidentiality" in asked[0].link
    confidentiality.sign(db.get(Volunteer, volunteer.id), "2027-1", day)
    db.commit()
    sweep(db, day + timedelta(days=3))
    assert len(db.exec(select(Notification).where(Notification.kind == "confidentiality")).all()) == 1
