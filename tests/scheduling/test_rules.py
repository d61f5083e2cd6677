"""Every cadence rule on its boundary days, with a fake clock."""
from datetime import date, timedelta

from sqlmodel import select

from models import MatchStatus, Notification, Stage
from models.cadence import cadences

from .conftest import local, sweep

START = date(2026, 5, 1)


def kinds(db) -> list[tuple[str, int]]:
    """Return (kind, user id) of every queued message about the pair's rhythm, oldest first
    (the young person's "Hvordan går det?" has its own tests: test_check_ins.py)."""
    return [(n.kind, n.user_id) for n in db.exec(select(Notification).order_by(Notification.id))
            if n.kind != "checkin"]


def on_day(n: int, hour=10):
    """The fake clock ``n`` days after START, at ``hour`` in Copenhagen."""
    d = START + timedelta(days=n)
    return local(d.year, d.month, d.day, hour)


def test_first_prompt_on_day_12_not_11(db, world):
    match, _, vu, _, _ = world.pair(START)
    sweep(db, on_day(11))
    assert kinds(db) == []
    sweep(db, on_day(12))
    assert kinds(db) == [("prompt1", vu.id)]


def test_second_prompt_on_day_16_not_15(db, world):
    match, _, vu, _, _ = world.pair(START)
    sweep(db, on_day(12))
    sweep(db, on_day(15))
    assert kinds(db) == [("prompt1", vu.id)]
    sweep(db, on_day(16))
    assert kinds(db) == [("prompt1", vu.id), ("prompt2", vu.id)]


def test_risk_alert_to_coordinator_on_day_28_not_27(db, world):
    match, _, vu, _, _ = world.pair(START)
    for day in (12, 16, 27):
        sweep(db, on_day(day))
    assert ("risk", world.coordinator.id) not in kinds(db)
    assert cadences(db, [match], on=on_day(27).date())[match.id].status == "late"
    sweep(db, on_day(28))
    assert kinds(db)[-1] == ("risk", world.coordinator.id)
    assert cadences(db, [match], on=on_day(28).date())[match.id].status == "at_risk"


def test_no_prompt_before_nine_in_the_morning(db, world):
    world.pair(START)
    sweep(db, on_day(12, hour=8))
    assert kinds(db) == []
    sweep(db, on_day(12, hour=9))
    assert len(kinds(db)) == 1


def test_paused_match_and_paused_role_model_get_no_prompts(db, world):
    world.pair(START, status=MatchStatus.PAUSED)
    _, volunteer, _, _, _ = world.pair(START, volunteer_name="Anne Andersen")
    volunteer.status = Stage.PAUSED
    db.commit()
    sweep(db, on_day(40))
    assert kinds(db) == []


def test_ended_match_gets_no_prompts(db, world):
    world.pair(START, status=MatchStatus.ENDED, ended_on=START + timedelta(days=3))
    sweep(db, on_day(40))
    assert kinds(db) == []


def test_logging_a_meeting_resets_the_clock(db, world):
    match, _, vu, _, _ = world.pair(START)
    sweep(db, on_day(13))
    assert kinds(db) == [("prompt1", vu.id)]
    world.meeting(match, START + timedelta(days=13))
    sweep(db, on_day(24))  # 11 days after the meeting
    assert kinds(db) == [("prompt1", vu.id), ("milestone_first_meeting", vu.id)]
    sweep(db, on_day(25))  # 12 days after the meeting: a new quiet spell, a new prompt
    assert [k for k in kinds(db) if k[0].startswith("prompt")] == [("prompt1", vu.id)] * 2


def test_late_start_sends_only_the_latest_step(db, world):
    _, _, vu, _, _ = world.pair(START)
    sweep(db, on_day(30))  # e.g. the scheduler was down for weeks
    assert sorted(kinds(db)) == sorted([("prompt2", vu.id), ("risk", world.coordinator.id)])


def test_sweep_twice_queues_nothing_twice(db, world):
    for i in range(3):
        world.pair(START, volunteer_name=f"Rolle Model{i}", citizen_name=f"Ung Person{i}",
                   young_login=False)
    first = sweep(db, on_day(30))
    second = sweep(db, on_day(30, hour=11))
    assert first["queued"] == 3 * 2 and second["queued"] == 0
    assert len(kinds(db)) == 6


def test_day_counts_are_per_municipality(db, world):
    world.town.first_prompt_days, world.town.second_prompt_days = 5, 8
    db.commit()
    world.pair(START)
    sweep(db, on_day(4))
    assert kinds(db) == []
    sweep(db, on_day(5))
    assert [k for k, _ in kinds(db)] == ["prompt1"]


def test_other_municipality_coordinator_gets_no_alert(db, world, make):
    from models import Role

    other = make.municipality()
    stranger = make.user(other, Role.COORDINATOR)
    world.pair(START)
    sweep(db, on_day(28))
    assert stranger.id not in {uid for _, uid in kinds(db)}


def test_prompt_goes_by_sms_when_chosen(db, world):
    _, _, vu, _, _ = world.pair(START)
    vu.notify_email, vu.notify_sms, vu.phone = False, True, "12345678"
    db.commit()
    sweep(db, on_day(12))
    assert [n.channel for n in db.exec(select(Notification))] == ["sms"]
