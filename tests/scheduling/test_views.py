"""The pages: one-click answers, notification choices, day counts, calendar feed, admin outbox."""
from datetime import timedelta

import icalendar

from models import Event, EventInvite, EventKind, Heartbeat, Municipality, Role, utcnow
from web.scheduling.answer_links import token_hash


def _invite(db, town, starts_in=timedelta(days=10)):
    """An invitation with an answer token."""
    user = town.make.user(town.town, Role.VOLUNTEER)
    volunteer = town.make.volunteer(town.town, user=user)
    event = Event(municipality_id=town.town.id, kind=EventKind.LEARNING, title="Læringsmøde",
                  place="Jobcentret", starts_at=utcnow() + starts_in)
    db.add(event)
    db.flush()
    invite = EventInvite(municipality_id=town.town.id, event_id=event.id,
                         volunteer_id=volunteer.id,
                         answer_token=token_hash(_secret(event.id)))
    db.add(invite)
    db.commit()
    return invite, user


def _secret(event_id) -> str:
    """The secret the invitation's link holds (the row keeps its hash)."""
    return "tok-" + str(event_id) * 8


def test_answer_link_get_only_shows_a_button_post_records(db, town, client, auth):
    invite, _ = _invite(db, town)
    url = f"/invitations/{_secret(invite.event_id)}/yes"
    page = client.get(url)
    assert page.status_code == 200 and "Læringsmøde" in page.get_data(as_text=True)
    db.refresh(invite)
    assert invite.answer is None  # a link scanner's GET changes nothing
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1]
    done = client.post(url, data={"csrf_token": token.split('"')[0]})
    assert done.status_code == 200
    db.refresh(invite)
    assert invite.answer == "yes" and invite.answered_at is not None


def test_answer_link_without_csrf_records_nothing(db, town, client):
    invite, _ = _invite(db, town)
    client.post(f"/invitations/{_secret(invite.event_id)}/no")
    db.refresh(invite)
    assert invite.answer is None


def test_bad_and_past_answer_links(db, town, client):
    assert client.get("/invitations/nope/yes").status_code == 404
    invite, _ = _invite(db, town, starts_in=timedelta(days=-1))
    assert client.get(f"/invitations/{_secret(invite.event_id)}/maybe").status_code == 404
    assert client.get(f"/invitations/{_secret(invite.event_id)}/yes").status_code == 410


def test_notification_choices_with_clear_errors(db, town, auth):
    user = town.make.user(town.town, Role.VOLUNTEER)
    auth.login(user)
    page = auth.post("/notifications/", {"notify_sms": "y", "phone": ""})
    assert page.status_code == 400
    assert "Skriv dit mobilnummer" in page.get_data(as_text=True)
    page = auth.post("/notifications/", {})
    assert "Vælg mindst én måde" in page.get_data(as_text=True)
    db.refresh(user)
    assert user.notify_email and not user.notify_sms  # nothing half-saved
    assert auth.post("/notifications/", {"notify_sms": "y", "phone": "20 30 40 50"}).status_code == 302
    db.refresh(user)
    assert (user.notify_email, user.notify_sms, user.phone) == (False, True, "+4520304050")


def test_coordinator_sets_day_counts_and_bad_input_is_refused(db, town, auth):
    auth.login(town.coordinator)
    page = auth.post("/notifications/rules", {"first_prompt_days": "12", "second_prompt_days": "10",
                                              "risk_alert_days": "28", "proposal_expiry_days": "7"})
    assert page.status_code == 400
    assert "flere dage end første" in page.get_data(as_text=True)
    ok = auth.post("/notifications/rules", {"first_prompt_days": "10", "second_prompt_days": "14",
                                            "risk_alert_days": "21", "proposal_expiry_days": "5"})
    assert ok.status_code == 302
    town = db.get(Municipality, town.town.id)
    db.refresh(town)
    assert (town.first_prompt_days, town.second_prompt_days, town.risk_alert_days) == (10, 14, 21)


def test_volunteer_cannot_change_day_counts(town, auth):
    auth.login(town.make.user(town.town, Role.VOLUNTEER))
    assert auth.client.get("/notifications/rules").status_code == 403


def test_calendar_feed_at_secret_address(db, town, auth, client):
    invite, user = _invite(db, town)
    auth.login(user)
    auth.post("/calendar/token", {"action": "new"})
    db.refresh(user)
    token = user.calendar_token
    assert token
    auth.logout()
    feed = client.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(feed.data)
    assert any("Læringsmøde" in str(e["summary"]) for e in cal.walk("VEVENT"))
    assert user.name.encode() not in feed.data
    assert client.get("/calendar/wrong.ics").status_code == 404


def test_new_calendar_address_stops_the_old_one(db, town, auth, client):
    user = town.make.user(town.town, Role.VOLUNTEER)
    auth.login(user)
    auth.post("/calendar/token", {"action": "new"})
    db.refresh(user)
    old = user.calendar_token
    auth.post("/calendar/token", {"action": "new"})
    assert client.get(f"/calendar/{old}.ics").status_code == 404


def test_admin_sees_stale_heartbeat_as_a_warning(db, make, auth, client):
    admin = make.user(None, Role.ADMIN)
    auth.login(admin)
    assert "Advarsel" in client.get("/admin/scheduler/").get_data(as_text=True)
    db.add(Heartbeat(name="scheduler", last_run_at=utcnow(), details={"sent_total": 3}))
    db.commit()
    page = client.get("/admin/scheduler/").get_data(as_text=True)
    assert "Advarsel" not in page and "Kører" in page
    beat = db.get(Heartbeat, "scheduler")
    beat.last_run_at = utcnow() - timedelta(hours=1)
    db.commit()
    assert "Advarsel" in client.get("/admin/scheduler/").get_data(as_text=True)


def test_only_admin_sees_the_outbox(town, auth, client):
    auth.login(town.coordinator)
    assert client.get("/admin/scheduler/").status_code == 403
