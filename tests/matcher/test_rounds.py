"""A matching round: exposure limits, 3 options when capacity allows, diversity, balance."""

from collections import Counter

import numpy as np

from matcher import Engine
from matcher.rounds import assign, bring_in, slot_limits
from matcher.synthetic import make_citizens, make_volunteers


def test_slot_limits():
    """max(1, ceil(factor × free)) for volunteers with free capacity, 0 otherwise."""
    assert slot_limits(np.array([0, 1, 2, -1]), 3).tolist() == [0, 3, 6, 0]
    assert slot_limits(np.array([1, 2]), 0.2).tolist() == [1, 1]


def test_round_limits_and_three_options():
    """No volunteer beyond its slot limit; everyone gets 3 options when capacity allows."""
    rng = np.random.default_rng(7)
    vols = make_volunteers(150, rng)
    for v in vols:  # no filters that could leave a citizen short
        v.update(matchable=True, load=0)
    cits = make_citizens(100, rng)
    for c in cits:
        c.update(preferred_gender=None, max_distance_km=None)
    engine = Engine()
    result = engine.suggest(cits, vols, k=3)
    shown = Counter(s["volunteer"] for r in result for s in r["suggestions"])
    limit = {v["id"]: max(1, int(np.ceil(3 * v["capacity"]))) for v in vols}
    assert all(n <= limit[v] for v, n in shown.items())
    assert all(len(r["suggestions"]) == 3 for r in result)
    assert all(len({s["volunteer"] for s in r["suggestions"]}) == 3 for r in result)
    assert [r["citizen"] for r in result] == [c["id"] for c in cits]
    assert all(r["model"] == "prior v1" for r in result)


def test_popular_volunteer_is_not_shown_to_everyone(citizen, volunteer):
    """A volunteer everyone likes best is shown at most 3× its free capacity; others fill in."""
    star = volunteer("star", occupation="tømrer", interests=["fodbold"], experience=5)
    others = [volunteer(f"v{i}", occupation=occ) for i, occ in
              enumerate(["kok", "frisør", "smed", "gartner", "elektriker", "lærer", "mekaniker", "bager"])]
    cits = [citizen(f"c{i}", wishes="tømrer", interests=["fodbold"]) for i in range(8)]
    result = Engine().suggest(cits, [star] + others, k=3)
    shown = Counter(s["volunteer"] for r in result for s in r["suggestions"])
    assert shown["star"] == 3
    assert all(len(r["suggestions"]) == 3 for r in result)
    assert sum(1 for v in others if shown[v["id"]]) >= 6


def test_options_differ_not_three_teachers(citizen, volunteer):
    """Near-duplicate volunteers (same occupation family) are not shown together."""
    teachers = [volunteer(f"t{i}", occupation="pensioneret lærer", interests=["fodbold"]) for i in range(5)]
    pædagog = volunteer("p", occupation="pædagog")
    others = [volunteer("k", occupation="kok"), volunteer("s", occupation="smed")]
    [result] = Engine().suggest([citizen("c", wishes="lærer", interests=["fodbold"])],
                                teachers + [pædagog] + others, k=3)
    picked = [s["volunteer"] for s in result["suggestions"]]
    assert len(picked) == 3
    assert sum(p.startswith("t") or p == "p" for p in picked) == 1


def test_assign_solves_jointly():
    """Two citizens, one shared favourite with one slot: the one with no alternative gets it."""
    cand = np.array([[0, 1], [0, -1]])
    scores = np.array([[0.9, 0.8], [0.5, 0.0]])
    keys = np.array([[0, 1], [0, 0]])
    shown = assign(cand, scores, keys, limits=np.array([1, 1]), k=1)
    assert shown.tolist() == [[False, True], [True, False]]


def test_one_citizen_uses_the_same_engine(citizen, volunteer):
    """A single citizen gets k diverse options, best first."""
    vols = [volunteer("a", occupation="tømrer"), volunteer("b", occupation="snedker"),
            volunteer("c", occupation="kok"), volunteer("d", occupation="frisør")]
    [result] = Engine().suggest([citizen("x", wishes="tømrer")], vols, k=2)
    picked = [s["volunteer"] for s in result["suggestions"]]
    assert len(picked) == 2 and picked[0] in {"a", "b"} and not {"a", "b"} <= set(picked)
    scores = [s["score"] for s in result["suggestions"]]
    assert scores == sorted(scores, reverse=True)


