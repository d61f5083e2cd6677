"""The hotline: a volunteer asks, the coordinator is told at once when urgent, answers, closes."""
from sqlmodel import select

from models import HotlineRequest, Notification


def test_urgent_request_notifies_coordinator_with_a_neutral_text(auth, client, db, pair,
                                                                  coordinator):
    auth.login(pair.user)
    page = client.get("/hotline/").get_data(as_text=True)
    assert "Den er ikke din mødelog" in page
    response = auth.post("/hotline/", {"text": "Sara svarer ikke længere", "urgent": "y"})
    assert response.status_code == 302
    req = db.exec(select(HotlineRequest)).one()
    assert req.urgent and req.text == "Sara svarer ikke længere"
    sent = db.exec(select(Notification).where(Notification.user_id == coordinator.id)).all()
    assert sent and all("Sara" not in n.body and "Sara" not in n.subject for n in sent)
    assert sent[0].link.endswith(f"/hotline/{req.id}")


def test_normal_request_waits_on_the_coordinators_pages(auth, db, pair, coordinator):
    auth.login(pair.user)
    auth.post("/hotline/", {"text": "Et roligt spørgsmål"})
    assert db.exec(select(Notification)).all() == []
    auth.logout()
    auth.login(coordinator)
    assert "Poul Poulsen" in auth.client.get("/coordinator").get_data(as_text=True)


def test_empty_request_is_refused_with_a_message(auth, db, pair):
    auth.login(pair.user)
    page = auth.post("/hotline/", {"text": "  "}).get_data(as_text=True)
    assert "Skriv et par ord" in page
    assert db.exec(select(HotlineRequest)).all() == []


def test_coordinator_sees_urgent_first_answers_and_closes(auth, client, db, make, town, pair,
                                                          coordinator):
    db.add_all([
        HotlineRequest(municipality_id=town.id, volunteer_id=pair.volunteer.id, text="Normal A"),
        HotlineRequest(municipality_id=town.id, volunteer_id=pair.volunteer.id, text="Akut B",
                       urgent=True),
    ])
    db.commit()
    auth.login(coordinator)
    page = client.get("/hotline/").get_data(as_text=True)
    urgent = db.exec(select(HotlineRequest).where(HotlineRequest.urgent)).one()
    normal = db.exec(select(HotlineRequest).where(~HotlineRequest.urgent)).one()
    page = client.get("/hotline/").get_data(as_text=True)
    assert page.index(f"/hotline/{urgent.id}") < page.index(f"/hotline/{normal.id}")
    assert "Akut B" in client.get(f"/hotline/{urgent.id}").get_data(as_text=True)
    assert auth.post(f"/hotline/{urgent.id}", {"answer": ""}).status_code == 200
    assert auth.post(f"/hotline/{urgent.id}", {"answer": "Ring til mig"}).status_code == 302
    told = db.exec(select(Notification).where(Notification.user_id == pair.user.id)).all()
    assert told and all("Ring" not in n.body for n in told)
    assert auth.post(f"/hotline/{urgent.id}/close").status_code == 302
    db.expire_all()
    assert db.get(HotlineRequest, urgent.id).closed_at is not None
    auth.logout()
    auth.login(pair.user)
    assert "Ring til mig" in client.get("/hotline/").get_data(as_text=True)


def test_volunteers_cannot_open_the_coordinators_request_pages(auth, client, db, town, pair):
    req = HotlineRequest(municipality_id=town.id, volunteer_id=pair.volunteer.id, text="x")
    db.add(req)
    db.commit()
    auth.login(pair.user)
    assert client.get(f"/hotline/{req.id}").status_code == 403
    assert auth.post(f"/hotline/{req.id}/close").status_code == 403
