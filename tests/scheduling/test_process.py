"""The real scheduler process: killed between sweep and send, one at a time, and its lock
lost mid-batch to a second one: every message still goes out exactly once."""
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from models import Heartbeat, Notification, today
from web.scheduling import runner

from .conftest import ON_POSTGRES, wait_until

ROOT = Path(__file__).resolve().parents[2]


def start(db_url, tmp_path, inbox, name, send_seconds=1):
    """Start ``flask scheduler run`` as its own process, its log in a file."""
    env = dict(os.environ, DATABASE_URL=db_url, FLASK_APP="wsgi",
               ROLLEMODEL_INSTANCE_PATH=str(tmp_path / "instance"),
               ROLLEMODEL_SECRET_KEY="test-secret", ROLLEMODEL_MAIL_PORT=str(inbox.port),
               ROLLEMODEL_SCHEDULER_SWEEP_SECONDS="1",
               ROLLEMODEL_SCHEDULER_SEND_SECONDS=str(send_seconds),
               ROLLEMODEL_SCHEDULER_LOCK_POLL_SECONDS="0.2",
               ROLLEMODEL_MAIL_TIMEOUT="60")  # the tests hold messages in DATA a while
    log = open(tmp_path / f"{name}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "flask", "scheduler", "run"], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    proc.log_path = tmp_path / f"{name}.log"
    return proc


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
                  citizen_name=f"Ung Person{i}", young_login=False)


def kill_between_sweep_and_send(db, db_url, tmp_path, inbox, due: int) -> list:
    """Run a scheduler until its sweep has queued ``due`` messages, kill it (-9) before it sends,
    start another and let it run a few rounds; check each message went out once; return them."""
    first = start(db_url, tmp_path, inbox, "first", send_seconds=3600)  # sweeps, never sends
    try:
        wait_until(lambda: len(rows(db)) == due and beat(db) is not None, "the first sweep")
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
    sent = rows(db)
    assert len(sent) == due and len(inbox.messages) == due
    assert sorted(inbox.ids()) == sorted(f"<notification-{r.id}@localhost>" for r in sent)
    return sent


def test_killed_between_sweep_and_send_then_restarted_sends_each_once(
        db, db_url, tmp_path, inbox, overdue_pairs):
    kill_between_sweep_and_send(db, db_url, tmp_path, inbox, due=6)


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


def lock_holder(db) -> int | None:
    """The PostgreSQL backend that holds the scheduler lock of the test schema."""
    db.rollback()
    return db.connection().execute(sa.text(runner.HOLDER_SQL)).scalar()


@pytest.mark.postgres
@ON_POSTGRES
def test_lock_connection_killed_while_a_second_waits_sends_each_once(
        db, db_url, tmp_path, inbox, town):
    first = start(db_url, tmp_path, inbox, "first")
    second = None
    try:
        wait_until(lambda: beat(db) is not None and beat(db).details["pid"] == first.pid,
                   "the first scheduler's heartbeat")
        second = start(db_url, tmp_path, inbox, "second")
        wait_until(lambda: "waits" in second.log_path.read_text(), "the second one to wait")
        inbox.hold = threading.Event()  # the mail server keeps each message waiting in DATA
        for i in range(3):  # six messages due: a prompt and an alert for each pair
            town.pair(today() - timedelta(days=30), volunteer_name=f"Rolle Model{i}",
                      citizen_name=f"Ung Person{i}", young_login=False)
        try:
            wait_until(lambda: inbox.held() == 1, "the first scheduler to be sending")
            # The lock's connection dies (as in a restart) while the first is mid-batch.
            pid = lock_holder(db)
            assert pid is not None
            db.connection().execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            db.commit()
            wait_until(lambda: beat(db).details["pid"] == second.pid, "the second to take over")
            wait_until(lambda: inbox.held() == 2, "the second to send beside the first")
        finally:
            inbox.hold.set()
        wait_until(lambda: len(rows(db)) == 6 and all(r.sent_at for r in rows(db)),
                   "every message sent")
        wait_until(lambda: "lost" in first.log_path.read_text(), "the first to see its loss")
        seen = beat(db).last_run_at
        wait_until(lambda: beat(db).last_run_at > seen + timedelta(seconds=2), "more rounds")
        assert beat(db).details["pid"] == second.pid
        assert first.poll() is None and second.poll() is None  # the first waits again
        assert first.log_path.read_text().count("waits until it stops") == 1
    finally:
        inbox.hold = None
        stop(first)
        if second is not None:
            stop(second)
    assert len(inbox.messages) == 6
    assert sorted(inbox.ids()) == sorted(f"<notification-{r.id}@localhost>" for r in rows(db))


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="process priorities are POSIX")
def test_the_scheduler_yields_the_cpu_to_the_web_workers(db_url, tmp_path, inbox):
    proc = start(db_url, tmp_path, inbox, "nice")
    try:
        wait_until(lambda: "Scheduler started" in proc.log_path.read_text(), "the scheduler to start")
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, proc.pid) == min(19, ours + 10)
    finally:
        stop(proc)
