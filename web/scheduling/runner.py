"""The scheduler process: APScheduler jobs, one scheduler at a time, with a heartbeat.

It never runs inside a web worker. With PostgreSQL an advisory lock (per database
and schema) lets only one scheduler work; a second one started by mistake waits
for the lock. With SQLite a file lock beside the database does the same.

The PostgreSQL lock lives on one connection of its own, and goes when that
connection dies (a server restart, a killed backend). So before every job (sweep,
send, retention) the scheduler checks that its connection is alive and that
pg_locks shows the lock held by it. When it is not, the scheduler tries once, on a
fresh connection, to take the lock again: that succeeds only if no other scheduler
took it meanwhile, and then the job runs. Otherwise the job is skipped, a warning
is logged, and this scheduler stops its jobs and goes back to waiting for the lock,
as a second scheduler does: the process stays up (no supervisor needed), and
exactly one scheduler works. A job that was running when the lock went finishes
its batch; the sender's per-row claim (see ``sender``) keeps that from sending
anything twice. A file lock held by an open file cannot be lost, so on SQLite
the check always passes.
"""
import fcntl
import logging
import os
import signal
import sys
import threading
import time
from datetime import timedelta

import sqlalchemy as sa
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from models import ALL_TENANTS, Heartbeat, refresh_statistics, scoped_session, utcnow
from models.lifecycle import expire_proposals

from .rules import sweep
from .sender import Sender

log = logging.getLogger(__name__)
HEARTBEAT = "scheduler"
LOCK_SQL = "hashtext(current_database() || '.' || current_schema() || '.rollemodel-scheduler')"
# pg_locks shows a bigint advisory key as its high half in classid and its low half in objid.
_LOCK_ROWS = (
    "FROM pg_locks l, (SELECT (" + LOCK_SQL + ")::bigint AS key) k "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "AND l.classid::bigint = ((k.key >> 32) & 4294967295) "
    "AND l.objid::bigint = (k.key & 4294967295)"
)
HELD_SQL = f"SELECT EXISTS (SELECT 1 {_LOCK_ROWS} AND l.pid = pg_backend_pid())"
HOLDER_SQL = f"SELECT l.pid {_LOCK_ROWS}"  # which backend holds it (for tests and operators)


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
        expired = expire_proposals(session, now)  # their young people wait again, places free
        stats = sweep(session, now)
        session.commit()
        beat(session, now, last_sweep_at=now.isoformat(), sweep={**stats, "expired": expired})
    return stats


def run_retention(app, now=None) -> dict:
    """Apply the retention rule once (``RETENTION_DAYS``, see web.privacy.gdpr) and commit."""
    from ..privacy.gdpr import apply_retention

    now = now or utcnow()
    with app.app_context(), _session(app) as session:
        stats = apply_retention(session, now)
        session.commit()
    return stats


def run_statistics(app) -> None:
    """Refresh the database's planner statistics (SQLite only; see models.refresh_statistics)."""
    refresh_statistics(app.extensions["engine"])


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


def _wait_for(lock, poll: float) -> None:
    """Try to take the lock until it succeeds, saying once that another scheduler has it."""
    said = False
    while not lock.try_acquire():
        if not said and not getattr(lock, "away", False):  # (an unreachable database says so)
            log.warning("Another scheduler is running; this one waits until it stops.")
            said = True
        time.sleep(poll)


class PgLock:
    """A PostgreSQL advisory lock held on one connection of its own."""

    def __init__(self, engine):
        self.engine = engine
        self.conn = None
        self.away = False  # the database could not be reached at the last try

    def try_acquire(self) -> bool:
        """Try once, on a fresh connection; keep that connection only when we got the lock."""
        self.release()
        conn = None
        try:
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            got = conn.execute(sa.text(f"SELECT pg_try_advisory_lock({LOCK_SQL})")).scalar()
        except sa.exc.SQLAlchemyError as err:
            if not self.away:  # once per outage
                log.warning("The database cannot be reached (%s); trying again.",
                            type(err).__name__)
            self.away = True
            got = False
        else:
            self.away = False
        if got:
            self.conn = conn
            return True
        if conn is not None:
            conn.close()
        return False

    def held(self) -> bool:
        """Tell whether our lock connection is alive and its backend holds the lock."""
        if self.conn is None:
            return False
        try:
            return bool(self.conn.execute(sa.text(HELD_SQL)).scalar())
        except sa.exc.SQLAlchemyError:
            return False

    def keep(self) -> bool:
        """Check the lock before a job; when it was lost, take it again if nobody else has it."""
        if self.held():
            return True
        if self.try_acquire():
            log.warning("The scheduler lock was lost with its database connection and taken "
                        "again at once; this scheduler goes on.")
            return True
        return False

    def release(self) -> None:
        """Let go of the lock and its connection (a dead connection is simply dropped)."""
        if self.conn is None:
            return
        conn, self.conn = self.conn, None
        try:
            conn.execute(sa.text(f"SELECT pg_advisory_unlock({LOCK_SQL})"))
        except sa.exc.SQLAlchemyError:
            pass
        # Never hand the lock's connection back to the pool: closing it ends the session.
        try:
            conn.invalidate()
            conn.close()
        except sa.exc.SQLAlchemyError:
            pass


