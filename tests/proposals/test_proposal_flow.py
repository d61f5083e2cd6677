"""The coordinator proposes, swaps and sends; places are held until the proposal expires."""
from datetime import timedelta

from sqlmodel import select

from models import Notification, Proposal, ProposalOption, ProposalStatus, utcnow
from models.capacity import loads
from web.matching.lifecycle import expire_proposals

from .conftest import fresh, open_proposal, options


def _draft(auth, citizen):
    """Ask the engine for suggestions for one young person; return the new draft's id."""
    response = auth.post(f"/proposals/citizen/{citizen.id}")
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_engine_suggestions_become_a_draft_with_reasons_and_model(auth, db, coordinator,
                                                                 volunteers, young):
    sara = young()
    auth.login(coordinator)
    assert auth.client.get(f"/proposals/citizen/{sara.id}").status_code == 200
    pid = _draft(auth, sara)
    proposal = fresh(db, Proposal, pid)
    assert proposal.status == ProposalStatus.DRAFT and proposal.model_label == "prior v1"
    opts = options(db, proposal)
    assert 2 <= len(opts) <= 3
    assert opts[0].volunteer_id == volunteers[0].id  # the carpenter who plays football
    assert {"code": "work", "job": "tømrer"} in opts[0].reasons  # data; the page says it
    # Every shown option records the chance it had of being shown (the round's randomisation).
    assert [o.position for o in opts] == list(range(len(opts)))
    assert all(0 < o.propensity <= 1 for o in opts) and opts[0].propensity == 1
    page = auth.client.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "Poul Poulsen" in page and "prior v1" in page
    assert loads(db) == {}  # a draft holds nothing
    assert auth.client.get(f"/proposals/citizen/{sara.id}").status_code == 302  # goes to the draft


def test_the_coordinator_sees_the_young_persons_cards_with_fit_and_swaps_best_first(
        auth, db, coordinator, volunteers, young):
    """The same card as the young person (photo, first name, age, town, work, free time, offer,
    reasons in words), the fit in words, score and model behind Details, and the best role
    models to swap in listed best first with their reasons; in Danish and in English."""
    sara = young()
    auth.login(coordinator)
    pid = _draft(auth, sara)
    page = auth.client.get(f"/proposals/{pid}").get_data(as_text=True)
    poul = page[page.index('class="card choice option"'):]
    poul = poul[:poul.index("</li>\n  ")] if "</li>\n  " in poul else poul
    for seen in ("Poul, 61", "Rødvig", "Tømrer", "cykelklub", "Livserfaring", "Arbejder som tømrer",
                 "I kan begge lide fodbold", "stærkt match", "<summary>Detaljer</summary>",
                 "person-placeholder.svg"):
        assert seen in poul, seen
    assert "Har god tid" not in page and "score 0." not in page  # the score sits in Details
    swaps = page[page.index('id="swaps-h"'):]
    shown = {o.volunteer_id for o in options(db, fresh(db, Proposal, pid))}
    spare = [v for v in volunteers if v.id not in shown]
    assert spare and all(v.name in swaps for v in spare)
    auth.post("/language", data={"lang": "en", "next": f"/proposals/{pid}"})
    english = auth.client.get(f"/proposals/{pid}").get_data(as_text=True)
    for seen in ("Works as tømrer", "You both like fodbold", "strong match",
                 "<summary>Details</summary>", "Best to swap in"):
        assert seen in english, seen


def test_swap_keeps_who_was_replaced_and_why(auth, db, coordinator, volunteers, young):
    sara = young()
    auth.login(coordinator)
    pid = _draft(auth, sara)
    first = options(db, fresh(db, Proposal, pid))[0]
    original = first.volunteer_id
    shown = {o.volunteer_id for o in options(db, fresh(db, Proposal, pid))}
    spare = next(v for v in volunteers if v.id not in shown)
    prefix = f"o{first.id}-"
    bad = auth.post(f"/proposals/{pid}/swap/{first.id}",
                    data={prefix + "volunteer": spare.id, prefix + "reason": ""})
    assert bad.status_code == 400
    assert "Skriv en kort begrundelse" in bad.get_data(as_text=True)
    assert fresh(db, ProposalOption, first.id).volunteer_id == original
    ok = auth.post(f"/proposals/{pid}/swap/{first.id}",
                   data={prefix + "volunteer": spare.id, prefix + "reason": "Kender familien"})
    assert ok.status_code == 302
    swapped = fresh(db, ProposalOption, first.id)
    assert swapped.volunteer_id == spare.id
    assert swapped.replaced_volunteer_id == original
    assert swapped.swap_reason == "Kender familien"
    assert swapped.propensity is None  # the coordinator's choice: not for off-policy weighting


