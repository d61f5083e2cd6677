"""The switch-in test judges the sets a new model would show, not only its fit to logged choices."""
import numpy as np
import pytest

from matcher import train_choice_model
from matcher.switching import CAP, decide, held_near_prior, prior_units
from matcher.synthetic import make_citizens, make_volunteers, simulate_history
from matcher.terms import PRIOR_WEIGHTS, TERMS
from matcher.training import _choice_rows


def _world(seed=5, n_sets=400):
    rng = np.random.default_rng(seed)
    vols, cits = make_volunteers(120, rng), make_citizens(500, rng)
    sets, _pairs = simulate_history(cits, vols, n_sets, rng)
    return cits, vols, sets


def test_too_few_sets_keep_the_model_in_use():
    cits, vols, sets = _world(n_sets=20)
    model = train_choice_model(sets, cits, vols, min_sets=5)
    chosen, report = decide(model, None, sets, cits, vols)
    assert chosen is None and report == {"n_sets": len(sets), "rule": "too-few", "switch": False}


def test_imported_history_without_propensities_stays_near_the_prior():
    cits, vols, sets = _world()
    for s in sets:  # as imported from a spreadsheet: nobody recorded the chances
        s.pop("propensities")
    model = train_choice_model(sets, cits, vols)
    chosen, report = decide(model, None, sets, cits, vols)
    assert report["rule"] == "conservative"
    X, picked, groups = _choice_rows(sets, cits, vols)
    scale, _b = prior_units(X, picked, groups)
    w = np.array([PRIOR_WEIGHTS[t] for t in TERMS])
    near = held_near_prior(model, X, picked, groups)
    moved = np.abs(near.choice.coef_ - scale * w)
    assert np.all(moved <= CAP * scale * np.maximum(w, w.mean()) + 1e-9)
    assert np.any(np.abs(model.choice.coef_ - scale * w) > moved + 1e-6)  # it did hold back
    if report["switch"]:
        assert chosen.name.endswith("near prior")
    else:
        assert chosen is None


def test_recorded_propensities_give_an_off_policy_estimate_of_the_new_sets():
    cits, vols, sets = _world(n_sets=600)  # the log shows 3 of the top 8 at random: 3/8 each
    assert sum(s["propensities"] == [3 / 8] * 3 for s in sets) > 0.9 * len(sets)
    model = train_choice_model(sets, cits, vols)
    chosen, report = decide(model, None, sets, cits, vols)
    assert report["rule"] == "off-policy" and report["sets_with_propensities"] >= 30
    assert report["support"] > 0.5
    assert np.isfinite(report["value_new"]) and np.isfinite(report["value_current"])
    # In this world the truth leans on job and distance, the prior on hobbies: learning wins.
    assert report["value_new"] > report["value_current"] and chosen is model



@pytest.mark.parametrize("seed", [3, 5])
def test_imported_history_biased_by_an_unrecorded_quality_never_makes_the_sets_worse(seed):
    """The issue's failure: the old policy showed people with shared interests and, seeing a
    quality nobody recorded, good people without them. Among the shown, those without shared
    interests were chosen more, so a model fitted to the log beats the prior on the hold-out yet
    learns that shared interests count against, and its sets for new young people are far worse
    by the truth. Through the switch-in test they are not worse than the prior's (seed 3: the
    logged choices go against the prior, so the prior stays; seed 5: held near the prior)."""
    from matcher import Engine
    from tests.bench.learning_bench import _log, confounded_truth, scaled_utility

    rng = np.random.default_rng(seed)
    vols, cits = make_volunteers(150, rng), make_citizens(800, rng)
    for v in vols:
        v["capacity"] = 50  # no capacity limits: only the ranking counts
    earlier, later = cits[:600], cits[600:]
    scores, terms, mask = Engine().score(earlier, vols)
    _s, terms_later, mask_later = Engine().score(later, vols)
    quality = rng.normal(0, 1, len(vols))
    shown_by = scores + 0.3 * np.asarray(terms["interests"], float) + 0.15 * quality[None, :]
    sets = _log(rng, confounded_truth(terms, quality, 2.0), shown_by, mask, earlier, vols, 500,
                recorded=False)
    model = train_choice_model(sets, earlier, vols)
    chosen, report = decide(model, None, sets, earlier, vols)

    truth = confounded_truth(terms_later, quality, 2.0)

    def value(m):
        return scaled_utility(Engine(m, exposure_factor=100), later, vols, truth, mask_later)
    assert model.metrics["holdout_ndcg3_learned"] > model.metrics["holdout_ndcg3_prior"] + 0.04
    assert model.choice.coef_[TERMS.index("interests")] < 0  # fooled by what was shown
    assert value(model) < value(None) - 0.1
    assert report["rule"] == "conservative"
    assert value(chosen) >= value(None) - 0.005
    if seed == 3:
        assert chosen is None and report["switch"] is False and report["prior_scale"] <= 0
