"""Where the loop used to break off the happy path: declined role models, unreachable role
models, a swap with nobody free, and withdrawing by mistake."""
from sqlmodel import select

from models import Proposal, ProposalStatus, Stage, Volunteer
from models.capacity import excluded_for, missing_requirements
from web.matching.engine import matchable_records

from .conftest import fresh, login_citizen, open_proposal, options
from .test_proposal_flow import _draft


def test_none_fits_is_shown_to_the_coordinator_and_those_role_models_are_not_suggested_again(
        auth, client, db, coordinator, volunteers, young, app):
    sara = young()
    proposal = open_proposal(db, sara, volunteers[:2])
    other = app.test_client()
    login_citizen(other, db, sara)
    from tests.conftest import csrf_token

    other.post("/choose/none", data={"why": "En der kender til musik og computere",
                                     "csrf_token": csrf_token(other)})
    assert fresh(db, Proposal, proposal.id).status == ProposalStatus.DECLINED
    assert excluded_for(db, [sara.id]) == {sara.id: {volunteers[0].id: "declined",
                                                     volunteers[1].id: "declined"}}
    auth.login(coordinator)
    page = auth.client.get(f"/citizens/{sara.id}").get_data(as_text=True)
    assert "En der kender til musik og computere" in page and "Poul Poulsen" in page
    pid = _draft(auth, sara)
    shown = {o.volunteer_id for o in options(db, fresh(db, Proposal, pid))}
    assert shown and not shown & {volunteers[0].id, volunteers[1].id}
    detail = auth.client.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "En der kender til musik og computere" in detail
    assert "sagt nej til før" in detail  # offered for a swap, marked, with a reason required
    first = options(db, fresh(db, Proposal, pid))[0]
    prefix = f"o{first.id}-"
    swapped = auth.post(f"/proposals/{pid}/swap/{first.id}", data={
        prefix + "volunteer": volunteers[0].id, prefix + "reason": "Sara bad selv om Poul igen"})
    assert swapped.status_code == 302
    assert fresh(db, type(first), first.id).swap_reason == "Sara bad selv om Poul igen"


def test_a_role_model_nobody_can_reach_is_not_matchable(db, make, town, volunteers):
    quiet = make.ready_volunteer(town, name="Tavs Tavsen", phone=None, email=None)
    assert missing_requirements(quiet, 0) == ["unreachable"]
    assert str(quiet.id) not in {r["id"] for r in matchable_records(db)}
    quiet.email = "tavs@v.example"
    db.add(quiet)
    db.commit()
    assert str(quiet.id) in {r["id"] for r in matchable_records(db)}


def test_swap_with_nobody_free_says_why_and_who_is_missing_what(
        auth, db, make, town, coordinator, volunteers, young):
    for v in volunteers[3:]:
        v.status = Stage.PAUSED
        db.add(v)
    make.volunteer(town, name="Ny Frivillig", status=Stage.INTERVIEWED, phone="20000009")
    db.commit()
    sara = young()
    auth.login(coordinator)
    pid = _draft(auth, sara)
    assert len(options(db, fresh(db, Proposal, pid))) == 3  # everyone free is shown already
    page = auth.client.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "Ingen andre kan foreslås lige nu" in page and "<select" not in page
    assert "Lene Lund" in page and "Er på pause" in page
    assert "Ny Frivillig" in page and "Børneattest er ikke tjekket OK" in page
    first = options(db, fresh(db, Proposal, pid))[0]
    response = auth.post(f"/proposals/{pid}/swap/{first.id}", data={
        f"o{first.id}-volunteer": volunteers[3].id, f"o{first.id}-reason": "prøv"})
    assert response.status_code == 302
    assert fresh(db, type(first), first.id).volunteer_id == first.volunteer_id


def test_withdrawing_asks_first(auth, db, coordinator, volunteers, young):
    proposal = open_proposal(db, young(), volunteers[:2])
    auth.login(coordinator)
    asked = auth.post(f"/proposals/{proposal.id}/cancel")
    assert asked.status_code == 200 and "Ja, træk det tilbage" in asked.get_data(as_text=True)
    assert fresh(db, Proposal, proposal.id).status == ProposalStatus.OPEN
    auth.post(f"/proposals/{proposal.id}/cancel", data={"confirm": "yes"})
    withdrawn = fresh(db, Proposal, proposal.id)
    assert withdrawn.status == ProposalStatus.CANCELLED and withdrawn.decided_at
    assert db.exec(select(Volunteer)).all()