def test_empty_inputs(citizen, volunteer):
    """No volunteers or no citizens: empty suggestion lists, no errors."""
    assert Engine().suggest([citizen("c")], [])[0]["suggestions"] == []
    assert Engine().suggest([], [volunteer("v")]) == []


def test_randomisation_is_bounded_keeps_hard_filters_and_records_propensities(citizen, volunteer):
    """Only a set's weakest option moves, to a near-equal candidate that passes every filter;
    each shown option carries the probability it had of being shown."""
    from matcher import Engine

    vols = [volunteer(f"v{i}", occupation=job, gender="m" if i != 5 else "f")
            for i, job in enumerate(["tømrer", "kok", "frisør", "smed", "bager", "maler"])]
    cits = [citizen(f"c{i}", preferred_gender="m") for i in range(40)]
    plain = Engine(exposure_factor=50).suggest(cits, vols, k=3)
    assert all(s["propensity"] == 1.0 for r in plain for s in r["suggestions"])
    mixed = Engine(exposure_factor=50, explore=0.9, explore_tolerance=1.0, seed=3).suggest(cits, vols, k=3)
    moved = 0
    for before, after in zip(plain, mixed):
        shown = [s["volunteer"] for s in after["suggestions"]]
        assert "v5" not in shown  # a woman, and every young person asked for a man
        kept = {s["volunteer"] for s in before["suggestions"]} & set(shown)
        assert len(kept) >= 2  # at most the weakest option changes
        chances = sorted(s["propensity"] for s in after["suggestions"])
        assert chances[1:] == [1.0, 1.0] and 0 < chances[0] < 1
        assert chances[0] in (0.5, 0.5 / 2)  # the rate is capped at 0.5; two alternatives
        moved += len(kept) == 2
    assert 0 < moved < len(cits)


def test_varied_within_the_wish_three_carpenters_who_differ(citizen, volunteer):
    """A young person who wants to be a carpenter sees carpenters who differ in age or gender,
    rather than one carpenter and two unrelated jobs; the old rule (one per family) is kept
    as an option for the bench."""
    from matcher import Engine

    carpenters = [volunteer("young-m", occupation="tømrer", birth_year=1998, gender="m"),
                  volunteer("young-f", occupation="tømrer", birth_year=1998, gender="f"),
                  volunteer("old-m", occupation="tømrer", birth_year=1960, gender="m"),
                  volunteer("old-m2", occupation="snedker", birth_year=1961, gender="m")]
    others = [volunteer("k", occupation="kok"), volunteer("s", occupation="frisør")]
    cit = citizen("c", wishes="tømrer")
    [varied] = Engine().suggest([cit], carpenters + others, k=3)
    assert {s["volunteer"] for s in varied["suggestions"]} == {"young-m", "young-f", "old-m"} or \
        {s["volunteer"] for s in varied["suggestions"]} == {"young-m", "young-f", "old-m2"}
    [family] = Engine(diversity="family").suggest([cit], carpenters + others, k=3)
    assert sum(s["volunteer"] not in ("k", "s") for s in family["suggestions"]) == 1


