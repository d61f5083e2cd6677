"""Registering, listing and editing young citizens; the citizen's own profile."""
import re

import pytest
from sqlmodel import select

from models import Citizen, Role

GOOD = {
    "name": "Sara Jensen", "birth_year": "2003", "gender": "f", "town": "Store Heddinge",
    "phone": "20 30 40 50", "email": "sara@example.dk", "interests": "fodbold, tegning",
    "wishes": "tømrer", "languages": "dansk", "availability": ["weekend", "weekday_day"],
    "preferred_gender": "", "max_distance_km": "25", "legal_basis": "consent", "consent": "y",
}


@pytest.fixture
def coordinator(make, auth):
    """A logged-in coordinator of Stevns."""
    town = make.municipality("stevns", "Stevns")
    user = make.user(town, Role.COORDINATOR, name="Karen Holm")
    auth.login(user)
    return user


def test_register_records_profile_consent_and_external_id(auth, coordinator, db):
    r = auth.post("/citizens/new", data=GOOD)
    assert r.status_code == 302, r.get_data(as_text=True)
    sara = db.exec(select(Citizen)).one()
    assert sara.external_id == "C-0001" and sara.municipality_id == coordinator.municipality_id
    assert sara.interests == ["fodbold", "tegning"] and sara.birth_year == 2003
    assert sara.availability == ["weekday_day", "weekend"] and sara.preferred_gender is None
    assert sara.legal_basis == "consent" and sara.consent_text_version == "2026-1"
    assert sara.consent_recorded_by_id == coordinator.id and sara.consent_recorded_at
    page = auth.client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Sara Jensen" in page and "tekstversion 2026-1" in page and "Karen Holm" in page
    assert auth.post("/citizens/new", data={**GOOD, "name": "Bo"}).status_code == 302
    assert db.exec(select(Citizen.external_id).where(Citizen.name == "Bo")).one() == "C-0002"


def test_form_shows_consent_text_and_town_suggestions(auth, coordinator):
    page = auth.client.get("/citizens/new").get_data(as_text=True)
    assert "Samtykketekst, version 2026-1" in page and "koster mig ingenting" in page
    assert '<datalist id="towns">' in page and '<option value="Rødvig">' in page
    assert "problem" not in page.split("<form")[1].lower().replace("problemer her", "")


BAD = [
    ("name", "", "Skal udfyldes."),
    ("name", "x" * 121, "Må højst være 120 tegn."),
    ("birth_year", "", "Skal udfyldes."),
    ("birth_year", "to tusind", "Skal være et årstal, fx 2004."),
    ("birth_year", "1890", "ville gøre den unge"),
    ("birth_year", "1950", "forløbet er for unge fra 15 til 30 år"),
    ("gender", "q", "Skal være en af: f, m, x – eller på dansk: kvinde"),
    ("town", "Atlantis", "Er ikke en dansk by, vi kender."),
    ("town", "", "Skal udfyldes."),
    ("phone", "ring til mor", "Skriv et dansk telefonnummer med 8 cifre"),
    ("email", "sara-at-home", "Skriv en e-mailadresse som navn@eksempel.dk."),
    ("interests", "x" * 61, "Hvert punkt må højst være 60 tegn."),
    ("interests", ", ".join(f"i{n}" for n in range(21)), "Må højst have 20 punkter."),
    ("wishes", "x" * 501, "Må højst være 500 tegn."),
    ("languages", "y" * 61, "Hvert punkt må højst være 60 tegn."),
    ("availability", ["sometimes"], "Vælg blandt de viste tidspunkter."),
    ("preferred_gender", "z", "Skal være en af: f, m, x – eller på dansk: kvinde"),
    ("max_distance_km", "-4", "Skal være et helt tal mellem 1 og 500."),
    ("max_distance_km", "langt", "Skal være et helt tal mellem 1 og 500."),
    ("legal_basis", "", "Vælg hjemmel."),
    ("legal_basis", "because", "Vælg hjemmel."),
]


def _rounds():
    """Group the bad values so each form post has at most one bad value per field."""
    rounds = []
    for name, value, message in BAD:
        for r in rounds:
            if name not in r:
                r[name] = (value, message)
                break
        else:
            rounds.append({name: (value, message)})
    return rounds


def test_bad_input_is_answered_next_to_the_field_and_nothing_saved(auth, coordinator, db):
    for bad in _rounds():
        data = {**GOOD, **{name: value for name, (value, _) in bad.items()}}
        r = auth.post("/citizens/new", data={k: v for k, v in data.items() if v != ""})
        page = r.get_data(as_text=True)
        assert r.status_code == 400
        for name, (value, message) in bad.items():
            error = re.search(rf'<p class="error" id="{name}-error">(.*?)</p>', page, re.S)
            assert error and message in error.group(1), (name, value, error and error.group(1))
        assert db.exec(select(Citizen)).all() == []
    r = auth.post("/citizens/new", data={k: v for k, v in GOOD.items() if k != "consent"})
    assert r.status_code == 400 and "Sæt kryds, når den unge har sagt ja" in re.search(
        r'<p class="error" id="consent-error">(.*?)</p>', r.get_data(as_text=True), re.S).group(1)
    assert db.exec(select(Citizen)).all() == []


