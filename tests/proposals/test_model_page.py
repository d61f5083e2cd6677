"""The coordinator's page "Sådan vælges forslag", in Danish and English, and weight sharing:
a small municipality starts from the others' fitted weights, never their records."""
from datetime import datetime, timedelta, timezone

import numpy as np

from matcher import MatchModel
from models import Role
from web.matching import engine, learning

from .test_learning import T0, _history, app  # noqa: F401 - the app with a model folder


def test_the_page_before_anything_was_learned(auth, coordinator):
    auth.login(coordinator)
    page = auth.client.get("/proposals/how/").get_data(as_text=True)
    for seen in ("Sådan vælges forslag", "Startmodellen", "Ingen unge har svaret",
                 "Systemet har ikke lært om endnu", "inden for en uge"):
        assert seen in page, seen
    assert 'href="/proposals/how/"' in auth.client.get("/proposals/").get_data(as_text=True)


def test_after_a_retraining_in_danish_and_english_without_personal_data(auth, app, db, make,  # noqa: F811
                                                                         town, coordinator):
    vols = _history(db, make, town, 60, T0 - timedelta(days=60))
    learning.retrain_all(app, T0)
    auth.login(coordinator)
    page = auth.client.get("/proposals/how/").get_data(as_text=True)
    for seen in ("I brug siden", "Næste gang den lærer", "9. mar. 2026", "Hvilket forslag de unge valgte",
                 "<svg", "Valgte det første", "Af 60 besvarede forslag", "Den nye model bestod",
                 "Ny model", "Startmodel", "holdt tæt på startmodellen",
                 "jeres egne valg, med startmodellen som start"):
        assert seen in page, seen
    assert not [v.name for v in vols if v.name in page] and "Ung Borger" not in page
    auth.post("/language", data={"lang": "en", "next": "/proposals/how/"})
    english = auth.client.get("/proposals/how/").get_data(as_text=True)
    for seen in ("How suggestions are chosen", "In use since", "Next retraining",
                 "Chose the first", "Of 60 answered proposals", "The new model passed"):
        assert seen in english, seen


def test_a_small_municipality_starts_from_the_others_weights(auth, app, db, make, town):  # noqa: F811
    big = [town, make.municipality("faxe")]
    for t in big:
        _history(db, make, t, 120, T0 - timedelta(days=90))
    small = make.municipality("lejre")
    _history(db, make, small, 6, T0 - timedelta(days=10))
    learning.retrain_all(app, T0)  # the big ones learn; the small one has nobody to lean on yet
    with app.app_context():
        assert learning.read_status("lejre")["last"]["rule"] == "too-few"
        learned = [MatchModel.load(engine.model_path(t.slug)) for t in big]
    later = T0 + timedelta(days=7)
    learning.retrain_all(app, later)  # nothing new at the big ones; the small one now leans
    with app.app_context():
        status = learning.read_status("lejre")
        model = engine.load_model("lejre")
    assert status["last"]["rule"] == "shared-start" and status["starting_point"] == {
        "kind": "shared", "municipalities": 2}
    n = np.array([m.n_train for m in learned], float)
    average = sum(k * np.r_[m.choice.coef_, m.choice.none_utility_] for k, m in zip(n, learned)) / n.sum()
    assert model.name == "shared-start" and model.n_train == 0  # no record came along
    assert np.allclose(np.r_[model.choice.coef_, model.choice.none_utility_], average)
    user = make.user(small, Role.COORDINATOR)
    auth.login(user)
    page = auth.client.get("/proposals/how/").get_data(as_text=True)
    assert "Det, 2 andre kommuner har lært (kun modellernes vægte, aldrig deres data)" in page
    assert "de andre kommuners erfaring, brugt som den er" in page
