"""From the public sign-up to an active, matchable role model with a photo, all by the browser."""
import re

from sqlmodel import select

from models import Volunteer, today
from models.capacity import matchable_volunteers, missing_requirements
from models.confidentiality import current_version

from ..conftest import Auth
from ..factories import Factory

from .helpers import coordinator_in, image_bytes, upload


def test_sign_up_to_matchable_role_model(app, auth, db, make):
    town, coordinator = coordinator_in(make)
    auth.post("/m/stevns/bliv-rollemodel", {
        "name": "Poul Poulsen", "email": "poul@example.dk", "phone": "20304050",
        "town": "Rødvig", "motivation": "Vil gerne hjælpe", "consent": "y"})
    v = db.exec(select(Volunteer)).one()
    now = today().isoformat()
    auth.login(coordinator)
    assert "Poul Poulsen" in auth.client.get("/volunteers/").get_data(as_text=True)
    auth.post(f"/volunteers/{v.id}/call-guide", {
        "called_on": now, "commitment": "yes", "info_meeting": "yes",
        "availability": ["weekday_evening"]})
    auth.post("/events/new", {"kind": "info_meeting", "title": "Info", "place": "Rådhuset",
                              "starts_at": f"{now}T08:00", "duration_minutes": "60"})
    info_id = int(re.search(r"/events/(\d+)", auth.client.get("/events/").get_data(
        as_text=True)).group(1))
    auth.post(f"/events/{info_id}/invite", {"stage": "called"})
    auth.post(f"/volunteers/{v.id}/move", {"stage": "info_meeting", "on_date": now})
    auth.post(f"/volunteers/{v.id}/match-guide", {
        "held_on": now, "birth_year": "1963", "gender": "m", "occupation": "Efterlønner",
        "interests": "cykling", "offers": "Livserfaring", "capacity": "1",
        "availability": ["weekday_evening"], "photo": upload(image_bytes())},
        content_type="multipart/form-data")
    for cert in ("child", "criminal"):
        auth.post(f"/volunteers/{v.id}/screening",
                  {"certificate": cert, "checked_on": now, "result": "ok"})
    auth.post(f"/volunteers/{v.id}/move", {"stage": "screened", "on_date": now})
    auth.post(f"/volunteers/{v.id}/training", {"day": "1", "held_on": "2026-01-10"})
    auth.post(f"/volunteers/{v.id}/training", {"day": "2", "held_on": "2026-01-17"})
    auth.post(f"/volunteers/{v.id}/move", {"stage": "trained", "on_date": now})
    auth.post(f"/volunteers/{v.id}/move", {"stage": "active", "on_date": now})
    db.expire_all()
    v = db.get(Volunteer, v.id)
    assert v.photo and v.user_id and missing_requirements(v, 0) == ["confidentiality"]
    from models import User, scoped_session

    with scoped_session(app.extensions["engine"], town.id) as session:
        assert matchable_volunteers(session) == []
    # The role model logs in for the first time and signs the duty of confidentiality.
    db.get(User, v.user_id).password_hash = Factory.password_hash()
    db.commit()
    own = Auth(app.test_client())
    own.login(db.get(User, v.user_id))
    assert "Læs og underskriv" in own.client.get("/volunteer").get_data(as_text=True)
    assert own.post("/confidentiality", {"version": current_version(), "agree": "y"}
                    ).status_code == 302
    db.expire_all()
    assert missing_requirements(db.get(Volunteer, v.id), 0) == []
    with scoped_session(app.extensions["engine"], town.id) as session:
        assert [m.id for m, _load in matchable_volunteers(session)] == [v.id]
    page = auth.client.get(f"/volunteers/{v.id}").get_data(as_text=True)
    assert "Aktiv, tjekket og uddannet" in page
