"""*Hvordan går det?* reaches the young person once per occasion — two, six and twelve weeks,
then every two months — through the outbox: a repeated sweep, two schedulers' sweeps, a crash
between sweep and send or a killed process never ask twice. Reminders follow the pair's own
agreed rhythm, and a planned end date asks both to plan a last meeting, once."""
from datetime import date, timedelta
from email.header import decode_header, make_header

import time_machine
from sqlmodel import select

from models import Notification, Role
from models.voice import CheckIn, occasions, prompt_days
from web.scheduling.sender import Sender

from .conftest import local, sweep

START = date(2026, 1, 12)  # a Monday


def at(day: date, hour=10):
    """The fake clock on ``day`` in Copenhagen."""
    return local(day.year, day.month, day.day, hour)


def queued(db, kind) -> list[tuple[str, int]]:
    """(key without the channel, user) of every queued message of ``kind``, oldest first."""
    return [(n.dedupe_key.rsplit(":", 1)[0], n.user_id)
            for n in db.exec(select(Notification).order_by(Notification.id)) if n.kind == kind]


def test_the_occasions_are_two_six_twelve_weeks_then_every_two_months():
    found = occasions(START, date(2026, 11, 30))
    assert [(o.key, o.on) for o in found] == [
        ("w2", date(2026, 1, 26)), ("w6", date(2026, 2, 23)), ("w12", date(2026, 4, 6)),
        ("m4", date(2026, 5, 12)), ("m6", date(2026, 7, 12)), ("m8", date(2026, 9, 12)),
        ("m10", date(2026, 11, 12))]


def test_each_occasion_is_asked_once_and_only_to_the_young_person(db, world):
    match, _, vu, citizen, cu = world.pair(START)
    for days in (13, 14, 14, 20, 41):
        with time_machine.travel(at(START + timedelta(days=days)), tick=False):
            sweep(db, at(START + timedelta(days=days)))
            sweep(db, at(START + timedelta(days=days), 15))
    assert queued(db, "checkin") == [(f"checkin:w2:m{match.id}:u{cu.id}", cu.id)]
    with time_machine.travel(at(START + timedelta(weeks=6)), tick=False):
        sweep(db, at(START + timedelta(weeks=6)))
    assert [k for k, _ in queued(db, "checkin")] == [f"checkin:w2:m{match.id}:u{cu.id}",
                                                     f"checkin:w6:m{match.id}:u{cu.id}"]
    assert all(u == cu.id for _, u in queued(db, "checkin"))  # never the role model
    body = db.exec(select(Notification).where(Notification.kind == "checkin")).first().body
    assert "Kun du kan se dit svar" in body and "Poul" not in body


def test_an_occasion_answered_on_the_page_is_not_asked_and_an_old_one_not_late(db, world):
    match, _, _, citizen, cu = world.pair(START)
    db.add(CheckIn(municipality_id=match.municipality_id, match_id=match.id,
                   citizen_id=citizen.id, occasion="w2", answer="good"))
    db.commit()
    sweep(db, at(START + timedelta(days=15)))
    assert queued(db, "checkin") == []
    # The scheduler was down from week 6 until 40 days after week 12: nothing late, then m4.
    sweep(db, at(START + timedelta(weeks=12, days=31)))
    assert queued(db, "checkin") == []
    sweep(db, at(date(2026, 5, 12)))
    assert [k for k, _ in queued(db, "checkin")] == [f"checkin:m4:m{match.id}:u{cu.id}"]


def test_a_paused_pair_and_an_ended_one_are_not_asked(db, world):
    world.pair(START, status="paused")
    world.pair(START, status="ended", volunteer_name="Anne Andersen", citizen_name="Ung Anden",
               ended_on=START + timedelta(days=3))
    sweep(db, at(START + timedelta(days=14)))
    assert queued(db, "checkin") == []


