"""The real scheduler process: killed between sweep and send, and one at a time."""
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from models import Heartbeat, Notification, today

ROOT = Path(__file__).resolve().parents[2]


def start(db_url, tmp_path, inbox, name, send_seconds=1):
    """Start ``flask scheduler run`` as its own process, its log in a file."""
    env = dict(os.environ, DATABASE_URL=db_url, FLASK_APP="wsgi",
               ROLLEMODEL_INSTANCE_PATH=str(tmp_path / "instance"),
               ROLLEMODEL_SECRET_KEY="test-secret", ROLLEMODEL_MAIL_PORT=str(inbox.port),
               ROLLEMODEL_SCHEDULER_SWEEP_SECONDS="1",
               ROLLEMODEL_SCHEDULER_SEND_SECONDS=str(send_seconds),
               ROLLEMODEL_SCHEDULER_LOCK_POLL_SECONDS="0.2")
    log = open(tmp_path / f"{name}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "flask", "scheduler", "run"], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    proc.log_path = tmp_path / f"{name}.log"
    return proc


def wait_until(check, what, timeout=60):
    """Poll ``check`` until it is true; fail with ``what`` when it never gets there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"gave up waiting: {what}")


def rows(db):
    """Read the outbox afresh."""
    db.rollback()  # end the read transaction, so commits by the scheduler are seen
    return db.exec(select(Notification)).all()


def beat(db):
    """Read the heartbeat afresh."""
    db.rollback()
    db.expire_all()
    return db.get(Heartbeat, "scheduler")


def stop(proc):
    """Stop a scheduler process and wait for it."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


@pytest.fixture
def overdue_pairs(db, town):
    """Three pairs that started 30 days ago: a prompt and an alert each are due now."""
    for i in range(3):
        town.pair(today() - timedelta(days=30), volunteer_name=f"Rolle Model{i}",
                  citizen_name=f"Ung Person{i}")


def test_killed_between_sweep_and_send_then_restarted_sends_each_once(
        db, db_url, tmp_path, inbox, overdue_pairs):
    first = start(db_url, tmp_path, inbox, "first", send_seconds=3600)  # sweeps, never sends
    try:
        wait_until(lambda: len(rows(db)) == 6 and beat(db) is not None, "the first sweep")
    finally:
        first.kill()  # kill -9: no clean-up of any kind
        first.wait()
    assert inbox.messages == [] and all(r.sent_at is None for r in rows(db))
    second = start(db_url, tmp_path, inbox, "second")
    try:
        wait_until(lambda: all(r.sent_at for r in rows(db)), "every message sent")
        seen = beat(db).last_run_at
        wait_until(lambda: beat(db).last_run_at > seen + timedelta(seconds=2), "more rounds")
    finally:
        stop(second)
    assert len(inbox.messages) == 6
    assert sorted(inbox.ids()) == sorted(f"<notification-{r.id}@localhost>" for r in rows(db))


def test_a_second_scheduler_waits_for_the_first(db, db_url, tmp_path, inbox, town):
    first = start(db_url, tmp_path, inbox, "first")
    second = None
    try:
        wait_until(lambda: beat(db) is not None and beat(db).details["pid"] == first.pid,
                   "the first scheduler's heartbeat")
        second = start(db_url, tmp_path, inbox, "second")
        wait_until(lambda: "waits" in second.log_path.read_text(), "the second one to wait")
        seen = beat(db).last_run_at
        wait_until(lambda: beat(db).last_run_at > seen + timedelta(seconds=2), "more rounds")
        assert beat(db).details["pid"] == first.pid and second.poll() is None
        first.kill()
        first.wait()
        wait_until(lambda: beat(db).details["pid"] == second.pid, "the second to take over")
    finally:
        stop(first)
        if second is not None:
            stop(second)
