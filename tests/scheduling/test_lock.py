"""The one-scheduler lock: checked before every job, and never held by two at once.

On PostgreSQL the lock lives on one connection; when that connection dies (a server
restart, a killed backend) the lock is gone. The scheduler notices before its next
job: it takes the lock again when it is free, and otherwise skips the job and waits.
"""
import logging

import pytest
import sqlalchemy as sa

from web.scheduling import runner

from ..conftest import terminate_backend
from .conftest import ON_POSTGRES


def holder(engine):
    """The backend pid that holds the scheduler lock of this database and schema, or None."""
    with engine.connect() as conn:
        return conn.execute(sa.text(runner.HOLDER_SQL)).scalar()


@pytest.fixture
def engine(app):
    """The app's engine."""
    return app.extensions["engine"]


@pytest.mark.postgres
@ON_POSTGRES
def test_a_lost_lock_is_taken_again_when_nobody_else_has_it(engine, caplog):
    lock = runner.scheduler_lock(engine)
    assert lock.try_acquire() and lock.keep()
    first = holder(engine)
    assert first is not None
    terminate_backend(engine, first)
    with caplog.at_level(logging.WARNING, logger="web.scheduling.runner"):
        assert lock.keep()
    assert "lost" in caplog.text and "taken again" in caplog.text
    assert holder(engine) not in (None, first)
    lock.release()
    assert holder(engine) is None


@pytest.mark.postgres
@ON_POSTGRES
def test_a_lost_lock_that_another_scheduler_took_is_not_kept(engine):
    first, second = runner.scheduler_lock(engine), runner.scheduler_lock(engine)
    assert first.try_acquire() and not second.try_acquire()
    terminate_backend(engine, holder(engine))
    assert second.try_acquire()  # the waiting one gets it as soon as the connection is gone
    assert not first.keep()
    assert second.keep() and not first.keep()
    first.release()  # lets go of nothing it does not hold
    assert second.keep()
    second.release()
    assert holder(engine) is None


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_file_lock_is_kept_and_keeps_a_second_out(engine):
    first, second = runner.scheduler_lock(engine), runner.scheduler_lock(engine)
    assert first.try_acquire() and first.keep()
    assert not second.try_acquire()
    first.release()
    assert second.try_acquire()
    second.release()


class FakeLock:
    """A lock whose answer the test chooses."""

    def __init__(self, held):
        self.held = held

    def keep(self):
        return self.held


def test_a_job_runs_only_while_the_lock_is_held(caplog):
    ran = []
    lost = runner.threading.Event()
    runner.guarded(FakeLock(True), lost, "send", ran.append, 1)
    assert ran == [1] and not lost.is_set()
    with caplog.at_level(logging.WARNING, logger="web.scheduling.runner"):
        runner.guarded(FakeLock(False), lost, "send", ran.append, 2)
    assert ran == [1] and lost.is_set()
    assert "lost" in caplog.text and "send skipped" in caplog.text
    runner.guarded(FakeLock(True), lost, "sweep", ran.append, 3)  # queued behind: skipped too
    assert ran == [1]