def test_a_crash_between_sweep_and_send_asks_once(db, world, ctx, inbox):
    pairs = [world.pair(START, volunteer_name=f"Rolle Model{i}", citizen_name=f"Ung Person{i}")
             for i in range(3)]
    for match, *_ in pairs:  # they met: the check-ins and the first-meeting milestones are due
        world.meeting(match, START + timedelta(days=13))
    due = at(START + timedelta(days=14))
    sweep(db, due)  # ... and the scheduler dies before it sends
    assert inbox.messages == [] and len(queued(db, "checkin")) == 3
    sweep(db, due + timedelta(minutes=5))  # the restarted process sweeps, then sends
    assert Sender(ctx.config).send_due(db, due + timedelta(minutes=5))["sent"] == 6
    sweep(db, due + timedelta(minutes=10))
    assert Sender(ctx.config).send_due(db, due + timedelta(minutes=10))["sent"] == 0
    assert len(inbox.messages) == 6 and len(set(inbox.ids())) == 6
    subjects = sorted(str(make_header(decode_header(s))) for s in inbox.subjects())
    assert subjects == sorted(["Hvordan går det?"] * 3 + ["En god start!"] * 3)
    asked = {m["To"] for m in inbox.messages
             if str(make_header(decode_header(m["Subject"]))) == "Hvordan går det?"}
    assert asked == {u.email for *_, u in pairs}  # the young people, each once


def test_a_second_scheduler_session_sweeping_the_same_moment_adds_nothing(db, world, app):
    from models import ALL_TENANTS, scoped_session

    match, *_ = world.pair(START)
    world.meeting(match, START + timedelta(days=13))
    engine = app.extensions["engine"]
    first, second = scoped_session(engine, ALL_TENANTS), scoped_session(engine, ALL_TENANTS)
    try:
        sweep(first, at(START + timedelta(days=14)))
        sweep(second, at(START + timedelta(days=14)))
    finally:
        first.close()
        second.close()
    assert len(queued(db, "checkin")) == 1


def test_reminders_follow_the_agreed_rhythm_never_looser_than_14_days(db, world):
    weekly, _, wu, _, _ = world.pair(START, rhythm="weekly")
    usual, _, uu, _, _ = world.pair(START, rhythm="biweekly", volunteer_name="Anne Andersen",
                                    citizen_name="Ung Anden")
    assert prompt_days("weekly", 12, 16) == (5, 9) and prompt_days(None, 12, 16) == (12, 16)
    assert prompt_days("several_weekly", 12, 16) == (1, 5)
    assert prompt_days("monthly", 12, 16) == (12, 16)  # nothing looser than the method's 14
    sweep(db, at(START + timedelta(days=4)))
    assert queued(db, "prompt1") == []
    sweep(db, at(START + timedelta(days=5)))
    assert [u for _, u in queued(db, "prompt1")] == [wu.id]
    sweep(db, at(START + timedelta(days=9)))
    assert [u for _, u in queued(db, "prompt2")] == [wu.id]
    sweep(db, at(START + timedelta(days=12)))
    assert [u for _, u in queued(db, "prompt1")] == [wu.id, uu.id]


def test_a_planned_end_asks_both_to_plan_a_last_meeting_once(db, world):
    end = START + timedelta(days=120)
    match, _, vu, _, cu = world.pair(START, planned_end_on=end)
    world.meeting(match, end - timedelta(days=16))
    sweep(db, at(end - timedelta(days=15)))
    assert queued(db, "closing_soon") == []
    for days in (14, 10, 1):
        sweep(db, at(end - timedelta(days=days)))
    assert sorted(u for _, u in queued(db, "closing_soon")) == sorted([vu.id, cu.id])


def test_the_coordinator_never_gets_a_check_in_prompt(db, world):
    world.pair(START)
    sweep(db, at(START + timedelta(days=14)))
    coordinators = {u.id for u in [world.coordinator]}
    assert not [n for n in db.exec(select(Notification)) if n.kind == "checkin"
                and n.user_id in coordinators]
    assert world.coordinator.role == Role.COORDINATOR


def test_a_killed_scheduler_restarted_asks_each_young_person_once(db, db_url, tmp_path, inbox,
                                                                  town):
    from models import today

    from .test_process import kill_between_sweep_and_send

    for i in range(2):  # fifteen days in, no meeting yet: a check-in and a first prompt each
        town.pair(today() - timedelta(days=15), volunteer_name=f"Rolle Model{i}",
                  citizen_name=f"Ung Person{i}")
    sent = kill_between_sweep_and_send(db, db_url, tmp_path, inbox, due=4)
    assert sorted(r.kind for r in sent) == ["checkin", "checkin", "prompt1", "prompt1"]