def test_over_time_a_long_unseen_role_model_comes_in_and_a_never_chosen_one_steps_back(
        citizen, volunteer):
    """Exposure across rounds: one unseen for 7 of the 8 weeks is shown before a better fit seen
    last week; at 6 weeks the fit given up (shared football, 0.11) is still too much; one shown
    many times and never chosen gives way; the scores stay the fit."""
    from matcher import Engine

    best = volunteer("best", occupation="tømrer", interests=["fodbold"], days_unseen=7)
    waited = volunteer("waited", occupation="tømrer", days_unseen=7 * 7)
    [early] = Engine().suggest([citizen("c", wishes="tømrer", interests=["fodbold"])],
                               [best, {**waited, "days_unseen": 6 * 7}], k=1)
    assert [s["volunteer"] for s in early["suggestions"]] == ["best"]
    [plain] = Engine().suggest([citizen("c", wishes="tømrer", interests=["fodbold"])],
                               [{**best, "days_unseen": 0}, {**waited, "days_unseen": 0}], k=1)
    assert [s["volunteer"] for s in plain["suggestions"]] == ["best"]
    [fair] = Engine().suggest([citizen("c", wishes="tømrer", interests=["fodbold"])],
                              [best, waited], k=1)
    assert [s["volunteer"] for s in fair["suggestions"]] == ["waited"]
    tired = {**best, "days_unseen": 0, "times_shown": 30, "times_chosen": 0}
    [rested] = Engine(fatigue=0.5).suggest([citizen("c", wishes="tømrer", interests=["fodbold"])],
                                           [tired, {**waited, "days_unseen": 0}], k=1)
    assert [s["volunteer"] for s in rested["suggestions"]] == ["waited"]
    assert plain["suggestions"][0]["score"] == Engine().rank(
        citizen("c", wishes="tømrer", interests=["fodbold"]), [best])[0]["score"]


def _one_set(scores, shown_first):
    """Return (cand, scores, keys, limits, shown) for one young person with one option per volunteer."""
    n = len(scores)
    cand = np.arange(n)[None, :]
    shown = np.zeros((1, n), dtype=bool)
    shown[0, :shown_first] = True
    return cand, np.array([scores], float), cand.copy(), np.ones(n, int), shown


def test_bring_in_takes_the_weakest_place_only_within_the_tolerance():
    """A waiting role model replaces the set's weakest option when the fit given up is within
    their tolerance, and not when it is more; the one not waiting is left as it is."""
    cand, scores, keys, limits, shown = _one_set([0.9, 0.8, 0.7, 0.69], 3)
    days = np.array([0, 0, 0, 28.0])
    near = bring_in(cand, scores, keys, limits, shown, 3, np.array([0, 0, 0, 0.02]), days)
    assert near[0].tolist() == [True, True, False, True]
    cand, scores, keys, limits, shown = _one_set([0.9, 0.8, 0.7, 0.6], 3)
    far = bring_in(cand, scores, keys, limits, shown, 3, np.array([0, 0, 0, 0.02]), days)
    assert far[0].tolist() == [True, True, True, False]
    limit = bring_in(cand, scores, keys, limits, shown, 3, np.array([0, 0, 0, np.inf]), days)
    assert limit[0].tolist() == [True, True, False, True]


def test_bring_in_gives_at_most_one_place_of_a_set_before_the_limit():
    """Two waiting role models near-equal to the weakest option: one comes in (the longer
    waiting), not both; at the limit (tolerance inf) both do, keeping the best option."""
    cand, scores, keys, limits, shown = _one_set([0.9, 0.8, 0.7, 0.695, 0.69], 3)
    days = np.array([0, 0, 0, 28.0, 35.0])
    one = bring_in(cand, scores, keys, limits, shown, 3, np.array([0, 0, 0, 0.02, 0.04]), days)
    assert one[0].tolist() == [True, True, False, False, True]
    both = bring_in(cand, scores, keys, limits, shown, 3, np.array([0, 0, 0, np.inf, np.inf]), days)
    assert both[0].tolist() == [True, False, False, True, True]


def test_a_waiting_role_model_outside_the_top_candidates_is_still_considered(citizen, volunteer):
    """One who fits but would not be among the citizen's top candidates is added as a candidate
    once they have waited long, and comes in at the limit."""
    from matcher import Engine

    good = [volunteer(f"g{i}", occupation="tømrer", interests=["fodbold"], birth_year=1960 + 3 * i,
                      gender="mf"[i % 2]) for i in range(14)]
    weak = volunteer("weak", occupation="frisør", days_unseen=7 * 7)
    cit = citizen("c", wishes="tømrer", interests=["fodbold"])
    [plain] = Engine(candidates=3).suggest([cit], good + [{**weak, "days_unseen": 0}], k=3)
    assert "weak" not in {s["volunteer"] for s in plain["suggestions"]}
    [fair] = Engine(candidates=3).suggest([cit], good + [weak], k=3)
    assert "weak" in {s["volunteer"] for s in fair["suggestions"]}
    assert len(fair["suggestions"]) == 3
