"""Learning bench: does learning make the *shown sets* better by the truth, on ground truths of
the model's form and not of it, from a biased logging policy? And what does diversity cost?

Run: .venv/bin/python -m tests.bench.learning_bench   (writes bench.json → "learning")

Utility of a shown set = mean true utility of its options, scaled per young person so that a
random feasible set = 0 and the best three feasible = 1 (averaged over young people who arrive
after the history). Ground truths:
  model_form   matcher.synthetic.true_utility (linear in the engine's terms)
  other_form   not of the model's form: job × distance interaction, a per-role-model effect
               (some people are simply liked more), non-linear distance (a step at 10 km, a
               penalty past 30 km), shared interests counting only with a shared language
Logging policies (what chose the sets in the history):
  imported     deterministic: the prior plus a bonus for shared interests (the issue's
               spreadsheet case), no propensities recorded
  recorded     three of the biased policy's top 8 at random, propensities recorded
"Learned" is what the service does: train_choice_model, then the switch-in test
(matcher.switching.decide) chooses the candidate, its near-prior version, or the prior.
"""
import json
import statistics
import sys

import numpy as np

from matcher import Engine, train_choice_model
from matcher.switching import decide
from matcher.synthetic import NONE_UTILITY, make_citizens, make_volunteers, true_utility
from matcher.terms import DISTANCE_SCALE_KM
from tests.bench.common import write_section

SEEDS = (1, 2, 3)
N_SETS = 600
TARGETS = {
    "learned >= prior on every ground truth and log": lambda f: all(
        f["utility"][k]["learned"] >= f["utility"][k]["prior"] - 0.005 for k in f["utility"]),
    "diversity cost < 5% vs unconstrained top-3": lambda f: f["diversity_cost_varied"] < 0.05,
}


def other_truth(terms, vol_effect):
    """A ground truth not of the model's form (see the module)."""
    dist = np.asarray(terms["distance"], float)
    km = -DISTANCE_SCALE_KM * np.log(np.clip(dist, 1e-6, 1))
    occ = np.asarray(terms["occupation"], float)
    near = 1.5 * (km < 10) - 2.0 * (km > 30)
    both = np.asarray(terms["interests"], float) * (np.asarray(terms["languages"], float) >= 1)
    return 4.0 * occ * (1 + (km < 15)) + near + 1.5 * both + vol_effect[None, :]


def _log(rng, utility, logging_scores, mask, citizens, volunteers, n_sets, recorded):
    """Return choice sets shown by the logging policy, chosen by the truth (Gumbel + none)."""
    sets = []
    for n in range(n_sets):
        c = int(rng.integers(len(citizens)))
        pool = np.flatnonzero(mask[c])
        pool = pool[np.argsort(-logging_scores[c, pool], kind="stable")]
        if len(pool) < 3:
            continue
        if recorded:
            top = pool[:8]
            shown = rng.choice(top, 3, replace=False)
        else:
            shown = pool[:3]
        noisy = np.r_[utility[c, shown], NONE_UTILITY] + rng.gumbel(size=4)
        pick = int(np.argmax(noisy))
        entry = {"citizen": citizens[c]["id"], "shown": [volunteers[v]["id"] for v in shown],
                 "chosen": volunteers[shown[pick]]["id"] if pick < 3 else None,
                 "proposed_on": f"2025-{1 + n * 12 // n_sets:02d}-{1 + n % 28:02d}"}
        if recorded:
            entry["propensities"] = [3 / len(top)] * 3
        sets.append(entry)
    return sets


def scaled_utility(engine, citizens, volunteers, utility, mask):
    """Return the mean scaled true utility of the sets `engine` shows (random 0, best three 1)."""
    result = engine.suggest(citizens, volunteers, k=3)
    col = {v["id"]: j for j, v in enumerate(volunteers)}
    out = []
    for c, entry in enumerate(result):
        pool = np.flatnonzero(mask[c])
        picks = [col[s["volunteer"]] for s in entry["suggestions"]]
        if len(pool) < 3 or len(picks) < 3:
            continue
        u = utility[c, pool]
        best, rand = np.sort(u)[::-1][:3].mean(), u.mean()
        if best - rand < 1e-9:
            continue
        out.append((utility[c, picks].mean() - rand) / (best - rand))
    return float(np.mean(out))


def quality():
    """Return prior vs learned scaled utility per ground truth and logging policy."""
    cells = {}
    diversity = {"varied": [], "family": [], "none": []}
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        vols = make_volunteers(300, rng)
        for v in vols:
            v["capacity"] = 50  # rounds must not bind: this bench measures ranking, not capacity
        cits = make_citizens(2400, rng)
        earlier, later = cits[:2000], cits[2000:]
        scores_e, terms_e, mask_e = Engine().score(earlier, vols)
        _s, terms_l, mask_l = Engine().score(later, vols)
        vol_effect = rng.normal(0, 1.0, len(vols))
        truths = {"model_form": (true_utility(terms_e), true_utility(terms_l)),
                  "other_form": (other_truth(terms_e, vol_effect), other_truth(terms_l, vol_effect))}
        biased = scores_e + 0.5 * np.asarray(terms_e["interests"], float)
        for truth, (u_e, u_l) in truths.items():
            prior_u = scaled_utility(Engine(exposure_factor=100), later, vols, u_l, mask_l)
            for logged in ("imported", "recorded"):
                sets = _log(rng, u_e, biased, mask_e, earlier, vols, N_SETS, logged == "recorded")
                candidate = train_choice_model(sets, earlier, vols)
                chosen, report = decide(candidate, None, sets, earlier, vols)
                learned_u = scaled_utility(Engine(chosen, exposure_factor=100), later, vols, u_l,
                                           mask_l) if chosen is not None else prior_u
                forced_u = scaled_utility(Engine(candidate, exposure_factor=100), later, vols,
                                          u_l, mask_l)
                cell = cells.setdefault(f"{truth}/{logged}", {"prior": [], "learned": [],
                                                              "unguarded": [], "rules": []})
                cell["prior"].append(prior_u)
                cell["learned"].append(learned_u)
                cell["unguarded"].append(forced_u)
                cell["rules"].append(f"{report['rule']}:{'switch' if report['switch'] else 'keep'}")
        u_l = truths["model_form"][1]
        for rule in diversity:
            diversity[rule].append(scaled_utility(Engine(exposure_factor=100, diversity=rule),
                                                  later, vols, u_l, mask_l))
    utility = {k: {"prior": round(statistics.mean(v["prior"]), 4),
                   "learned": round(statistics.mean(v["learned"]), 4),
                   "unguarded_learned": round(statistics.mean(v["unguarded"]), 4),
                   "switch_in": v["rules"]} for k, v in cells.items()}
    top3 = statistics.mean(diversity["none"])
    return {
        "utility": utility,
        "diversity_utility": {k: round(statistics.mean(v), 4) for k, v in diversity.items()},
        "diversity_cost_varied": round(1 - statistics.mean(diversity["varied"]) / top3, 4),
        "diversity_cost_family_only": round(1 - statistics.mean(diversity["family"]) / top3, 4),
    }


def main():
    """Run the bench, print a table, write bench.json → "learning"."""
    figures = quality()
    figures["targets_met"] = {name: bool(check(figures)) for name, check in TARGETS.items()}
    write_section("learning", figures)
    width = max(map(len, figures))
    for key, value in figures.items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value
        print(f"{key:<{width}}  {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