def test_sending_holds_places_and_gives_the_young_person_a_link(auth, db, coordinator,
                                                                volunteers, young):
    sara = young()
    auth.login(coordinator)
    pid = _draft(auth, sara)
    response = auth.post(f"/proposals/{pid}/send")
    assert response.status_code == 200
    assert "/l/" in response.get_data(as_text=True)  # the personal link to hand over
    proposal = fresh(db, Proposal, pid)
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.expires_at - proposal.sent_at == timedelta(days=7)
    held = {o.volunteer_id for o in options(db, proposal)}
    assert set(loads(db)) == held
    notes = db.exec(select(Notification).where(Notification.user_id == sara.user_id)).all()
    assert notes and all("Poul" not in n.body and "Sara" not in n.body for n in notes)


def test_a_held_last_place_cannot_be_promised_twice(auth, db, coordinator, volunteers, young):
    poul = volunteers[0]
    open_proposal(db, young("Ida Berg"), [poul])
    sara = young()
    auth.login(coordinator)
    pid = _draft(auth, sara)
    assert poul.id not in {o.volunteer_id for o in options(db, fresh(db, Proposal, pid))}
    # Force Poul into the draft anyway (as if suggested before the other proposal went out).
    opt = options(db, fresh(db, Proposal, pid))[0]
    opt.volunteer_id = poul.id
    db.add(opt)
    db.commit()
    response = auth.post(f"/proposals/{pid}/send", follow_redirects=True)
    assert "Ingen ledig plads" in response.get_data(as_text=True)
    assert fresh(db, Proposal, pid).status == ProposalStatus.DRAFT


def test_proposals_expire_and_release_their_hold(client, db, young, volunteers):
    sara = young()
    p = open_proposal(db, sara, volunteers[:2], days=7)
    assert set(loads(db)) == {volunteers[0].id, volunteers[1].id}
    assert expire_proposals(db, utcnow()) == 0
    assert expire_proposals(db, utcnow() + timedelta(days=8)) == 1
    db.commit()
    assert fresh(db, Proposal, p.id).status == ProposalStatus.EXPIRED
    assert loads(db) == {}


def test_expired_proposal_is_expired_lazily_when_the_young_person_looks(client, db, young,
                                                                       volunteers):
    from .conftest import login_citizen

    sara = young()
    p = open_proposal(db, sara, volunteers[:2])
    p.expires_at = utcnow() - timedelta(minutes=1)
    db.add(p)
    db.commit()
    login_citizen(client, db, sara)
    assert client.get("/choose/").status_code == 302
    assert fresh(db, Proposal, p.id).status == ProposalStatus.EXPIRED


def test_a_round_drafts_for_everyone_and_sends_nothing_until_asked(auth, db, coordinator,
                                                                  volunteers, young):
    for v in volunteers:
        v.capacity = 2
        db.add(v)
    db.commit()
    people = [young(f"Ung Nummer{i}") for i in range(3)]
    auth.login(coordinator)
    assert auth.post("/proposals/round").status_code == 302
    drafts = db.exec(select(Proposal)).all()
    assert {p.citizen_id for p in drafts} == {c.id for c in people}
    assert all(p.status == ProposalStatus.DRAFT for p in drafts)
    # Each shown option holds a place once sent, so nobody is shown beyond their free places.
    shown = [o.volunteer_id for o in db.exec(select(ProposalOption)).all()]
    assert max(shown.count(v) for v in set(shown)) <= 2
    page = auth.client.get("/proposals/").get_data(as_text=True)
    assert "Ung Nummer0" in page
    pick = [drafts[0].id, drafts[1].id]
    auth.post("/proposals/round/send", data={"proposal": pick})
    db.expire_all()
    status = {p.id: p.status for p in db.exec(select(Proposal)).all()}
    assert [status[i] for i in pick] == [ProposalStatus.OPEN] * 2
    assert status[drafts[2].id] == ProposalStatus.DRAFT


def test_each_role_model_carries_times_shown_last_shown_and_matchable_since(
        auth, db, app, coordinator, volunteers, young):
    """The round sees how long each role model has waited unseen (since last shown, or since
    they became suggestable) and how often they were shown and chosen."""
    import time_machine

    from web.matching import engine

    sara = young()
    auth.login(coordinator)
    pid = _draft(auth, sara)
    assert auth.post(f"/proposals/{pid}/send").status_code == 200
    shown = {o.volunteer_id for o in options(db, fresh(db, Proposal, pid))}
    with time_machine.travel(utcnow() + timedelta(weeks=10), tick=False):
        with app.app_context():
            from models import set_tenant
            set_tenant(db, coordinator.municipality_id)
            expire_proposals(db)  # unanswered: the places are free again
            db.commit()
            records = {int(r["id"]): r for r in engine.matchable_records(db)}
    assert shown <= set(records) and len(records) == len(volunteers)
    for vid, r in records.items():
        assert r["times_shown"] == (1 if vid in shown else 0) and r["times_chosen"] == 0
        assert 69 <= r["days_unseen"] <= 71
