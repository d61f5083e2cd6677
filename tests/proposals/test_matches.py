"""A match goes active → paused → active → ended, and a switch finds a new role model."""
from datetime import timedelta

from sqlmodel import select

from models import Match, MatchStatus, Meeting, Notification, Proposal, ProposalStatus, Stage
from models import today
from web.matching.engine import matchable_records

from .conftest import fresh, options


def _match(db, citizen, volunteer, days=30):
    """An active match that started ``days`` ago."""
    m = Match(municipality_id=citizen.municipality_id, citizen_id=citizen.id,
              volunteer_id=volunteer.id, started_on=today() - timedelta(days=days))
    db.add(m)
    db.commit()
    return m


def test_pause_resume_end_and_wrong_moves(auth, db, coordinator, volunteers, young):
    m = _match(db, young(), volunteers[0])
    auth.login(coordinator)
    assert auth.post(f"/matches/{m.id}/resume", follow_redirects=True).status_code == 200
    assert fresh(db, Match, m.id).status == MatchStatus.ACTIVE  # not paused: nothing to resume
    auth.post(f"/matches/{m.id}/pause")
    paused = fresh(db, Match, m.id)
    assert paused.status == MatchStatus.PAUSED and paused.paused_at
    auth.post(f"/matches/{m.id}/resume")
    assert fresh(db, Match, m.id).status == MatchStatus.ACTIVE
    bad = auth.post(f"/matches/{m.id}/end", data={"reason": "", "ended_by": "citizen"})
    assert bad.status_code == 400 and "Vælg en" in bad.get_data(as_text=True)
    assert fresh(db, Match, m.id).status == MatchStatus.ACTIVE
    auth.post(f"/matches/{m.id}/end", data={"reason": "moved", "ended_by": "citizen",
                                            "then": "finished", "finished_reason": "moved"})
    ended = fresh(db, Match, m.id)
    assert (ended.status, ended.end_reason, ended.ended_by_role, ended.ended_on) == (
        MatchStatus.ENDED, "moved", "citizen", today())
    assert ended.ended_by_id == coordinator.id
    auth.post(f"/matches/{m.id}/pause")
    assert fresh(db, Match, m.id).status == MatchStatus.ENDED  # an ended match stays ended
    told = db.exec(select(Notification).where(Notification.user_id == volunteers[0].user_id)).all()
    assert told


def test_capacity_follows_start_and_end(auth, db, coordinator, volunteers, young):
    poul = volunteers[0]
    m = _match(db, young(), poul)
    assert str(poul.id) not in {r["id"] for r in matchable_records(db)}
    auth.login(coordinator)
    auth.post(f"/matches/{m.id}/end", data={"reason": "completed", "ended_by": "volunteer",
                                            "then": "finished", "finished_reason": "job"})
    db.expire_all()
    assert str(poul.id) in {r["id"] for r in matchable_records(db)}


def test_paused_volunteer_is_not_suggested(db, volunteers):
    volunteers[2].status = Stage.PAUSED
    db.add(volunteers[2])
    db.commit()
    assert str(volunteers[2].id) not in {r["id"] for r in matchable_records(db)}


def test_end_with_switch_drafts_new_suggestions_without_the_old_role_model(
        auth, db, coordinator, volunteers, young):
    sara = young()
    m = _match(db, sara, volunteers[0])
    auth.login(coordinator)
    response = auth.post(f"/matches/{m.id}/end",
                         data={"reason": "no_click", "ended_by": "citizen", "then": "switch"})
    assert response.status_code == 302 and "/proposals/" in response.headers["Location"]
    draft = db.exec(select(Proposal).where(Proposal.citizen_id == sara.id)).one()
    assert draft.status == ProposalStatus.DRAFT
    shown = {o.volunteer_id for o in options(db, draft)}
    assert shown and volunteers[0].id not in shown  # the ended role model is excluded


def test_switch_later_from_an_ended_match(auth, db, coordinator, volunteers, young):
    sara = young()
    m = _match(db, sara, volunteers[0])
    auth.login(coordinator)
    auth.post(f"/matches/{m.id}/end", data={"reason": "lost_contact", "ended_by": "coordinator",
                                            "then": "finished", "finished_reason": "other"})
    assert fresh(db, type(sara), sara.id).finished_on == today()
    assert auth.post(f"/matches/{m.id}/switch").status_code == 302
    assert fresh(db, type(sara), sara.id).finished_on is None  # a switch brings them back
    draft = db.exec(select(Proposal).where(Proposal.citizen_id == sara.id)).one()
    assert volunteers[0].id not in {o.volunteer_id for o in options(db, draft)}


def test_the_list_shows_age_and_cadence_from_dates_only(auth, db, coordinator, volunteers, young):
    m = _match(db, young("Sara Jensen"), volunteers[0], days=40)
    db.add(Meeting(municipality_id=m.municipality_id, match_id=m.id, volunteer_id=m.volunteer_id,
                   held_on=today() - timedelta(days=20), private_note=b"HEMMELIG"))
    db.commit()
    auth.login(coordinator)
    page = auth.client.get("/matches/").get_data(as_text=True)
    assert "Sara Jensen" in page and "Poul Poulsen" in page
    assert "40 dage" in page or "1 måned" in page or "6 uger" in page
    assert "Forsinket" in page or "Late" in page
    assert "HEMMELIG" not in page
    detail = auth.client.get(f"/matches/{m.id}").get_data(as_text=True)
    assert "HEMMELIG" not in detail
