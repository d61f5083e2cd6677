"""Reasons are plain Danish, name the shared thing, and appear only when the term is high."""

from matcher import Engine


def _reasons(cit, vol):
    """Return the reasons of the single suggestion for one citizen and one volunteer."""
    [result] = Engine().suggest([cit], [vol], k=3)
    [suggestion] = result["suggestions"]
    return suggestion["reasons"]


def test_reasons_name_the_shared_things(citizen, volunteer):
    """Occupation, sport, language, availability and distance reasons name concrete things."""
    vol = volunteer("v", occupation="tømrer", interests=["Fodbold"], languages=["dansk", "arabisk"],
                    availability=["weekend"], lat=55.5, lon=12.25)  # ~6 km from Køge
    cit = citizen("c", wishes="vil gerne være tømrer", interests=["spiller fodbold"],
                  languages=["da", "ar"], availability=["weekend", "weekday_day"])
    reasons = _reasons(cit, vol)
    assert "Har arbejdet som tømrer" in reasons
    assert "I spiller begge fodbold" in reasons
    assert any(r.startswith("I bor ") and r.endswith(" km fra hinanden") for r in reasons)
    assert len(reasons) <= 4
    everything = Engine().suggest([cit], [vol])[0]["suggestions"][0]
    assert everything["score"] > 0.5


def test_language_availability_and_experience_reasons(citizen, volunteer):
    """Other terms give their own Danish reasons when nothing stronger fills the list."""
    vol = volunteer("v", languages=["somali"], availability=["weekend"], experience=2, lat=None, lon=None)
    cit = citizen("c", languages=["Somali"], availability=["weekend"], lat=None, lon=None)
    reasons = _reasons(cit, vol)
    assert "I taler begge somali" in reasons
    assert "I kan begge mødes i weekenden" in reasons
    assert "Har været rollemodel før" in reasons


def test_education_and_general_interest_wording(citizen, volunteer):
    """Education is worded as training; non-sport interests as "interesserer jer begge for"."""
    vol = volunteer("v", occupation="pensionist", education="Uddannet klejnsmed", interests=["musik"])
    reasons = _reasons(citizen("c", wishes="smed", interests=["Musik"]), vol)
    assert "Er uddannet klejnsmed" in reasons
    assert "I interesserer jer begge for musik" in reasons


def test_no_reason_for_weak_terms(citizen, volunteer):
    """Nothing shared and far away: no interest, occupation, language or distance reason."""
    vol = volunteer("v", occupation="kok", interests=["strikning"], availability=["weekday_day"],
                    lat=57.048, lon=9.919)
    reasons = _reasons(citizen("c", wishes="tømrer", interests=["fodbold"]), vol)
    assert not any(r.startswith(("I spiller", "I interesserer", "Har arbejdet", "I bor", "I taler", "I kan"))
                   for r in reasons)
