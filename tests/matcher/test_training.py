"""Learned models: fallback to the prior, beating it with data, outcomes, persistence."""

from datetime import date, datetime, timezone

import numpy as np
import pytest

from matcher import Engine, MatchModel, evaluate, lasted, train_choice_model, train_outcome_model
from matcher.synthetic import make_citizens, make_volunteers, simulate_history, true_ndcg3

WHEN = datetime(2026, 11, 22, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def world():
    """A small synthetic municipality with logged history from the prior engine."""
    rng = np.random.default_rng(11)
    vols, cits = make_volunteers(200, rng), make_citizens(900, rng)
    sets, pairs = simulate_history(cits[:600], vols, 700, rng)
    return vols, cits[:600], cits[600:800], sets, pairs


def test_little_data_falls_back_to_the_prior(world):
    """With a handful of choice sets the engine keeps the prior and says so."""
    vols, cits, _, sets, _ = world
    model = train_choice_model(sets[:20], cits, vols, version=2, now=WHEN)
    assert model.blend_weight == 0.0
    assert Engine(model).model_label.startswith("prior v1")
    assert model.n_train == 20


def test_learned_model_beats_the_prior_with_data(world):
    """With 600+ logged choices the choice model is switched in and ranks true preferences better."""
    vols, cits, later, sets, _ = world
    model = train_choice_model(sets, cits, vols, version=3, now=WHEN)
    assert model.blend_weight == 1.0
    assert Engine(model).model_label == "choice-logit v3 (2026-11-22)"
    assert model.metrics["holdout_ndcg3_learned"] > model.metrics["holdout_ndcg3_prior"]
    assert true_ndcg3(Engine(model), later, vols) > true_ndcg3(Engine(), later, vols) + 0.1
    figures = evaluate(model, sets[-100:], cits, vols)
    assert set(figures) == {"n_sets", "ndcg3", "pick_accuracy"} and 0 <= figures["ndcg3"] <= 1


def test_outcome_model_is_calibrated_and_attached(world):
    """The outcome model learns from ended pairs and reports hold-out AUC and Brier score."""
    vols, cits, later, sets, pairs = world
    model = train_outcome_model(pairs, cits, vols, model=train_choice_model(sets, cits, vols, now=WHEN))
    assert model.metrics["outcome_n_pairs"] == len(pairs)
    assert 0.5 < model.metrics["outcome_auc"] <= 1 and 0 < model.metrics["outcome_brier"] < 0.25
    assert model.outcome_trusted == (model.metrics["outcome_auc"] >= 0.6)
    result = Engine(model).suggest(later[:20], vols)
    assert all(1 <= len(r["suggestions"]) <= 3 for r in result)


def test_lasting_rule():
    """≥ 6 months and a meeting every 14 days on average; running young pairs are unknown."""
    start = "2025-01-01"
    assert lasted({"started_on": start, "ended_on": "2025-09-01", "meetings": 20}) is True
    assert lasted({"started_on": start, "ended_on": "2025-09-01", "meetings": 10}) is False
    assert lasted({"started_on": start, "ended_on": "2025-03-01", "meetings": 9}) is False
    assert lasted({"started_on": start, "ended_on": None, "meetings": 2}, as_of=date(2025, 2, 1)) is None
    assert lasted({"started_on": start, "ended_on": None, "meetings": 30}, as_of=date(2025, 12, 1)) is True


def test_persistence_round_trip(world, tmp_path):
    """save/load keeps the name, version, training date, size, metrics and predictions."""
    vols, cits, later, sets, _ = world
    model = train_choice_model(sets, cits, vols, version=4, now=WHEN)
    path = tmp_path / "choice.joblib"
    model.save(path)
    loaded = MatchModel.load(path)
    assert (loaded.name, loaded.version, loaded.trained_at) == ("choice-logit", 4, "2026-11-22T09:30:00+00:00")
    assert loaded.n_train == model.n_train and loaded.metrics == model.metrics
    assert Engine(loaded).model_label == "choice-logit v4 (2026-11-22)"
    np.testing.assert_allclose(Engine(loaded).score(later[:5], vols)[0], Engine(model).score(later[:5], vols)[0])


def test_load_rejects_other_files(tmp_path):
    """A file that is not a matcher model is refused."""
    import joblib

    joblib.dump({"hello": 1}, tmp_path / "x.joblib")
    with pytest.raises(ValueError):
        MatchModel.load(tmp_path / "x.joblib")
