"""The duty of confidentiality: signed by the role model in the service before a first match,
version and time recorded; a new version asks again before the next match, and ends none."""
import pytest
from sqlmodel import select

from models import Match, MatchStatus, Municipality, Role, User, Volunteer, scoped_session
from models import confidentiality
from models.capacity import matchable_volunteers, missing_requirements

from .conftest import login, text


@pytest.fixture
def newcomer(make, network):
    """An active, screened and trained role model with a login who has not signed yet."""
    user = make.user(network.stevns.town, Role.VOLUNTEER, name="Nina Ny")
    volunteer = make.ready_volunteer(network.stevns.town, user=user, name="Nina Ny",
                                     confidentiality_version=None, confidentiality_signed_at=None)
    return volunteer


def _matchable(app, town) -> set[str]:
    """The names of the municipality's role models who can be suggested now."""
    with scoped_session(app.extensions["engine"], town.id) as session:
        return {v.name for v, _load in matchable_volunteers(session)}


def _fresh(db, volunteer) -> Volunteer:
    """The volunteer as stored now."""
    db.expire_all()
    return db.get(Volunteer, volunteer.id)


def test_sign_before_the_first_match(app, db, network, newcomer):
    town = network.stevns.town
    assert missing_requirements(newcomer, 0) == ["confidentiality"]
    assert "Nina Ny" not in _matchable(app, town)
    desk = login(app, network.stevns.coordinator)
    profile = text(desk.client.get(f"/volunteers/{newcomer.id}"))
    assert "Har ikke underskrevet den gældende tavshedserklæring" in profile
    assert "Ikke underskrevet" in profile
    nina = login(app, db.get(User, newcomer.user_id))
    home = text(nina.client.get("/volunteer"))
    assert "Før du kan blive matchet med en ung" in home and "/confidentiality" in home
    page = text(nina.client.get("/confidentiality"))
    assert "Tavshedserklæring, version 2026-1" in page and "Jeg lover:" in page
    refused = nina.post("/confidentiality", {"version": "2026-1"})  # not ticked
    assert refused.status_code == 400 and "Sæt flueben for at underskrive." in text(refused)
    assert _fresh(db, newcomer).confidentiality_version is None
    assert nina.post("/confidentiality", {"version": "2026-1", "agree": "y"}).status_code == 302
    signed = _fresh(db, newcomer)
    assert signed.confidentiality_version == "2026-1" and signed.confidentiality_signed_at
    assert "Nina Ny" in _matchable(app, town)
    assert "Læs og underskriv" not in text(nina.client.get("/volunteer"))
    assert "Du underskrev denne version" in text(nina.client.get("/confidentiality"))
    profile = text(desk.client.get(f"/volunteers/{newcomer.id}"))
    assert "Underskrevet" in profile and "version 2026-1" in profile


def test_a_text_changed_while_reading_is_not_signed(app, db, network, newcomer):
    nina = login(app, db.get(User, newcomer.user_id))
    response = nina.post("/confidentiality", {"version": "2019-1", "agree": "y"})
    assert response.status_code == 400 and "Teksten er lige blevet ændret" in text(response)
    assert _fresh(db, newcomer).confidentiality_version is None


def test_the_text_is_read_in_the_chosen_language(app, db, network, newcomer):
    nina = login(app, db.get(User, newcomer.user_id))
    nina.post("/language", {"lang": "en", "next": "/confidentiality"})
    page = text(nina.client.get("/confidentiality"))
    assert "I promise:" in page and "Duty of confidentiality" in page


def test_a_new_version_asks_again_before_the_next_match_and_ends_none(app, db, network,
                                                                      monkeypatch):
    pair = network.stevns.pairs[0]
    db.get(Volunteer, pair.volunteer.id).capacity = 2  # room for a second young person
    db.commit()
    assert "Poul Poulsen" in _matchable(app, network.stevns.town)
    monkeypatch.setitem(confidentiality.TEXTS, "2027-1", {"da": "Ny tekst. Jeg lover alt.",
                                                          "en": "New text. I promise all."})
    monkeypatch.setattr(confidentiality, "CURRENT_VERSION", "2027-1")
    assert "Poul Poulsen" not in _matchable(app, network.stevns.town)
    assert db.get(Match, pair.match.id).status == MatchStatus.ACTIVE  # the match goes on
    poul = login(app, pair.user)
    home = text(poul.client.get("/volunteer"))
    assert "Der er en ny version af tavshedserklæringen" in home and "Sara" in home
    page = text(poul.client.get("/confidentiality"))
    assert "Ny tekst. Jeg lover alt." in page and "siden du underskrev version 2026-1" in page
    desk = login(app, network.stevns.coordinator)
    assert "Ny version skal underskrives" in text(desk.client.get(f"/volunteers/{pair.volunteer.id}"))
    poul.post("/confidentiality", {"version": "2027-1", "agree": "y"})
    assert _fresh(db, pair.volunteer).confidentiality_version == "2027-1"
    assert "Poul Poulsen" in _matchable(app, network.stevns.town)


def test_only_a_role_model_signs_and_only_their_own(app, db, network):
    desk = login(app, network.stevns.coordinator)
    assert desk.client.get("/confidentiality").status_code == 403
    assert desk.post("/confidentiality", {"version": "2026-1", "agree": "y"}).status_code == 403


def test_the_demo_role_models_stay_matchable(app, db):
    from seed.demo import load_demo

    load_demo(db, photo_dir=app.config["PHOTO_DIR"])
    db.commit()
    active = db.exec(select(Volunteer).where(Volunteer.user_id.is_not(None))).all()
    assert active and all(confidentiality.has_signed(v) for v in active)
    for town in db.exec(select(Municipality)).all():
        assert len(_matchable(app, town)) >= 3
