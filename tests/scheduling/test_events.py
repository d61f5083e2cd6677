"""Invitations and reminders for learning meetings, training days and information meetings."""
from datetime import timedelta

from sqlmodel import select

from models import Event, EventInvite, EventKind, Notification, Role, Stage, User, Volunteer
from web.scheduling import answer_links
from web.scheduling.sender import Sender

from .conftest import local, sweep

EVENT_AT = local(2026, 6, 20, 17)  # a Saturday, five in the afternoon


def invite(db, world, *, kind=EventKind.LEARNING, answer=None, starts_at=EVENT_AT, name="Poul P"):
    """An event with one invited role model (who has a login)."""
    user = world.make.user(world.town, Role.VOLUNTEER, name=name)
    volunteer = world.make.ready_volunteer(world.town, user=user, name=name)
    event = Event(municipality_id=world.town.id, kind=kind, title="Læringsmøde",
                  starts_at=starts_at, created_at=starts_at - timedelta(days=40))
    db.add(event)
    db.flush()
    inv = EventInvite(municipality_id=world.town.id, event_id=event.id,
                      volunteer_id=volunteer.id, answer=answer)
    db.add(inv)
    db.commit()
    return inv, user


def db_config():
    """The running app's settings (the sweep runs inside its context)."""
    from flask import current_app

    return current_app.config


def days_before(n, hour=10):
    """The fake clock ``n`` Copenhagen days before the event."""
    d = EVENT_AT.date() - timedelta(days=n)
    return local(d.year, d.month, d.day, hour)


def sent_kinds(db):
    """Return the kinds queued, oldest first."""
    return [n.kind for n in db.exec(select(Notification).order_by(Notification.id))]


def test_invitation_goes_once_with_answer_links(db, world):
    inv, _ = invite(db, world)
    sweep(db, days_before(30))
    sweep(db, days_before(29))
    assert sent_kinds(db) == ["invite"]
    db.refresh(inv)
    note = db.exec(select(Notification)).one()
    # The outbox keeps marks, not links; the invitation keeps the secret's hash only.
    assert f"[[answer:{inv.id}:yes]]" in note.body and f"[[answer:{inv.id}:no]]" in note.body
    assert "/invitations/" not in note.body
    secret = answer_links.token(db_config(), inv.id)
    assert inv.answer_token == answer_links.token_hash(secret) and secret not in note.body
    assert f"/invitations/{secret}/yes" in answer_links.expand(db_config(), note.body)


def test_reminders_seven_days_and_one_day_before(db, world):
    invite(db, world)
    sweep(db, days_before(30))
    sweep(db, days_before(8))
    assert sent_kinds(db) == ["invite"]
    sweep(db, days_before(7))
    assert sent_kinds(db) == ["invite", "remind7"]
    sweep(db, days_before(2))
    assert sent_kinds(db) == ["invite", "remind7"]
    sweep(db, days_before(1))
    sweep(db, days_before(1, hour=20))
    assert sent_kinds(db) == ["invite", "remind7", "remind1"]
    sweep(db, EVENT_AT + timedelta(hours=1))
    assert len(sent_kinds(db)) == 3


def test_no_reminders_after_saying_no(db, world):
    invite(db, world, answer="no")
    for n in (30, 7, 1):
        sweep(db, days_before(n))
    assert sent_kinds(db) == ["invite"]


def test_late_invitation_is_not_followed_by_a_seven_day_reminder(db, world):
    invite(db, world, kind=EventKind.TRAINING)
    sweep(db, days_before(5))
    sweep(db, days_before(4))
    assert sent_kinds(db) == ["invite"]
    sweep(db, days_before(1))
    assert sent_kinds(db) == ["invite", "remind1"]


def test_invitation_text_is_in_the_recipients_language(db, world):
    _, user = invite(db, world, kind=EventKind.INFO)
    user.language = "en"
    db.commit()
    sweep(db, days_before(20))
    note = db.exec(select(Notification)).one()
    assert note.subject.startswith("Invitation: Information meeting")
    # One way of writing dates in English, day before month (never "June 20"), 24-hour time.
    assert "20 Jun 2026 at 17:00" in note.subject


def test_people_without_a_login_get_the_invitation_by_e_mail(app, auth, db, town, inbox):
    world = town  # outside an app context: the pages run as requests do
    coordinator = world.make.user(world.town, Role.COORDINATOR)
    applicant = world.make.volunteer(world.town, name="Ane Nyborg", email="ane@example.dk",
                                     status=Stage.INFO_MEETING)
    unreachable = world.make.volunteer(world.town, name="Bo Udenmail", email=None,
                                       status=Stage.INFO_MEETING)
    event = Event(municipality_id=world.town.id, kind=EventKind.INFO, title="Informationsmøde",
                  starts_at=EVENT_AT, created_at=EVENT_AT - timedelta(days=40))
    db.add(event)
    db.commit()
    auth.login(coordinator)
    page = auth.post(f"/events/{event.id}/invite",
                     {"stage": "", "people": [applicant.id, unreachable.id]},
                     follow_redirects=True).get_data(as_text=True)
    assert "2 inviteret" in page and "Ingen e-mail til Bo Udenmail" in page
    db.expire_all()
    account = db.get(User, db.get(Volunteer, applicant.id).user_id)
    assert account.email == "ane@example.dk" and account.password_hash is None
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port)
    with app.app_context():
        sender = Sender(app.config)
        sweep(db, days_before(30))
        assert sender.send_due(db, days_before(30))["sent"] == 1
        sweep(db, days_before(29))
        assert sender.send_due(db, days_before(29))["sent"] == 0  # once
    (mail,) = inbox.messages
    assert mail["To"] == "ane@example.dk"
    assert "/invitations/" in mail.get_payload(decode=True).decode()
