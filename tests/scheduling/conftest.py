"""Scheduler fixtures: a real SMTP server in the test process, a fake clock, pairs."""
import email
import socket
import threading
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from models import Match, Meeting, Role
from web.scheduling import rules
from web.scheduling.sender import Sender

CPH = ZoneInfo("Europe/Copenhagen")
ON_POSTGRES = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # with @postgres


def local(y, m, d, hour=10, minute=0) -> datetime:
    """A Copenhagen wall-clock time, as the aware datetime the fake clock hands out."""
    return datetime(y, m, d, hour, minute, tzinfo=CPH)


def free_port() -> int:
    """Ask the OS for a free TCP port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """Collects every message the SMTP server accepts; can be held or stopped."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self.lock = threading.Lock()
        self.hold = None  # a threading.Event: while set-able and unset, DATA waits
        self.waiting = 0  # messages held in DATA right now
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        """Accept a message (after waiting, when the test holds the server)."""
        hold = self.hold
        if hold is not None:
            import asyncio

            with self.lock:
                self.waiting += 1
            while not hold.is_set():
                await asyncio.sleep(0.05)
            with self.lock:
                self.waiting -= 1
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def start(self):
        """Start listening."""
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        """Stop listening (the mail server is 'down')."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def subjects(self) -> list[str]:
        """Return the subjects received so far."""
        with self.lock:
            return [m["Subject"] for m in self.messages]

    def held(self) -> int:
        """Return how many messages wait in DATA for the test to let them through."""
        with self.lock:
            return self.waiting

    def ids(self) -> list[str]:
        """Return the Message-IDs received so far."""
        with self.lock:
            return [m["Message-ID"] for m in self.messages]


@pytest.fixture
def inbox():
    """A running SMTP server that keeps what it receives."""
    box = Inbox()
    box.start()
    yield box
    box.stop()


@pytest.fixture
def ctx(app, inbox):
    """An app context with the mail settings pointing at the test SMTP server."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port)
    with app.app_context():
        yield app


@pytest.fixture
def sender(ctx):
    """A sender for the test app."""
    return Sender(ctx.config)


class World:
    """Makes pairs, meetings and coordinators for the scheduling tests."""

    def __init__(self, db, make):
        self.db, self.make = db, make
        self.town = make.municipality()
        self.coordinator = make.user(self.town, Role.COORDINATOR, name="Koordinator Karen")

    def pair(self, started_on: date, volunteer_name="Poul Poulsen", citizen_name="Sara Jensen",
             young_login=True, **match_kw):
        """A volunteer with a login, a young citizen with a login (unless ``young_login`` is
        False: then nobody asks them "Hvordan går det?"), and their match."""
        vu = self.make.user(self.town, Role.VOLUNTEER, name=volunteer_name)
        # Matched, so sworn to confidentiality (else a request to sign it would be due too).
        volunteer = self.make.ready_volunteer(self.town, user=vu, name=volunteer_name)
        cu = self.make.user(self.town, Role.CITIZEN, name=citizen_name) if young_login else None
        citizen = self.make.citizen(self.town, user=cu, name=citizen_name)
        match = Match(municipality_id=self.town.id, citizen_id=citizen.id,
                      volunteer_id=volunteer.id, started_on=started_on, **match_kw)
        self.db.add(match)
        self.db.commit()
        return match, volunteer, vu, citizen, cu

    def meeting(self, match, held_on: date):
        """Log that the pair met."""
        self.db.add(Meeting(municipality_id=match.municipality_id, match_id=match.id,
                            volunteer_id=match.volunteer_id, held_on=held_on))
        self.db.commit()


@pytest.fixture
def town(db, make):
    """A municipality with a coordinator, for page tests (no app context held open)."""
    return World(db, make)


@pytest.fixture
def world(town, ctx):
    """The same, inside an app context, for calling sweeps and the sender directly."""
    return town


def sweep(db, now) -> dict:
    """Run every sweep at ``now`` and commit, as the scheduler does."""
    stats = rules.sweep(db, now)
    db.commit()
    return stats


def wait_until(check, what, timeout=60):
    """Poll ``check`` until it is true; fail with ``what`` when it never gets there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    pytest.fail(f"gave up waiting: {what}")
