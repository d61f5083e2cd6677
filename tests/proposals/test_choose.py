"""The young person sees the cards, chooses and confirms — or says none fits, at no cost."""
from sqlmodel import select

from models import Match, MatchStatus, Notification, Proposal, ProposalStatus, today
from models.capacity import loads

from .conftest import fresh, login_citizen, open_proposal, options


def test_cards_show_profile_and_reasons_and_the_first_view_is_recorded(client, db, young,
                                                                      volunteers):
    sara = young()
    p = open_proposal(db, sara, volunteers[:3])
    login_citizen(client, db, sara)
    page = client.get("/choose/").get_data(as_text=True)
    assert all(v.first_name in page for v in volunteers[:3])
    assert "Poul Poulsen" not in page  # first names only
    assert "Rødvig" in page and "Tømrer" in page and "Livserfaring" in page
    assert "I bor tæt" in page
    assert "koster dig ikke noget" in page and "ingen får besked" in page
    assert "person-placeholder.svg" in page  # no photo yet: a neutral placeholder with alt text
    first_seen = fresh(db, Proposal, p.id).shown_at
    assert first_seen is not None
    client.get("/choose/")
    assert fresh(db, Proposal, p.id).shown_at == first_seen


def test_choosing_asks_to_confirm_then_starts_the_match(client, db, young, volunteers):
    sara = young()
    p = open_proposal(db, sara, volunteers[:3])
    pick = options(db, p)[1]
    login_citizen(client, db, sara)
    client.get("/choose/")
    confirm = client.get(f"/choose/{pick.id}")
    assert confirm.status_code == 200 and "Ja, jeg vælger Anna" in confirm.get_data(as_text=True)
    assert db.exec(select(Match)).all() == []  # looking at the confirm step changes nothing
    from tests.conftest import csrf_token

    done = client.post(f"/choose/{pick.id}", data={"csrf_token": csrf_token(client)})
    assert done.status_code == 302
    proposal = fresh(db, Proposal, p.id)
    assert proposal.status == ProposalStatus.CHOSEN
    assert proposal.chosen_volunteer_id == volunteers[1].id and proposal.decided_at
    match = db.exec(select(Match)).one()
    assert (match.volunteer_id, match.status, match.started_on) == (
        volunteers[1].id, MatchStatus.ACTIVE, today())
    assert loads(db) == {volunteers[1].id: 1}  # the other holds are released
    # The role model is told, with no details about the young person in the text.
    told = db.exec(select(Notification).where(Notification.user_id == volunteers[1].user_id)).all()
    assert told and all("Sara" not in n.body and "Sara" not in n.subject for n in told)
    home = client.get("/citizen").get_data(as_text=True)
    assert "20000002" in home  # the citizen sees the role model's contact details


def test_saying_none_fits_declines_and_asks_the_coordinator(client, db, young, volunteers,
                                                           coordinator):
    sara = young()
    p = open_proposal(db, sara, volunteers[:2])
    login_citizen(client, db, sara)
    form = client.get("/choose/none").get_data(as_text=True)
    assert "ingen betydning for din ydelse" in form
    from tests.conftest import csrf_token

    too_long = client.post("/choose/none", data={"csrf_token": csrf_token(client), "why": "x" * 501})
    assert too_long.status_code == 400 and "højst 500 tegn" in too_long.get_data(as_text=True)
    assert fresh(db, Proposal, p.id).status == ProposalStatus.OPEN
    done = client.post("/choose/none", data={"csrf_token": csrf_token(client),
                                              "why": "Vil gerne have en yngre"})
    assert done.status_code == 200
    proposal = fresh(db, Proposal, p.id)
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.decline_reason == "Vil gerne have en yngre"
    assert loads(db) == {}
    asked = db.exec(select(Notification).where(Notification.user_id == coordinator.id)).all()
    assert asked and all("Sara" not in n.body for n in asked)
    from models.lifecycle import waiting_citizens

    assert sara.id in {c.id for c in waiting_citizens(db)}
