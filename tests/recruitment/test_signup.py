"""The public sign-up page: saving, bad input, consent, spam and double sign-ups."""
from sqlmodel import select

from models import Stage, Volunteer, VolunteerStep
from web import create_app

from .helpers import coordinator_in, errors

GOOD = {
    "name": "Poul Poulsen", "email": "Poul@Example.dk", "phone": "20 30 40 50",
    "town": "Rødvig", "motivation": "Jeg vil gerne give noget videre.", "consent": "y",
}
URL = "/m/stevns/bliv-rollemodel"


def _volunteers(db):
    """All volunteers, freshly read."""
    db.expire_all()
    return db.exec(select(Volunteer)).all()


def test_page_states_the_commitment_and_asks_for_consent(client, make):
    make.municipality("stevns", "Stevns")
    page = client.get(URL).get_data(as_text=True)
    assert "mindst hver 14. dag" in page and "læringsmøder" in page
    assert "to uddannelsesdage" in page and 'name="consent"' in page
    assert 'class="hp"' in page and "style=" not in page  # hidden by the stylesheet


def test_unknown_municipality_is_404(client, auth, make):
    make.municipality("stevns", "Stevns")
    assert client.get("/m/nowhere/bliv-rollemodel").status_code == 404
    assert auth.post("/m/nowhere/bliv-rollemodel", GOOD).status_code == 404


def test_sign_up_makes_an_interested_volunteer_with_a_step(auth, db, make):
    town = make.municipality("stevns", "Stevns")
    response = auth.post(URL, GOOD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/tak")
    assert "Tak" in auth.client.get(response.headers["Location"]).get_data(as_text=True)
    [v] = _volunteers(db)
    assert (v.municipality_id, v.status, v.external_id) == (town.id, Stage.INTERESTED, "V-0001")
    assert v.email == "poul@example.dk" and v.town == "Rødvig"
    assert v.consent_at is not None and v.consent_version
    [step] = db.exec(select(VolunteerStep)).all()
    assert (step.stage, step.note, step.by_id) == (Stage.INTERESTED, "signup", None)
    auth.post(URL, {**GOOD, "email": "anden@example.dk"})
    assert sorted(x.external_id for x in _volunteers(db)) == ["V-0001", "V-0002"]


def test_numbers_are_per_municipality(auth, db, make):
    make.municipality("stevns", "Stevns")
    make.municipality("skive", "Skive")
    auth.post(URL, GOOD)
    auth.post("/m/skive/bliv-rollemodel", GOOD)
    assert [v.external_id for v in _volunteers(db)] == ["V-0001", "V-0001"]


def test_bad_input_is_answered_next_to_the_field_and_nothing_saved(auth, db, make):
    make.municipality("stevns", "Stevns")
    cases = {
        "name": ("", "Skriv dit navn."),
        "email": ("poul@", "Skriv en hel e-mailadresse"),
        "phone": ("12", "Skriv et dansk telefonnummer med 8 cifre"),
        "town": ("Atlantis", "Vi kender ikke den by"),
        "motivation": ("x" * 1001, "1000"),
    }
    for key, (value, message) in cases.items():
        response = auth.post(URL, {**GOOD, key: value})
        assert response.status_code == 400, key
        assert any(message in e for e in errors(response)), (key, errors(response))
    no_consent = {k: v for k, v in GOOD.items() if k != "consent"}
    response = auth.post(URL, no_consent)
    assert response.status_code == 400 and "Sæt kryds" in " ".join(errors(response))
    assert _volunteers(db) == []


def test_filled_honeypot_pretends_success_and_saves_nothing(auth, db, make):
    make.municipality("stevns", "Stevns")
    response = auth.post(URL, {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/tak")
    assert _volunteers(db) == []


def test_same_email_twice_merges_into_one_volunteer(auth, db, make):
    make.municipality("stevns", "Stevns")
    auth.post(URL, GOOD)
    again = {**GOOD, "email": "poul@example.dk", "phone": "87 65 43 21", "motivation": ""}
    assert auth.post(URL, again).status_code == 302
    [v] = _volunteers(db)
    assert v.phone == "+4587654321" and v.motivation == GOOD["motivation"]
    notes = [s.note for s in db.exec(select(VolunteerStep).order_by(VolunteerStep.id))]
    assert notes == ["signup", "signup_again"]


def test_someone_who_stopped_and_signs_up_again_starts_over(auth, db, make):
    town = make.municipality("stevns", "Stevns")
    make.volunteer(town, email="poul@example.dk", status=Stage.STOPPED, stop_reason="flyttede")
    auth.post(URL, GOOD)
    [v] = _volunteers(db)
    assert v.status == Stage.INTERESTED and v.stop_reason is None


def test_sign_up_is_only_seen_in_its_own_municipality(auth, make):
    make.municipality("stevns", "Stevns")
    _other, coordinator = coordinator_in(make, "hedensted")
    auth.post(URL, GOOD)
    auth.login(coordinator)
    assert "Poul" not in auth.client.get("/volunteers/").get_data(as_text=True)


def test_posts_are_rate_limited_per_address(db_url, tmp_path, make):
    app = create_app({
        "TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": db_url, "RATELIMIT_ENABLED": True,
        "INSTANCE_PATH": str(tmp_path / "rl"), "PHOTO_DIR": str(tmp_path / "p"),
    })
    try:
        make.municipality("stevns", "Stevns")
        from tests.conftest import Auth

        auth = Auth(app.test_client())
        codes = [auth.post(URL, {**GOOD, "email": f"p{i}@example.dk"}).status_code
                 for i in range(6)]
        assert codes == [302] * 5 + [429]
        assert auth.client.get(URL).status_code == 200  # reading the page is not limited
    finally:
        app.extensions["engine"].dispose()
