"""Matcher benchmark: quality against the synthetic truth, round fairness, speed and memory.

Run: .venv/bin/python -m tests.bench.matcher_bench   (writes bench.json → "matcher")
"""

import json
import math
import statistics
import subprocess
import sys
import time
from collections import Counter

import numpy as np

from matcher import Engine, train_choice_model, train_outcome_model
from matcher.lexicon import COMMON_LANGUAGE
from matcher.model import MatchModel
from matcher.profiles import encode_citizens, language_name
from matcher.rounds import slot_limits
from matcher.synthetic import (make_citizens, make_volunteers, simulate_history, true_ndcg3,
                               true_pick_accuracy)
from matcher.terms import PRIOR_WEIGHTS
from matcher.text import interest_keys, tag_text
from tests.bench.common import BENCH_FILE, write_section

SIZES = (100, 300, 1000)
SEEDS = (1, 2, 3)
TARGETS = {
    "ndcg3_learned_300 >= 0.9": lambda f: f["ndcg3_learned"]["300"] >= 0.9,
    "ndcg3_prior_300 <= 0.8": lambda f: f["ndcg3_prior"]["300"] <= 0.8,
    "every citizen 3 options when capacity allows": lambda f: f["share_citizens_3_options"] >= 0.999,
    "exposure <= 3x free capacity": lambda f: f["max_exposure_over_capacity"] <= 3.0,
    "< 10% volunteers never shown": lambda f: f["share_volunteers_never_shown"] < 0.10,
    "10k x 5k batch < 5 s": lambda f: f["batch_seconds_10k_x_5k"] < 5.0,
    "10k x 5k peak < 1 GB": lambda f: f["batch_peak_mb"] < 1024,
    "one citizen < 5 ms": lambda f: f["one_citizen_ms"] < 5.0,
}


def quality():
    """Return learned/prior NDCG@3 and pick accuracy against the truth, averaged over seeds."""
    rows = {k: {str(n): [] for n in SIZES} for k in
            ("ndcg3_prior", "ndcg3_learned", "ndcg3_engine", "pick_accuracy_learned", "pick_accuracy_prior",
             "holdout_ndcg3_prior", "holdout_ndcg3_learned", "holdout_ndcg3_prior_ips",
             "holdout_ndcg3_learned_ips")}
    outcome = []
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        vols, cits = make_volunteers(300, rng), make_citizens(2600, rng)
        earlier, later = cits[:2000], cits[2000:2600]  # hold-out: citizens who arrive later
        sets, pairs = simulate_history(earlier, vols, 3000, rng)
        prior_ndcg = true_ndcg3(Engine(), later, vols)
        prior_acc = true_pick_accuracy(Engine(), later, vols, np.random.default_rng(seed))
        for n in SIZES:
            model = train_choice_model(sets[:n], earlier, vols)
            for key in ("holdout_ndcg3_prior", "holdout_ndcg3_learned", "holdout_ndcg3_prior_ips",
                        "holdout_ndcg3_learned_ips"):  # plain and propensity-weighted (IPS)
                rows[key][str(n)].append(model.metrics.get(key, float("nan")))
            forced = MatchModel(blend_weight=1.0, choice=model.choice)
            rows["ndcg3_prior"][str(n)].append(prior_ndcg)
            rows["pick_accuracy_prior"][str(n)].append(prior_acc)
            rows["ndcg3_learned"][str(n)].append(true_ndcg3(Engine(forced), later, vols))
            rows["ndcg3_engine"][str(n)].append(true_ndcg3(Engine(model), later, vols))
            rows["pick_accuracy_learned"][str(n)].append(
                true_pick_accuracy(Engine(forced), later, vols, np.random.default_rng(seed)))
        outcome.append(train_outcome_model(pairs, earlier, vols).metrics)
    figures = {k: {n: round(statistics.mean(v), 4) for n, v in by_n.items()} for k, by_n in rows.items()}
    figures["outcome_auc"] = round(statistics.mean(m["outcome_auc"] for m in outcome), 4)
    figures["outcome_brier"] = round(statistics.mean(m["outcome_brier"] for m in outcome), 4)
    figures["outcome_pairs"] = int(statistics.mean(m["outcome_n_pairs"] for m in outcome))
    return figures


