"""The first meeting: the municipality's café offer and code, shown to both of a pair until
their first meeting is logged, and only in their own municipality."""

from models import Meeting, Municipality, Role, today
from tests.proposals.conftest import login_citizen

from .conftest import login, text

OFFER = {"offer": "Café Havnen giver jer hver en gratis kop kaffe. Vis koden ved disken.",
         "code": "KAFFE-26"}


def _town(db, town):
    """The municipality as stored now."""
    db.expire_all()
    return db.get(Municipality, town.id)


def test_the_coordinator_sets_the_offer_and_both_of_the_pair_see_it(app, db, network, make):
    stevns = network.stevns
    desk = login(app, stevns.coordinator)
    assert desk.post("/first-meeting/", OFFER).status_code == 302
    town = _town(db, stevns.town)
    assert (town.first_meeting_offer, town.first_meeting_code) == (OFFER["offer"], "KAFFE-26")
    assert "KAFFE-26" in text(desk.client.get("/support"))
    pair = stevns.pairs[0]
    poul = login(app, pair.user)
    page = text(poul.client.get(f"/matches/{pair.match.id}/pair"))
    assert "Kaffe på os til jeres første møde" in page and "KAFFE-26" in page
    assert "se tilbuddet" in text(poul.client.get("/volunteer"))

    citizen_user = make.user(stevns.town, Role.CITIZEN, name=pair.citizen.name, email=None)
    pair.citizen.user_id = citizen_user.id
    db.add(pair.citizen)
    db.commit()
    young = app.test_client()
    login_citizen(young, db, pair.citizen)
    assert "KAFFE-26" in text(young.get("/citizen"))
    assert "KAFFE-26" in text(young.get(f"/matches/{pair.match.id}/pair"))
    # Once they have met, the offer has done its job.
    db.add(Meeting(municipality_id=stevns.town.id, match_id=pair.match.id,
                   volunteer_id=pair.volunteer.id, held_on=today()))
    db.commit()
    assert "KAFFE-26" not in text(young.get("/citizen"))
    assert "KAFFE-26" not in text(young.get(f"/matches/{pair.match.id}/pair"))
    assert "se tilbuddet" not in text(poul.client.get("/volunteer"))


def test_another_municipality_never_shows_the_offer(app, db, network):
    login(app, network.stevns.coordinator).post("/first-meeting/", OFFER)
    other = network.hedensted.pairs[0]
    vera = login(app, other.user)
    assert "KAFFE-26" not in text(vera.client.get(f"/matches/{other.match.id}/pair"))
    assert "KAFFE-26" not in text(login(app, network.hedensted.coordinator).client.get("/support"))


def test_a_code_needs_an_offer_and_the_offer_can_be_removed(app, db, network):
    desk = login(app, network.stevns.coordinator)
    for data, message in (({"offer": "", "code": "KAFFE"}, "Skriv også tilbuddet"),
                          ({"offer": "Kaffe", "code": "KAFFE 26!"}, "Brug kun bogstaver"),
                          ({"offer": "x" * 501, "code": ""}, "under 500 tegn")):
        response = desk.post("/first-meeting/", data)
        assert response.status_code == 400 and message in text(response), data
    assert _town(db, network.stevns.town).first_meeting_offer == ""
    desk.post("/first-meeting/", OFFER)
    assert desk.post("/first-meeting/", {"offer": "", "code": ""}).status_code == 302
    town = _town(db, network.stevns.town)
    assert (town.first_meeting_offer, town.first_meeting_code) == ("", None)
    pair = network.stevns.pairs[0]
    page = text(login(app, pair.user).client.get(f"/matches/{pair.match.id}/pair"))
    assert "Kaffe på os" not in page
    assert login(app, pair.user).post("/first-meeting/", OFFER).status_code == 403
