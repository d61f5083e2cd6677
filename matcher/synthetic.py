"""Synthetic Danish-ish citizens and volunteers with a KNOWN preference and outcome process.

The truth is written over the same named terms the prior uses (see `matcher.terms`), but with
different weights: in this world young people care most about the job wish and about short travel,
share a language strongly, and care little about shared hobbies — the prior leans on hobbies far
more. A learned model can therefore recover the truth from logged choices; the prior cannot.
Choices add Gumbel noise (a conditional logit) and an outside option ("chose none").
"""

from datetime import date, timedelta

import numpy as np

from matcher.terms import TERMS

TRUE_CHOICE_WEIGHTS = {"interests": 0.3, "occupation": 4.0, "distance": 3.5, "age_gap": -0.5,
                       "languages": 2.5, "availability": 0.5, "experience": 0.0, "load": 0.0}
NONE_UTILITY = 3.0  # utility of choosing none of the shown role models
TRUE_OUTCOME_WEIGHTS = {"interests": 0.5, "occupation": 1.0, "distance": 2.0, "age_gap": 0.0,
                        "languages": 0.5, "availability": 2.0, "experience": 1.0, "load": 0.0}
OUTCOME_INTERCEPT = -3.0

TOWNS = [  # (town, lat, lon, weight)
    ("København", 55.676, 12.566, 10), ("Aarhus", 56.157, 10.211, 6), ("Odense", 55.396, 10.388, 4),
    ("Aalborg", 57.048, 9.919, 4), ("Esbjerg", 55.470, 8.452, 2), ("Randers", 56.461, 10.036, 2),
    ("Kolding", 55.490, 9.472, 2), ("Horsens", 55.861, 9.850, 2), ("Vejle", 55.709, 9.536, 2),
    ("Roskilde", 55.642, 12.080, 2), ("Herning", 56.137, 8.973, 1), ("Silkeborg", 56.170, 9.545, 1),
    ("Næstved", 55.230, 11.760, 1), ("Køge", 55.458, 12.182, 1), ("Holbæk", 55.717, 11.713, 1),
    ("Slagelse", 55.403, 11.354, 1), ("Viborg", 56.453, 9.402, 1), ("Svendborg", 55.059, 10.607, 1),
    ("Rødvig", 55.255, 12.379, 0.3), ("Store Heddinge", 55.310, 12.389, 0.3), ("Faxe", 55.256, 12.119, 0.5),
    ("Haslev", 55.323, 11.963, 0.5), ("Stevns", 55.330, 12.300, 0.3), ("Ringsted", 55.443, 11.790, 0.7),
]
OCCUPATIONS = [  # (occupation, education, wish phrasing)
    ("tømrer", "tømrer", "vil gerne være tømrer"), ("snedker", "snedker", "snedker"),
    ("bygningsarbejder", "", "tømrerlærling"), ("frisør", "frisør", "vil gerne være frisør"),
    ("smed", "klejnsmed", "smed"), ("svejser", "smed", "svejser"),
    ("sygeplejerske", "sygeplejerske", "sygeplejerske"),
    ("social- og sundhedsassistent", "SOSU", "social- og sundhedsassistent"),
    ("kok", "kok", "kok"), ("bager", "bager", "bager"), ("anlægsgartner", "gartner", "gartner"),
    ("lærer", "lærer", "pædagog"), ("pædagog", "pædagog", "pædagog"),
    ("automekaniker", "mekaniker", "mekaniker"), ("elektriker", "elektriker", "elektriker"),
    ("programmør", "datamatiker", "IT"), ("blomsterbinder", "blomsterbinder", "blomsterbinder"),
    ("butiksassistent", "", "butik"), ("chauffør", "", "lastbilchauffør"), ("bogholder", "kontor", "kontor"),
]
INTERESTS = ["fodbold", "håndbold", "gaming", "fitness", "musik", "madlavning", "fiskeri", "cykling",
             "løb", "tegning", "biler", "dans", "film", "natur", "heste", "skak", "badminton",
             "svømning", "strikning", "politik", "historie", "foto", "klatring", "spejder"]
