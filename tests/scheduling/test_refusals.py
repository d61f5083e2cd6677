"""One refused address never holds back the others (issue 15, point 8): a real SMTP server that
refuses one address for good (550), defers another (451), and one that dies mid-batch."""
import logging
import threading
from datetime import timedelta

from aiosmtpd.controller import Controller
from sqlmodel import select

from models import Notification, Role, utcnow
from web.scheduling import outbox
from web.scheduling.admin import error_words
from web.scheduling.runner import scheduler_lock
from web.scheduling.sender import MAX_ATTEMPTS, Sender

from .conftest import free_port

GONE, LATER = "ukendt@example.dk", "fuld@example.dk"


class PickyServer:
    """Accepts every address but two: one is unknown (550), one's mailbox is full (451); can be
    told to drop the connection after a number of messages."""

    def __init__(self):
        self.port = free_port()
        self.received: list[str] = []
        self.die_after: int | None = None
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == GONE:
            return "550 5.1.1 User unknown"
        if address == LATER:
            return "451 4.2.2 Mailbox full, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.die_after is not None and len(self.received) >= self.die_after:
                server.transport.abort()  # the server dies in the middle of the batch
                return "421 going away"
            self.received.extend(envelope.rcpt_tos)
        return "250 OK"


def _people(db, make, n=10):
    """A coordinator and ``n`` volunteers with a message each, plus one for each bad address."""
    town = make.municipality()
    users = [make.user(town, Role.VOLUNTEER, email=f"frivillig{i}@example.dk") for i in range(n)]
    bad = [make.user(town, Role.COORDINATOR, email=GONE), make.user(town, Role.VOLUNTEER,
                                                                       email=LATER)]
    for i, user in enumerate(bad + users):  # the refused ones come first in the batch
        outbox.enqueue(db, user=user, kind="test", key=f"t{i}", subject="Hej", body="Tekst")
    db.commit()
    return users, bad, utcnow() + timedelta(minutes=1)  # a moment after they were queued


def _row(db, email):
    db.expire_all()
    return next(n for n in db.exec(select(Notification)) if n.user_id == _uid(db, email))


def _uid(db, email):
    from models import User

    return db.exec(select(User.id).where(User.email == email)).one()


def test_a_refused_and_a_deferred_address_hold_back_nobody(app, db, make, caplog):
    server = PickyServer()
    server.controller.start()
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
        with app.app_context():
            users, _bad, now = _people(db, make)
            sender = Sender(app.config)
            with caplog.at_level(logging.INFO, logger="web.scheduling.sender"):
                stats = sender.send_due(db, now)
            assert stats["sent"] == len(users) and stats["failed"] == 1 and stats["retry"] == 1
            assert sorted(server.received) == sorted(u.email for u in users)
            assert not [r for r in caplog.records if "cannot be reached" in r.message]
            gone = _row(db, GONE)
            assert gone.failed_at == now and gone.attempts == 1  # given up at once
            assert "550" in gone.last_error and "User unknown" in gone.last_error
            with app.test_request_context():
                shown = error_words(gone.last_error)
            assert "User unknown" in shown and GONE not in shown  # the reason, not the address
            later = _row(db, LATER)
            assert later.failed_at is None and later.next_attempt_at > now
            assert "451" in later.last_error
            # The deferred one is retried alone, with growing waits, and given up at the limit.
            at, waits = now, []
            for _ in range(MAX_ATTEMPTS - 1):
                row = _row(db, LATER)
                waits.append(row.next_attempt_at - at)
                at = row.next_attempt_at
                stats = sender.send_due(db, at)
                assert stats["sent"] == 0 and stats["retry"] + stats["failed"] == 1
            row = _row(db, LATER)
            assert row.failed_at is not None and row.attempts == MAX_ATTEMPTS
            assert waits == sorted(waits) and waits[-1] > waits[0]
            assert _row(db, GONE).attempts == 1  # never tried again
    finally:
        server.controller.stop()


def test_a_server_dying_mid_batch_is_one_outage_that_costs_no_attempts(app, db, make, caplog):
    server = PickyServer()
    server.die_after = 4
    server.controller.start()
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
        with app.app_context():
            users, _bad, now = _people(db, make)
            sender = Sender(app.config)
            with caplog.at_level(logging.INFO, logger="web.scheduling.sender"):
                first = sender.send_due(db, now)
                assert first["sent"] == 4 and first.get("waiting_for_server")
                assert sender.pause_until > now  # the warning's back-off stands
                down = [r for r in caplog.records if "cannot be reached" in r.message]
                assert len(down) == 1
                assert not [r for r in caplog.records if "answers again" in r.message]
                # Still down a few times: no new warning, nobody's attempts grow.
                at = sender.pause_until
                for _ in range(3):
                    assert sender.send_due(db, at)["sent"] == 0
                    at = sender.pause_until
                assert len([r for r in caplog.records if "cannot be reached" in r.message]) == 1
                db.expire_all()
                waiting = [n for n in db.exec(select(Notification))
                           if n.sent_at is None and n.failed_at is None]
                assert waiting and all(n.attempts <= 1 for n in waiting)  # 451 counts once
                server.die_after = None
                back = sender.send_due(db, at)
            assert back["sent"] == len(users) - 4 and sender.outages == 0
            assert len([r for r in caplog.records if "answers again" in r.message]) == 1
            assert sorted(server.received) == sorted(u.email for u in users)
    finally:
        server.controller.stop()


def test_the_send_command_waits_for_a_running_scheduler(app, db, make, inbox):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port)
    with app.app_context():
        _people(db, make, n=3)  # (queued now: due for the command)
    lock = scheduler_lock(app.extensions["engine"])
    assert lock.try_acquire()  # a scheduler is running
    try:
        result = app.test_cli_runner().invoke(args=["scheduler", "send"])
        assert result.exit_code == 1 and "nothing was sent" in result.output
        assert inbox.messages == []
    finally:
        lock.release()
    result = app.test_cli_runner().invoke(args=["scheduler", "send"])
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 5  # this server takes every address