class FileLock:
    """An exclusive lock on a file beside the SQLite database; it lasts as long as the process."""

    def __init__(self, engine):
        self.path = (engine.url.database or "memory") + ".scheduler-lock"
        self.fh = None

    def try_acquire(self) -> bool:
        """Try once to take the lock."""
        if self.fh is None:
            self.fh = open(self.path, "a")
        if _flock(self.fh):
            return True
        self.fh.close()
        self.fh = None
        return False

    def keep(self) -> bool:
        """A file lock held by an open file cannot be lost."""
        return self.fh is not None

    def release(self) -> None:
        """Close the file, which lets go of the lock."""
        if self.fh is not None:
            self.fh.close()
            self.fh = None


def _flock(fh) -> bool:
    """Try to take an exclusive lock on an open file."""
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def scheduler_lock(engine):
    """The one-scheduler lock for this database (and schema)."""
    return PgLock(engine) if engine.dialect.name == "postgresql" else FileLock(engine)


_KEEP = threading.Lock()  # the lock's connection is checked by one worker thread at a time


def guarded(lock, lost: threading.Event, name: str, job, *args):
    """Run one job if this scheduler still holds the lock; otherwise skip it and say so."""
    if lost.is_set():
        return None
    with _KEEP:
        kept = lock.keep()
    if not kept:
        log.warning("The scheduler lock was lost with its database connection, and another "
                    "scheduler holds it now (or the database cannot be reached): %s skipped; "
                    "this scheduler goes back to waiting for the lock.", name)
        lost.set()
        return None
    return job(*args)


def build_scheduler(app, lock, lost: threading.Event, sender: Sender) -> BackgroundScheduler:
    """Return the scheduler with every job added (not started).

    Sweep, send, retention and statistics share one worker thread. Jobs other features offer
    (``app.extensions["scheduler_jobs"]``, e.g. the weekly retraining of the suggestion models)
    run on a worker of their own, so a long training never holds up a send.
    """
    config = app.config
    scheduler = BackgroundScheduler(
        timezone="UTC",
        executors={"default": ThreadPoolExecutor(1), "background": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    now, send_every = utcnow(), config["SCHEDULER_SEND_SECONDS"]
    jobs = [  # name, job, arguments, interval, first run
        ("sweep", run_sweep, [app], {"seconds": config["SCHEDULER_SWEEP_SECONDS"]}, now),
        # Sending starts one interval later, so the first sweep's messages go out together.
        ("send", run_send, [app, sender], {"seconds": send_every},
         now + timedelta(seconds=send_every)),
        ("retention", run_retention, [app], {"hours": 24}, now + timedelta(minutes=5)),
        ("statistics", run_statistics, [app], {"hours": 24}, now + timedelta(seconds=30)),
    ]
    for name, job, args, every, first in jobs:
        scheduler.add_job(guarded, "interval", args=[lock, lost, name, job, *args], id=name,
                          name=name, next_run_time=first, **every)
    for extra in app.extensions.get("scheduler_jobs", []):
        every, first_after = extra["schedule"](config)
        scheduler.add_job(guarded, "interval", args=[lock, lost, extra["name"], extra["job"], app],
                          id=extra["name"], name=extra["name"], executor="background",
                          next_run_time=now + first_after, **every)
    return scheduler


def _work(app, lock) -> None:
    """Run the jobs on their intervals until the lock is lost (or the process is stopped)."""
    lost = threading.Event()
    scheduler = build_scheduler(app, lock, lost, Sender(app.config))
    scheduler.start()
    try:
        lost.wait()
    finally:
        lost.set()  # jobs still queued are skipped
        scheduler.shutdown(wait=True)  # a running job finishes before the lock goes


def run(app) -> None:
    """Run the scheduler until stopped; while another one holds the lock, wait for it."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop cleanly, releasing the lock
    lock = scheduler_lock(app.extensions["engine"])
    poll = app.config.get("SCHEDULER_LOCK_POLL_SECONDS", 5)
    try:
        while True:
            _wait_for(lock, poll)
            log.info("Scheduler started (pid %s).", os.getpid())
            _work(app, lock)
            lock.release()
    finally:
        lock.release()
