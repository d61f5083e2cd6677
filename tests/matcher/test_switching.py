"""The switch-in test judges the sets a new model would show, not only its fit to logged choices."""
import numpy as np

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
