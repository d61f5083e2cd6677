"""The smaller seams: the hotline conversation, calendar addresses, the outbox in words, one
way of writing dates, no demo event on a holiday."""
from datetime import date, datetime

import holidays
import time_machine
from sqlmodel import select

from models import Event, HotlineRequest, Notification, Role, Volunteer, utcnow
from seed.dates import working_day


def test_after_answering_the_coordinator_stays_in_the_conversation(auth, db, make, town,
                                                                  coordinator):
    volunteer = make.volunteer(town, user=make.user(town, Role.VOLUNTEER))
    req = make._save(HotlineRequest(municipality_id=town.id, volunteer_id=volunteer.id,
                                    text="Hvad gør jeg?"))
    auth.login(coordinator)
    response = auth.post(f"/hotline/{req.id}", {"answer": "Ring til mig"})
    assert response.headers["Location"].endswith(f"/hotline/{req.id}")


def test_the_first_calendar_address_does_not_speak_of_an_old_one(auth, make, town):
    user = make.user(town, Role.VOLUNTEER)
    make.volunteer(town, user=user)
    auth.login(user)
    first = auth.post("/calendar/token", {"action": "new"}, follow_redirects=True)
    assert "er klar" in first.get_data(as_text=True)
    assert "gamle" not in first.get_data(as_text=True)
    again = auth.post("/calendar/token", {"action": "new"}, follow_redirects=True)
    assert "Den gamle virker ikke længere" in again.get_data(as_text=True)


def test_the_outbox_says_in_words_what_and_what_went_wrong(auth, db, make, town):
    admin = make.user(None, Role.ADMIN)
    user = make.user(town, Role.COORDINATOR)
    for kind, error in (("needs_suggestions", "[Errno 111] Connection refused"),
                        ("event_place", "(550, b'5.1.1 user unknown')")):
        db.add(Notification(municipality_id=town.id, user_id=user.id, kind=kind,
                            dedupe_key=f"{kind}:x", subject="s", body="b", attempts=1,
                            last_error=error, failed_at=utcnow() if "550" in error else None))
    db.commit()
    auth.login(admin)
    page = auth.client.get("/admin/scheduler/").get_data(as_text=True)
    assert "needs_suggestions" not in page and "Errno" not in page and "550" not in page
    assert "En ung har brug for nye forslag" in page
    assert "Mailserveren kunne ikke nås." in page and "Mailserveren afviste beskeden." in page


def test_english_dates_put_the_day_before_the_month(auth, db, make, town, coordinator):
    coordinator.language = "en"
    db.add(coordinator)
    db.commit()
    make.volunteer(town, name="Dato Datosen", status="interested")
    db.add(Event(municipality_id=town.id, kind="learning_meeting", title="Learning",
                 starts_at=datetime(2026, 3, 26, 16, 0, tzinfo=__import__("datetime").UTC)))
    db.commit()
    auth.login(coordinator)
    event_id = db.exec(select(Event.id)).one()
    page = auth.client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "26 Mar 2026 at 17:00" in page and "Mar 26" not in page and "5:00 PM" not in page


def test_no_demo_event_on_a_danish_holiday(db, tmp_path):
    assert working_day(date(2026, 12, 24)) == date(2026, 12, 28)
    assert working_day(date(2026, 6, 5)) == date(2026, 6, 8)
    from seed import demo

    # On 1 December a learning meeting "24 days ahead" would be on Christmas Day.
    with time_machine.travel(datetime(2026, 12, 1, 9, 0), tick=False):
        demo.load_demo(db, photo_dir=str(tmp_path / "photos"))
        db.commit()
    closed = holidays.country_holidays("DK", years=(2026, 2027), categories=("public", "optional"))
    days = [e.starts_at.date() for e in db.exec(select(Event)).all()]
    assert days and not [d for d in days if d in closed or d.weekday() >= 5]
    assert db.exec(select(Volunteer)).first().external_id.startswith("V-0")