LANGUAGES = ["arabisk", "tyrkisk", "somali", "engelsk", "urdu", "persisk", "polsk", "ukrainsk"]
SLOTS = ["weekday_day", "weekday_evening", "weekend"]


def _town(rng, towns):
    """Return (town, lat, lon) for a random town with a few km of jitter."""
    name, lat, lon, _ = towns[rng.choice(len(towns), p=_weights(towns))]
    return name, lat + rng.normal(0, 0.03), lon + rng.normal(0, 0.05)


def _weights(towns):
    """Return the normalised population weights of a town list."""
    w = np.array([t[3] for t in towns], float)
    return w / w.sum()


def _common(rng, i, prefix, towns):
    """Return the fields citizens and volunteers share."""
    town, lat, lon = _town(rng, towns)
    langs = ["dansk"] + ([str(x) for x in rng.choice(LANGUAGES, rng.integers(1, 3), replace=False)]
                         if rng.random() < 0.3 else [])
    slots = [s for s in SLOTS if rng.random() < 0.55] or [SLOTS[rng.integers(3)]]
    return {"id": f"{prefix}{i}", "gender": ["f", "m", "x"][rng.choice(3, p=[0.48, 0.48, 0.04])],
            "lat": lat, "lon": lon, "town": town, "languages": langs, "availability": slots}


def make_volunteers(n, rng, towns=TOWNS):
    """Return n synthetic volunteer records."""
    out = []
    for i in range(n):
        occ, edu, _ = OCCUPATIONS[rng.integers(len(OCCUPATIONS))]
        hobbies = [str(h) for h in rng.choice(INTERESTS, rng.integers(1, 5), replace=False)]
        capacity = int(rng.choice([1, 2, 3], p=[0.7, 0.25, 0.05]))
        rec = _common(rng, i, "v", towns)
        rec.update(
            birth_year=int(rng.integers(1950, 1998)), occupation=occ,
            work_history=f"{int(rng.integers(2, 30))} år som {occ}", education=edu,
            interests=hobbies[:2], leisure=[f"går til {h}" for h in hobbies[2:]],
            offers="livserfaring og hjælp til at finde vej i systemet", capacity=capacity,
            load=int(rng.random() < 0.15), experience=int(rng.poisson(1.0)),
            matchable=bool(rng.random() < 0.95))
        out.append(rec)
    return out


def make_citizens(n, rng, towns=TOWNS):
    """Return n synthetic citizen records (inflected interests, free-text wishes)."""
    out = []
    for i in range(n):
        wish = OCCUPATIONS[rng.integers(len(OCCUPATIONS))][2] if rng.random() < 0.85 else ""
        likes = [str(x) for x in rng.choice(INTERESTS, rng.integers(1, 4), replace=False)]
        rec = _common(rng, i, "c", towns)
        rec.update(
            birth_year=int(rng.integers(1995, 2008)), wishes=wish,
            interests=[f"Spiller {x}" if rng.random() < 0.2 else x.capitalize() for x in likes],
            preferred_gender=(["f", "m"][rng.integers(2)] if rng.random() < 0.1 else None),
            max_distance_km=(float(rng.choice([30, 50, 80])) if rng.random() < 0.15 else None),
            excluded=[])
        out.append(rec)
    return out


def true_utility(terms):
    """Return the hidden deterministic utility of each pair from a {term: array} dict."""
    return sum(TRUE_CHOICE_WEIGHTS[t] * np.asarray(terms[t], float) for t in TERMS)


def true_lasting_probability(terms):
    """Return the hidden probability that a pair lasts from a {term: array} dict."""
    z = OUTCOME_INTERCEPT + sum(TRUE_OUTCOME_WEIGHTS[t] * np.asarray(terms[t], float) for t in TERMS)
    return 1 / (1 + np.exp(-z))


