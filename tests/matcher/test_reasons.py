"""Reasons are data (a code and the values it names), and appear only when the term is high.

The sentences in Danish and English are tested in tests/proposals/test_reason_sentences.py."""

from matcher import Engine


def _reasons(cit, vol):
    """Return the reasons of the single suggestion for one citizen and one volunteer."""
    [result] = Engine().suggest([cit], [vol], k=3)
    [suggestion] = result["suggestions"]
    return suggestion["reasons"]


def test_reasons_name_the_shared_things(citizen, volunteer):
    """Occupation, sport, language and distance reasons carry the concrete things."""
    vol = volunteer("v", occupation="tømrer", interests=["Fodbold"], languages=["dansk", "arabisk"],
                    availability=["weekend"], lat=55.5, lon=12.25)  # ~6 km from Køge
    cit = citizen("c", wishes="vil gerne være tømrer", interests=["spiller fodbold"],
                  languages=["da", "ar"], availability=["weekend", "weekday_day"])
    reasons = _reasons(cit, vol)
    assert reasons == [{"code": "work", "job": "tømrer"}, {"code": "distance", "km": 6},
                       {"code": "interests", "items": ["fodbold"]},
                       {"code": "languages", "languages": ["ar"]}]
    everything = Engine().suggest([cit], [vol])[0]["suggestions"][0]
    assert everything["score"] > 0.5


def test_language_availability_and_experience_reasons(citizen, volunteer):
    """Other terms give their own reasons when nothing stronger fills the list."""
    vol = volunteer("v", languages=["somali"], availability=["weekend"], experience=2, lat=None, lon=None)
    cit = citizen("c", languages=["Somali"], availability=["weekend"], lat=None, lon=None)
    reasons = _reasons(cit, vol)
    assert {"code": "languages", "languages": ["so"]} in reasons
    assert {"code": "availability", "slots": ["weekend"]} in reasons
    assert {"code": "experience", "matches": 2} in reasons


def test_education_and_work_history(citizen, volunteer):
    """Education and work history are told apart from the present job."""
    vol = volunteer("v", occupation="pensionist", education="Uddannet klejnsmed", interests=["musik"])
    reasons = _reasons(citizen("c", wishes="smed", interests=["Musik"]), vol)
    assert {"code": "trained", "job": "klejnsmed"} in reasons
    assert {"code": "interests", "items": ["musik"]} in reasons
    vol = volunteer("v", occupation="pensionist", work_history="Elektriker i et lille firma")
    assert _reasons(citizen("c", wishes="elektriker"), vol)[0] == {"code": "worked", "job": "elektriker"}


def test_no_reason_for_weak_terms(citizen, volunteer):
    """Nothing shared and far away: no interest, occupation, language or distance reason."""
    vol = volunteer("v", occupation="kok", interests=["strikning"], availability=["weekday_day"],
                    lat=57.048, lon=9.919)
    reasons = _reasons(citizen("c", wishes="tømrer", interests=["fodbold"]), vol)
    assert not {r["code"] for r in reasons} & {"interests", "work", "worked", "trained", "near",
                                                 "distance", "languages", "availability"}


def test_rank_scores_everyone_best_first_with_reasons(citizen, volunteer):
    """Engine.rank (the swap list) scores every volunteer, marks who fails a hard filter."""
    vols = [volunteer("a", occupation="kok"), volunteer("b", occupation="tømrer", gender="f"),
            volunteer("c", occupation="tømrer")]
    ranked = Engine().rank(citizen("c", wishes="tømrer", preferred_gender="m"), vols)
    assert [r["volunteer"] for r in ranked][:2] in (["b", "c"], ["c", "b"])
    assert {r["volunteer"]: r["fits"] for r in ranked} == {"a": True, "b": False, "c": True}
    assert ranked[0]["reasons"][0] == {"code": "work", "job": "tømrer"}
    assert ranked[0]["score"] >= ranked[1]["score"] >= ranked[2]["score"]
