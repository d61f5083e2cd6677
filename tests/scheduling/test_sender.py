"""The sender: real SMTP delivery, back-off while the server is down, nothing twice."""
import logging
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from models import ALL_TENANTS, Notification, scoped_session, utcnow
from web.scheduling.sender import Sender
from web.scheduling.sms import LogSms

from .conftest import ON_POSTGRES, local, sweep, wait_until

START = date(2026, 5, 1)
DUE = local(2026, 5, 31)  # 30 days after the start: a second prompt and an alert each


def pairs(world, n=3):
    """Make ``n`` pairs that are all overdue at DUE (the young people without a login, so the
    messages are the role models' prompts and the coordinator's alerts only)."""
    return [world.pair(START, volunteer_name=f"Rolle Model{i}", citizen_name=f"Ung Person{i}",
                       young_login=False) for i in range(n)]


def test_due_messages_are_delivered_once_and_marked_sent(db, world, sender, inbox):
    pairs(world)
    sweep(db, DUE)
    assert sender.send_due(db, DUE)["sent"] == 6
    assert sender.send_due(db, DUE + timedelta(minutes=1))["sent"] == 0
    sweep(db, DUE + timedelta(hours=1))
    assert sender.send_due(db, DUE + timedelta(hours=1))["sent"] == 0
    assert len(inbox.messages) == 6 and len(set(inbox.ids())) == 6
    db.expire_all()
    assert all(n.sent_at is not None for n in db.exec(select(Notification)))
    body = inbox.messages[0].get_payload()
    assert "http://127.0.0.1:5000/" in body


def test_server_down_for_a_while_then_back(db, world, sender, inbox, caplog):
    pairs(world)
    sweep(db, DUE)
    inbox.stop()
    with caplog.at_level(logging.WARNING, logger="web.scheduling.sender"):
        now = DUE
        for _ in range(5):  # down for a while: tries back off and the log stays quiet
            stats = sender.send_due(db, now)
            assert stats["sent"] == 0
            now += timedelta(minutes=1)
    assert len([r for r in caplog.records if "cannot be reached" in r.message]) == 1
    db.expire_all()
    waiting = db.exec(select(Notification)).all()
    # Waiting out an outage is no attempt of the messages' (issue 15): the sender pauses.
    assert all(n.sent_at is None and n.failed_at is None and n.attempts == 0 for n in waiting)
    assert sender.pause_until > now - timedelta(minutes=1)
    inbox.start()
    now += timedelta(hours=2)
    assert sender.send_due(db, now)["sent"] == 6
    assert sender.send_due(db, now + timedelta(hours=1))["sent"] == 0
    assert len(inbox.messages) == 6 and len(set(inbox.ids())) == 6


def test_message_without_address_is_given_up_not_retried(db, world, sender, inbox):
    _, _, vu, _, _ = world.pair(START, young_login=False)
    vu.email = None
    db.commit()
    world.coordinator.is_active = False  # only the role model's prompt is queued
    db.commit()
    db.add(Notification(municipality_id=world.town.id, user_id=vu.id, kind="prompt2",
                        dedupe_key="x:email", subject="s", body="b"))
    db.commit()
    assert sender.send_due(db, utcnow())["failed"] == 1
    db.expire_all()
    assert db.exec(select(Notification)).one().failed_at is not None
    assert sender.send_due(db, utcnow() + timedelta(days=1))["failed"] == 0


def test_sms_goes_through_the_gateway(db, world, ctx, inbox):
    _, _, vu, _, _ = world.pair(START, young_login=False)
    vu.notify_email, vu.notify_sms, vu.phone = False, True, "+4512345678"
    world.coordinator.is_active = False
    db.commit()
    sms = LogSms()
    sweep(db, DUE)
    assert Sender(ctx.config, sms=sms).send_due(db, DUE)["sent"] == 1
    assert sms.sent[0][0] == "+4512345678" and "http://" in sms.sent[0][1]
    assert inbox.messages == []


def test_log_backend_marks_sent_without_a_server(db, world, ctx, inbox):
    pairs(world, 1)
    inbox.stop()
    ctx.config["MAIL_BACKEND"] = "log"
    sweep(db, DUE)
    assert Sender(ctx.config).send_due(db, DUE)["sent"] == 2


def test_a_sender_with_a_stale_batch_sends_nothing_twice(db, world, ctx, inbox):
    """Another sender delivers everything between this one's read and its first message."""
    pairs(world)
    sweep(db, DUE)
    late, other = Sender(ctx.config), Sender(ctx.config)
    engine = ctx.extensions["engine"]

    turns = []

    def others_turn(session):
        if not turns:  # once: right after this sender read its batch
            with scoped_session(engine, ALL_TENANTS) as own:
                turns.append(other.send_due(own, DUE))

    event.listen(db, "after_commit", others_turn)
    try:
        assert late.send_due(db, DUE)["sent"] == 0
    finally:
        event.remove(db, "after_commit", others_turn)
    assert turns[0]["sent"] == 6
    assert len(inbox.messages) == 6 and len(set(inbox.ids())) == 6


@pytest.mark.postgres
@ON_POSTGRES
def test_two_senders_at_once_deliver_each_message_once(db, world, ctx, inbox):
    """Both read the same due rows; each row is claimed (locked) by one of them only."""
    pairs(world)
    sweep(db, DUE)
    engine = ctx.extensions["engine"]
    inbox.hold = threading.Event()  # the server keeps every message waiting in DATA
    stats = {}

    def send(name):
        with scoped_session(engine, ALL_TENANTS) as session:
            stats[name] = Sender(ctx.config).send_due(session, DUE)

    first = threading.Thread(target=send, args=("first",))
    first.start()
    wait_until(lambda: inbox.held() == 1, "the first sender's first message")
    second = threading.Thread(target=send, args=("second",))
    second.start()  # reads the same six due rows, the first one still unsent
    try:
        wait_until(lambda: inbox.held() == 2, "the second sender's first message")
    finally:
        inbox.hold.set()
        first.join(timeout=60)
        second.join(timeout=60)
    assert len(inbox.messages) == 6 and len(set(inbox.ids())) == 6
    assert stats["first"]["sent"] + stats["second"]["sent"] == 6
    assert stats["first"]["sent"] >= 1 and stats["second"]["sent"] >= 1
    db.expire_all()
    assert all(n.sent_at is not None for n in db.exec(select(Notification)))
