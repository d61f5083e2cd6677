""""Mente du …?": a misspelled town gets the nearest known towns, in imports and on forms."""
from models.towns import nearest_towns
from tests.citizens.test_citizens import GOOD as CITIZEN
from tests.recruitment.test_signup import GOOD as SIGNUP
from tests.recruitment.test_signup import URL as SIGNUP_URL


def test_nearest_towns_forgive_missing_danish_letters_and_typos():
    assert nearest_towns("Rødvik") == ("Rødvig",)
    assert nearest_towns("Naestvd")[0] == "Næstved"
    assert nearest_towns("Hedenstedt") == ("Hedensted",)
    assert nearest_towns("Gotham") == ()


def test_citizen_form_suggests_the_town(auth, coordinator):
    auth.login(coordinator)
    response = auth.post("/citizens/new", data={**CITIZEN, "town": "Rødvik"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Er ikke en dansk by, vi kender. Mente du Rødvig?" in page
    assert "Rødvig?." not in page


def test_sign_up_suggests_the_town(auth, make):
    make.municipality("stevns", "Stevns")
    page = auth.post(SIGNUP_URL, {**SIGNUP, "town": "Store Hedinnge"}).get_data(as_text=True)
    assert "Vi kender ikke den by. Mente du Store Heddinge?" in page


def test_unknown_town_without_a_near_one_keeps_the_plain_message(auth, make):
    make.municipality("stevns", "Stevns")
    page = auth.post(SIGNUP_URL, {**SIGNUP, "town": "Atlantis"}).get_data(as_text=True)
    assert "Vi kender ikke den by. Skriv den nærmeste by" in page