def test_public_task_needs_no_consent_tick(auth, coordinator, db):
    data = {**GOOD, "legal_basis": "public_task"}
    data.pop("consent")
    assert auth.post("/citizens/new", data=data).status_code == 302
    c = db.exec(select(Citizen)).one()
    assert c.legal_basis == "public_task" and c.consent_text_version is None


def test_edit_changes_profile_and_keeps_consent_record(auth, coordinator, make, db):
    c = make.citizen(db.get(type(coordinator), coordinator.id).municipality_id and
                     _town(db, coordinator), name="Ali Hansen", birth_year=2002, town="Køge")
    page = auth.client.get(f"/citizens/{c.id}/edit").get_data(as_text=True)
    assert 'value="Ali Hansen"' in page and 'value="2002"' in page
    r = auth.post(f"/citizens/{c.id}/edit", data={**GOOD, "name": "Ali Holm"})
    assert r.status_code == 302
    db.expire_all()
    c = db.get(Citizen, c.id)
    assert c.name == "Ali Holm" and c.town == "Store Heddinge" and c.external_id.startswith("C")
    first = c.consent_recorded_at
    auth.post(f"/citizens/{c.id}/edit", data={**GOOD, "name": "Ali Holm", "wishes": "smed"})
    db.expire_all()
    assert db.get(Citizen, c.id).consent_recorded_at == first
    r = auth.post(f"/citizens/{c.id}/edit", data={**GOOD, "birth_year": "1800"})
    assert r.status_code == 400
    db.expire_all()
    assert db.get(Citizen, c.id).birth_year == 2003


def _town(db, user):
    """The municipality of ``user``."""
    from models import Municipality

    return db.get(Municipality, user.municipality_id)


def test_list_searches_and_flags_missing_legal_basis(auth, coordinator, make, db):
    town = _town(db, coordinator)
    make.citizen(town, name="Sara Jensen", town="Køge")
    make.citizen(town, name="Bjørn Ærø", town="Rødvig", legal_basis="consent")
    page = auth.client.get("/citizens/").get_data(as_text=True)
    assert "Sara Jensen" in page and "Bjørn Ærø" in page and "Hjemmel mangler" in page
    page = auth.client.get("/citizens/?q=rødvig").get_data(as_text=True)
    assert "Bjørn Ærø" in page and "Sara Jensen" not in page


def test_list_uses_a_bounded_number_of_queries(app, auth, coordinator, make, db):
    import sqlalchemy as sa

    town = _town(db, coordinator)
    counts = []
    for n in (1, 15):
        for i in range(n):
            make.citizen(town, name=f"Ung {n}-{i}")
        seen = []
        listener = lambda *a, **k: seen.append(1)  # noqa: E731
        sa.event.listen(app.extensions["engine"], "before_cursor_execute", listener)
        assert auth.client.get("/citizens/").status_code == 200
        sa.event.remove(app.extensions["engine"], "before_cursor_execute", listener)
        counts.append(len(seen))
    assert counts[0] == counts[1]


def test_other_municipalitys_citizen_is_404(auth, coordinator, make):
    other = make.citizen(make.municipality("hedensted"), name="Borger Hedensted")
    assert auth.client.get(f"/citizens/{other.id}/edit").status_code == 404
    assert auth.post(f"/citizens/{other.id}/edit", data=GOOD).status_code == 404
    assert "Borger Hedensted" not in auth.client.get("/citizens/").get_data(as_text=True)


def test_citizen_sees_and_corrects_own_profile_only(app, make, db):
    from .conftest_helpers import citizen_login

    town = make.municipality("stevns", "Stevns")
    other = make.citizen(town, name="Anden Ung", phone="87654321", wishes="pilot")
    client, me = citizen_login(app, make, town, name="Sara Jensen", wishes="tømrer",
                               legal_basis="consent", consent_text_version="2026-1")
    page = client.get("/citizens/me").get_data(as_text=True)
    assert "Sara Jensen" in page and "tømrer" in page and "koster mig ingenting" in page
    assert "Anden Ung" not in page and "pilot" not in page
    from .conftest_helpers import post

    r = post(client, "/citizens/me", {"phone": "22 33 44 55", "email": "", "interests": "musik",
                                      "wishes": "kok", "languages": "dansk",
                                      "availability": ["weekend"]})
    assert r.status_code == 302
    db.expire_all()
    mine = db.get(Citizen, me.id)
    assert mine.phone == "+4522334455" and mine.wishes == "kok" and mine.interests == ["musik"]
    assert mine.name == "Sara Jensen"
    r = post(client, "/citizens/me", {"phone": "ring", "wishes": "x"})
    assert r.status_code == 400 and 'id="phone-error"' in r.get_data(as_text=True)
    assert client.get(f"/citizens/{other.id}").status_code == 403
    assert client.get("/citizens/").status_code == 403
    assert client.get("/imports/").status_code == 403
