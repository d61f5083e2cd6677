"""The scheduler process: APScheduler's BlockingScheduler, one at a time, with a heartbeat.

It never runs inside a web worker. With PostgreSQL an advisory lock (per database
and schema) lets only one scheduler work; a second one started by mistake waits
for the lock. With SQLite a file lock beside the database does the same.
"""
import fcntl
import logging
import os
import signal
import sys
import time
from contextlib import contextmanager
from datetime import timedelta

import sqlalchemy as sa
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler

from models import ALL_TENANTS, Heartbeat, scoped_session, utcnow

from .rules import sweep
from .sender import Sender

log = logging.getLogger(__name__)
HEARTBEAT = "scheduler"
LOCK_SQL = "hashtext(current_database() || '.' || current_schema() || '.rollemodel-scheduler')"


def _session(app):
    """Open a session over all municipalities, as jobs need."""
    return scoped_session(app.extensions["engine"], ALL_TENANTS)


def beat(session, now, **details) -> None:
    """Record in the heartbeat row that the scheduler ran, and what it did."""
    row = session.get(Heartbeat, HEARTBEAT) or Heartbeat(name=HEARTBEAT)
    row.last_run_at = now
    row.details = {**(row.details or {}), **details, "pid": os.getpid()}
    session.add(row)
    session.commit()


def run_sweep(app, now=None) -> dict:
    """Run every sweep once and commit what it queued."""
    now = now or utcnow()
    with app.app_context(), _session(app) as session:
        stats = sweep(session, now)
        session.commit()
        beat(session, now, last_sweep_at=now.isoformat(), sweep=stats)
    return stats


def run_retention(app, now=None) -> dict:
    """Apply the retention rule once (``RETENTION_DAYS``, see web.gdpr) and commit."""
    from ..gdpr import apply_retention

    now = now or utcnow()
    with app.app_context(), _session(app) as session:
        stats = apply_retention(session, now)
        session.commit()
    return stats


def run_send(app, sender: Sender, now=None) -> dict:
    """Deliver one batch of due messages."""
    now = now or utcnow()
    with app.app_context(), _session(app) as session:
        stats = sender.send_due(session, now)
        old = (session.get(Heartbeat, HEARTBEAT) or Heartbeat(name=HEARTBEAT)).details or {}
        beat(session, now, last_send_at=now.isoformat(), send=stats,
             sent_total=old.get("sent_total", 0) + stats["sent"],
             mail_server="waiting" if sender.outages else "ok")
    return stats


def _wait_for(acquire, poll: float) -> None:
    """Call ``acquire`` until it succeeds, saying once that we wait."""
    said = False
    while not acquire():
        if not said:
            log.warning("Another scheduler is running; this one waits until it stops.")
            said = True
        time.sleep(poll)


@contextmanager
def only_scheduler(engine, poll: float = 5.0):
    """Hold the one-scheduler lock while the block runs (waiting for it first)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            _wait_for(lambda: conn.execute(sa.text(f"SELECT pg_try_advisory_lock({LOCK_SQL})"))
                      .scalar(), poll)
            try:
                yield
            finally:
                conn.execute(sa.text(f"SELECT pg_advisory_unlock({LOCK_SQL})"))
        return
    path = (engine.url.database or "memory") + ".scheduler-lock"
    with open(path, "a") as fh:
        _wait_for(lambda: _flock(fh), poll)
        yield


def _flock(fh) -> bool:
    """Try to take an exclusive lock on an open file."""
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def run(app) -> None:
    """Run the scheduler until stopped: sweeps and sending on their own intervals."""
    config = app.config
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop cleanly, releasing the lock
    with only_scheduler(app.extensions["engine"], config.get("SCHEDULER_LOCK_POLL_SECONDS", 5)):
        log.info("Scheduler started (pid %s).", os.getpid())
        sender = Sender(config)
        scheduler = BlockingScheduler(
            timezone="UTC", executors={"default": ThreadPoolExecutor(1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        now = utcnow()
        scheduler.add_job(run_sweep, "interval", args=[app], id="sweep", next_run_time=now,
                          seconds=config["SCHEDULER_SWEEP_SECONDS"])
        # Sending starts one interval later, so the first sweep's messages go out together.
        send_every = config["SCHEDULER_SEND_SECONDS"]
        scheduler.add_job(run_send, "interval", args=[app, sender], id="send",
                          seconds=send_every, next_run_time=now + timedelta(seconds=send_every))
        scheduler.add_job(run_retention, "interval", args=[app], id="retention", hours=24,
                          next_run_time=now + timedelta(minutes=5))
        scheduler.start()