def simulate_history(citizens, volunteers, n_sets, rng, engine=None, start=date(2025, 1, 1)):
    """Return (choice_sets, outcome_pairs) logged by showing engine suggestions (prior by default).

    Each set shows 3 options drawn from the engine's top 8 for a random citizen (coordinators swap
    suggestions, which gives the learner some variety); the citizen picks by true utility + Gumbel
    noise or chooses none; a chosen pair lasts with the true lasting probability.
    """
    from matcher.engine import Engine

    engine = engine or Engine()
    scores, terms, mask = engine.score(citizens, volunteers)
    utility, lasting = true_utility(terms), true_lasting_probability(terms)
    sets, pairs = [], []
    for n in range(n_sets):
        c = int(rng.integers(len(citizens)))
        pool = np.flatnonzero(mask[c])
        pool = pool[np.argsort(-scores[c, pool])][:8]
        if len(pool) < 2:
            continue
        shown = rng.choice(pool, min(3, len(pool)), replace=False)
        noisy = np.r_[utility[c, shown], NONE_UTILITY] + rng.gumbel(size=len(shown) + 1)
        pick = int(np.argmax(noisy))
        day = start + timedelta(days=n // 3)
        chosen = volunteers[shown[pick]]["id"] if pick < len(shown) else None
        sets.append({"citizen": citizens[c]["id"], "shown": [volunteers[v]["id"] for v in shown],
                     "chosen": chosen, "proposed_on": day.isoformat(),
                     # each shown option was drawn uniformly from the pool: its propensity
                     "propensities": [len(shown) / len(pool)] * len(shown)})
        if chosen is not None:
            lasts = rng.random() < lasting[c, shown[pick]]
            days = int(rng.integers(190, 400)) if lasts else int(rng.integers(20, 170))
            pairs.append({"citizen": citizens[c]["id"], "volunteer": chosen,
                          "started_on": day.isoformat(),
                          "ended_on": (day + timedelta(days=days)).isoformat(),
                          "meetings": days // 10 if lasts else days // 20})
    return sets, pairs


def true_ndcg3(engine, citizens, volunteers):
    """Return mean NDCG@3 of an engine's ranking against the true utilities, over feasible volunteers.

    Gains are the true choice probabilities within each citizen's feasible pool (softmax of the
    true utility), so ranking the truly preferred role models first scores 1.
    """
    from matcher.engine import Engine

    scores, _, mask = engine.score(citizens, volunteers)
    _, terms, _ = Engine().score(citizens, volunteers)
    utility = true_utility(terms)
    discounts = 1 / np.log2(np.arange(2, 5))
    out = []
    for c in range(len(citizens)):
        pool = np.flatnonzero(mask[c])
        if len(pool) < 3:
            continue
        gain = np.exp(utility[c, pool] - utility[c, pool].max())
        ranked = gain[np.argsort(-scores[c, pool], kind="stable")[:3]]
        out.append(ranked @ discounts / (np.sort(gain)[::-1][:3] @ discounts))
    return float(np.mean(out))


def true_pick_accuracy(engine, citizens, volunteers, rng, n_sets=500):
    """Return how often the engine's best of 3 shown options is the truly preferred one."""
    from matcher.engine import Engine

    scores, _, mask = engine.score(citizens, volunteers)
    _, terms, _ = Engine().score(citizens, volunteers)
    utility = true_utility(terms)
    hits = []
    for _ in range(n_sets):
        c = int(rng.integers(len(citizens)))
        pool = np.flatnonzero(mask[c])
        if len(pool) < 3:
            continue
        shown = rng.choice(pool, 3, replace=False)
        hits.append(np.argmax(scores[c, shown]) == np.argmax(utility[c, shown]))
    return float(np.mean(hits))