def fairness():
    """Return round figures for a municipality-sized round where capacity covers 3 options each."""
    rng = np.random.default_rng(21)
    vols, cits = make_volunteers(300, rng), make_citizens(300, rng)
    engine = Engine()
    result = engine.suggest(cits, vols, k=3)
    vix = engine.index(vols, cits)
    free = np.where(vix.matchable, vix.free, 0)
    shown = Counter(s["volunteer"] for r in result for s in r["suggestions"])
    counts = np.array([shown[v] for v in vix.ids])
    # "When capacity allows": the citizen's own filters leave at least 3 distinct-family options.
    cand = engine._candidates(encode_citizens(cits, vix), vix)[0]
    possible = (cand >= 0).sum(1) >= 3
    got3 = np.array([len(r["suggestions"]) == 3 for r in result])
    return {
        "fairness_round": f"{len(cits)} citizens x {len(vols)} volunteers, "
                          f"{int(slot_limits(free, 3).sum())} slots for {3 * len(cits)} options",
        "share_citizens_3_options": round(float(got3[possible].mean()), 4),
        "share_citizens_3_options_all": round(float(got3.mean()), 4),
        "max_exposure_over_capacity": round(float((counts[free > 0] / free[free > 0]).max()), 4),
        "share_volunteers_never_shown": round(float((counts[free > 0] == 0).mean()), 4),
    }


def _loop_prior(c, v, vec_c, vec_v, wv_offers):
    """Return the prior score of one pair computed the straightforward way, in pure Python."""
    terms = {}
    ci = {k for i in c["interests"] for k, _ in interest_keys(i)}
    vi = {k for f in ("interests", "leisure") for i in v[f] for k, _ in interest_keys(i)}
    terms["interests"] = 1 - 0.5 ** len(ci & vi)
    sim = sum(w * vec_v.get(g, 0.0) for g, w in vec_c.items())
    offers = sum(w * wv_offers.get(g, 0.0) for g, w in vec_c.items())
    terms["occupation"] = min(1.0, 1.5 * max(sim, 0.5 * offers)) if c["wishes"] else 0.0
    p1, p2 = math.radians(c["lat"]), math.radians(v["lat"])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(v["lon"] - c["lon"]) / 2) ** 2
    km = 2 * 6371.0088 * math.asin(math.sqrt(h))
    terms["distance"] = math.exp(-km / 25)
    gap = c["birth_year"] - v["birth_year"]
    terms["age_gap"] = min(1, max(0, min(gap / 8, (60 - gap) / 20)))
    cl = {language_name(x) for x in c["languages"]}
    vl = {language_name(x) for x in v["languages"]}
    terms["languages"] = 1.0 if (cl & vl) - {COMMON_LANGUAGE} else 0.5 if cl & vl else 0.0
    ca, va = set(c["availability"]), set(v["availability"])
    terms["availability"] = len(ca & va) / len(ca) if ca and va else 0.5
    terms["experience"] = 1 - 0.5 ** v["experience"]
    terms["load"] = min(1, max(0, (v["capacity"] - v["load"]) / max(v["capacity"], 1)))
    ok = v["matchable"] and v["capacity"] - v["load"] > 0 and (
        not c["preferred_gender"] or c["preferred_gender"] == v["gender"]) and (
        c["max_distance_km"] is None or km <= c["max_distance_km"]) and v["id"] not in c["excluded"]
    return sum(PRIOR_WEIGHTS[t] * x for t, x in terms.items()) if ok else -1.0


def python_loop_seconds(cits, vols, n_citizens=20):
    """Return the per-pair Python loop time for all pairs, measured on a subsample and scaled."""
    vix = Engine().index(vols, cits)
    vocab = vix.vectorizer.vocabulary_

    def as_dict(text):
        """Return one text's TF-IDF vector as {column: weight}."""
        row = vix.vectorizer.transform([tag_text(text)])
        return dict(zip(row.indices.tolist(), row.data.tolist()))

    vol_vecs = [(as_dict(" ".join(v[f] for f in ("occupation", "work_history", "education"))), as_dict(v["offers"]))
                for v in vols]
    assert vocab
    start = time.perf_counter()
    for c in cits[:n_citizens]:
        vec_c = as_dict(c["wishes"])
        for v, (vw, vo) in zip(vols, vol_vecs):
            _loop_prior(c, v, vec_c, vw, vo)
    return (time.perf_counter() - start) * len(cits) / n_citizens


