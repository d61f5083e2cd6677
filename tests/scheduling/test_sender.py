"""The sender: real SMTP delivery, back-off while the server is down, nothing twice."""
import logging
from datetime import date, timedelta

from sqlmodel import select

from models import Notification, utcnow
from web.scheduling.sender import Sender
from web.scheduling.sms import LogSms

from .conftest import local, sweep

START = date(2026, 5, 1)
DUE = local(2026, 5, 31)  # 30 days after the start: a second prompt and an alert each


def pairs(world, n=3):
    """Make ``n`` pairs that are all overdue at DUE."""
    return [world.pair(START, volunteer_name=f"Rolle Model{i}", citizen_name=f"Ung Person{i}")
            for i in range(n)]


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
    assert all(n.sent_at is None and n.failed_at is None and n.attempts >= 1 for n in waiting)
    assert all(n.next_attempt_at > DUE for n in waiting)
    inbox.start()
    now += timedelta(hours=2)
    assert sender.send_due(db, now)["sent"] == 6
    assert sender.send_due(db, now + timedelta(hours=1))["sent"] == 0
    assert len(inbox.messages) == 6 and len(set(inbox.ids())) == 6


def test_message_without_address_is_given_up_not_retried(db, world, sender, inbox):
    _, _, vu, _, _ = world.pair(START)
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
    _, _, vu, _, _ = world.pair(START)
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
