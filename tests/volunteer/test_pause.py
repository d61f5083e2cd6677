"""A volunteer pauses themselves with a return date; the coordinator is told; they resume."""
from datetime import timedelta

from sqlmodel import select

from models import Match, MatchStatus, Notification, Stage, Volunteer, VolunteerStep, today
from models.cadence import cadences


def test_pause_and_resume(auth, client, db, pair, coordinator):
    auth.login(pair.user)
    back = today() + timedelta(days=21)
    response = auth.post("/pause/", {"reason": "holiday", "until": back.isoformat()})
    assert response.status_code == 302
    db.expire_all()
    v = db.get(Volunteer, pair.volunteer.id)
    assert v.status == Stage.PAUSED and v.pause_until == back
    assert db.get(Match, pair.match.id).status == MatchStatus.PAUSED
    assert cadences(db, [db.get(Match, pair.match.id)])[pair.match.id].status == "paused"
    steps = db.exec(select(VolunteerStep).where(VolunteerStep.volunteer_id == v.id)).all()
    assert [s.stage for s in steps] == [Stage.PAUSED]
    assert db.exec(select(Notification).where(Notification.user_id == coordinator.id)).all()
    assert "Du holder pause" in client.get("/volunteer").get_data(as_text=True)
    assert auth.post("/pause/resume").status_code == 302
    db.expire_all()
    assert db.get(Volunteer, v.id).status == Stage.ACTIVE
    assert db.get(Volunteer, v.id).pause_until is None
    assert db.get(Match, pair.match.id).status == MatchStatus.ACTIVE


def test_return_date_must_be_in_the_future(auth, db, pair):
    auth.login(pair.user)
    page = auth.post("/pause/", {"reason": "leave", "until": today().isoformat()})
    assert "Vælg en dato efter i dag." in page.get_data(as_text=True)
    db.expire_all()
    assert db.get(Volunteer, pair.volunteer.id).status == Stage.ACTIVE
    assert db.exec(select(VolunteerStep)).all() == []


def test_a_volunteer_not_yet_active_cannot_pause(auth, db, make, town):
    from models import Role

    user = make.user(town, Role.VOLUNTEER)
    make.volunteer(town, user=user, status=Stage.INTERVIEWED)
    auth.login(user)
    auth.post("/pause/", {"reason": "holiday",
                          "until": (today() + timedelta(days=5)).isoformat()})
    assert db.exec(select(VolunteerStep)).all() == []
    assert auth.post("/pause/resume").status_code == 400