SPEED_CHILD = """
import json, resource, sys, time
import numpy as np
from matcher import Engine
from matcher.synthetic import make_citizens, make_volunteers
from matcher.profiles import encode_citizens
rng = np.random.default_rng(5)
vols, cits = make_volunteers(5000, rng), make_citizens(10000, rng)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
engine = Engine()
runs, cpu = [], []
for _ in range(int(sys.argv[1])):
    t, c = time.perf_counter(), time.process_time()
    result = engine.suggest(cits, vols, k=3)
    runs.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
vix = engine.index(vols)
t = time.perf_counter(); cand = engine._candidates(encode_citizens(cits, vix), vix); scoring = time.perf_counter() - t
one, one_cpu = [], []
for c in cits[:200]:
    t, p = time.perf_counter(), time.process_time()
    engine.suggest([c], vix, k=3)
    one.append(time.perf_counter() - t); one_cpu.append(time.process_time() - p)
t = time.perf_counter(); engine.suggest([cits[0]], vols, k=3); cold = time.perf_counter() - t
print(json.dumps({"seconds": runs, "cpu": cpu, "scoring": scoring, "one_ms": sorted(one)[len(one) // 2] * 1000,
                  "one_cpu_ms": sorted(one_cpu)[len(one_cpu) // 2] * 1000,
                  "one_cold_ms": cold * 1000, "rss_before_mb": before / 1024,
                  "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "options": sum(len(r["suggestions"]) for r in result) / len(result)}))
"""


def speed(repeats=3):
    """Return batch time, peak memory and single-citizen latency, measured in a fresh process."""
    out = subprocess.run([sys.executable, "-c", SPEED_CHILD, str(repeats)], capture_output=True,
                         text=True, check=True)
    child = json.loads(out.stdout)
    rng = np.random.default_rng(5)
    vols, cits = make_volunteers(5000, rng), make_citizens(10000, rng)
    loop = python_loop_seconds(cits, vols)
    return {
        "batch_seconds_10k_x_5k": round(min(child["seconds"]), 3),
        "batch_seconds_10k_x_5k_runs": [round(s, 3) for s in child["seconds"]],
        "batch_cpu_seconds_10k_x_5k": round(min(child["cpu"]), 3),
        "batch_peak_mb": round(child["rss_peak_mb"], 1),
        "batch_peak_mb_before_matching": round(child["rss_before_mb"], 1),
        "batch_mean_options_10k_x_5k": round(child["options"], 3),
        "one_citizen_ms": round(child["one_ms"], 3),
        "one_citizen_cpu_ms": round(child["one_cpu_ms"], 3),
        "one_citizen_cold_index_ms": round(child["one_cold_ms"], 1),
        "scoring_seconds_10k_x_5k": round(child["scoring"], 3),
        "python_loop_seconds_10k_x_5k_estimated": round(loop, 1),
        "speedup_vs_python_loop": round(loop / child["scoring"], 1),
        "load_average_1min": round(__import__("os").getloadavg()[0], 2),
    }


def main(parts=("quality", "fairness", "speed")):
    """Run the given parts, print a table, merge the figures into bench.json → "matcher"."""
    figures = dict(json.loads(BENCH_FILE.read_text()).get("matcher", {}) if BENCH_FILE.exists() else {})
    for part in parts:
        figures.update({"quality": quality, "fairness": fairness, "speed": speed}[part]())
    figures["targets_met"] = {name: bool(check(figures)) for name, check in TARGETS.items() if _has(figures, name)}
    write_section("matcher", figures)
    width = max(map(len, figures))
    for key, value in figures.items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value
        print(f"{key:<{width}}  {shown}")


def _has(figures, target):
    """Tell whether the figures a target checks have been measured."""
    try:
        TARGETS[target](figures)
    except KeyError:
        return False
    return True


if __name__ == "__main__":
    # Optional part names re-measure only those parts, e.g. `... matcher_bench speed`.
    main(tuple(sys.argv[1:]) or ("quality", "fairness", "speed"))
