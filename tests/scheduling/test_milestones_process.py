"""The real scheduler process, killed between its sweep and its send and started again: each
milestone message still goes out exactly once."""
from datetime import timedelta

from models import today
from models.recognition import add_months

from .test_process import kill_between_sweep_and_send


def test_killed_between_sweep_and_send_celebrates_each_milestone_once(db, db_url, tmp_path,
                                                                       inbox, town):
    started = add_months(today(), -3) - timedelta(days=5)  # three months, five days ago
    for i in range(2):
        match, *_ = town.pair(started, volunteer_name=f"Rolle Model{i}",
                              citizen_name=f"Ung Person{i}", young_login=False)
        town.meeting(match, today() - timedelta(days=2))  # their first: a good start too
    sent = kill_between_sweep_and_send(db, db_url, tmp_path, inbox, due=4)
    assert sorted(r.kind for r in sent) == ["milestone_first_meeting"] * 2 + [
        "milestone_three_months"] * 2
