"""Events: planning in Copenhagen time, inviting, ticking attendance, training days counted."""
from datetime import UTC, date, datetime

from sqlmodel import select

from models import Event, EventInvite, EventKind, Stage, Volunteer

from .helpers import coordinator_in, errors, event

GOOD = {"kind": "info_meeting", "title": "Informationsmøde om rollemodeller",
        "starts_at": "2026-07-01T19:00", "duration_minutes": "90", "place": "Rådhuset, Store Heddinge",
        "capacity": "30", "topic": "Hvad er en rollemodel?"}


def test_event_time_is_copenhagen_time_stored_in_utc(auth, db, make):
    town, coordinator = coordinator_in(make)
    auth.login(coordinator)
    response = auth.post("/events/new", GOOD)
    assert response.status_code == 302
    e = db.exec(select(Event)).one()
    assert e.starts_at == datetime(2026, 7, 1, 17, 0, tzinfo=UTC)  # summer time: UTC+2
    assert (e.capacity, e.duration_minutes, e.created_by_id) == (30, 90, coordinator.id)
    auth.post(f"/events/{e.id}/edit", {**GOOD, "starts_at": "2026-12-01T19:00"})
    db.expire_all()
    assert db.get(Event, e.id).starts_at == datetime(2026, 12, 1, 18, 0, tzinfo=UTC)  # winter
    assert 'value="2026-12-01T19:00"' in auth.client.get(f"/events/{e.id}/edit").get_data(
        as_text=True)
    assert "Informationsmøde om rollemodeller" in auth.client.get("/events/").get_data(
        as_text=True)


def test_event_bad_input_saves_nothing(auth, db, make):
    _town, coordinator = coordinator_in(make)
    auth.login(coordinator)
    cases = [
        ({"title": ""}, "Skriv en titel"),
        ({"kind": "party"}, "Vælg en af de viste"),
        ({"starts_at": "i morgen"}, "dato og klokkeslæt"),
        ({"starts_at": ""}, "dato og klokkeslæt"),
        ({"duration_minutes": "5"}, "fra 15 til 720"),
        ({"duration_minutes": "lang"}, "hele minutter"),
        ({"place": ""}, "hvor det foregår"),
        ({"capacity": "0"}, "fra 1 til 500"),
        ({"capacity": "mange"}, "helt tal"),
    ]
    for change, message in cases:
        response = auth.post("/events/new", {**GOOD, **change})
        assert response.status_code == 400, change
        assert any(message in e for e in errors(response)), (change, errors(response))
    assert db.exec(select(Event)).all() == []


def test_invite_a_stage_and_picked_people_once(auth, db, make):
    town, coordinator = coordinator_in(make)
    called = [make.volunteer(town, status=Stage.CALLED, name=f"Ringet {i}") for i in range(3)]
    picked = make.volunteer(town, status=Stage.INTERESTED, name="Valgt Person")
    make.volunteer(town, status=Stage.STOPPED, name="Stoppet Person")
    e = event(make, town)
    auth.login(coordinator)
    page = auth.client.get(f"/events/{e.id}").get_data(as_text=True)
    assert "Stoppet Person" not in page and "Valgt Person" in page
    response = auth.post(f"/events/{e.id}/invite", {"stage": "called", "people": [picked.id]})
    assert response.status_code == 302
    auth.post(f"/events/{e.id}/invite", {"stage": "called"})  # again: nobody twice
    invited = {i.volunteer_id for i in db.exec(select(EventInvite))}
    assert invited == {v.id for v in called} | {picked.id}
    nothing = auth.post(f"/events/{e.id}/invite", {"stage": ""})
    assert nothing.status_code == 400 and "Vælg et trin" in " ".join(errors(nothing))
    stranger = auth.post(f"/events/{e.id}/invite", {"people": [99999]})
    assert stranger.status_code == 400


def test_attendance_ticks_count_training_days(auth, db, make):
    town, coordinator = coordinator_in(make)
    a = make.volunteer(town, status=Stage.SCREENED, name="Anna")
    b = make.volunteer(town, status=Stage.SCREENED, name="Bent")
    day1 = event(make, town, EventKind.TRAINING, datetime(2026, 3, 1, 23, 30, tzinfo=UTC),
                 title="Uddannelsesdag 1")  # 00:30 on 2 March in Copenhagen
    day2 = event(make, town, EventKind.TRAINING, datetime(2026, 3, 8, 8, 0, tzinfo=UTC),
                 title="Uddannelsesdag 2")
    auth.login(coordinator)
    for e in (day1, day2):
        auth.post(f"/events/{e.id}/invite", {"stage": "screened"})
    ids = {(i.event_id, i.volunteer_id): i.id for i in db.exec(select(EventInvite))}
    auth.post(f"/events/{day1.id}/attendance", {"attended": [ids[day1.id, a.id], ids[day1.id, b.id]]})
    auth.post(f"/events/{day2.id}/attendance", {"attended": [ids[day2.id, a.id]]})
    db.expire_all()
    va, vb = db.get(Volunteer, a.id), db.get(Volunteer, b.id)
    assert (va.training_day1_on, va.training_day2_on) == (date(2026, 3, 2), date(2026, 3, 8))
    assert (vb.training_day1_on, vb.training_day2_on) == (date(2026, 3, 2), None)
    attended = {i.volunteer_id: i.attended for i in db.exec(
        select(EventInvite).where(EventInvite.event_id == day2.id))}
    assert attended == {a.id: True, b.id: False}
    # Unticking by mistake and saving again takes the day back off.
    auth.post(f"/events/{day2.id}/attendance", {})
    db.expire_all()
    assert db.get(Volunteer, a.id).training_day2_on is None
    page = auth.client.get(f"/volunteers/{a.id}").get_data(as_text=True)
    assert "Uddannelsesdag 1" in page


def test_learning_meeting_attendance_leaves_training_alone(auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town, status=Stage.ACTIVE)
    e = event(make, town, EventKind.LEARNING, title="Læringsmøde")
    auth.login(coordinator)
    auth.post(f"/events/{e.id}/invite", {"stage": "active"})
    invite = db.exec(select(EventInvite)).one()
    auth.post(f"/events/{e.id}/attendance", {"attended": [invite.id]})
    db.expire_all()
    assert db.get(EventInvite, invite.id).attended is True
    assert db.get(Volunteer, v.id).training_day1_on is None
