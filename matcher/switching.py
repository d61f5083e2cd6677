"""The switch-in test: will the sets a new model shows be better than those of the model in use?

A hold-out NDCG only says how well a model predicts choices among the sets the *old* policy
showed. When the old policy was biased (it favoured shared interests, say), a model can fit
those choices better and still choose worse sets for new young people. So:

* **With recorded propensities** (each shown option's probability of being shown, recorded
  by the service since the randomisation among near-equal candidates, see
  `matcher.rounds.randomise`), the value of the sets a model would show is estimated off-policy
  by inverse propensity scoring: among the logged hold-out options that the model would also put
  in its own top-k, each weighs 1 / propensity (clipped at `MIN_PROPENSITY`), and the estimate is
  the weighted share that was chosen (self-normalised, item-level IPS). The new model switches in
  when its estimate is not below the one of the model in use (less `margin`). IPS can only judge
  options the old policy could show: when under `MIN_SUPPORT` (60 %) of the new model's options
  had a propensity, the conservative rule below decides instead (the options inside a partial
  support can be unlike the rest when the old policy chose its pool on something unrecorded).
* **Without propensities** (imported history), a conservative rule: the learned weights are
  expressed in the prior's own units (the prior refitted as a one-parameter logit), each may move
  at most `cap` × its prior weight away from it, and the movement shrinks by n / (n + shrink_sets).
  The model held near the prior switches in only when its hold-out NDCG@3 is not below the
  prior's; otherwise the model in use stays. When the prior refitted on the log has a
  scale ≤ 0 — the logged choices go against what the prior ranks high, as when the old policy
  showed people on a quality nobody recorded that also drove the choices — nothing from that
  log is trusted and the model in use stays (near-prior weights in the units of a prior that
  does not fit would be noise).
* Fewer than `min_sets` choice sets: keep the model in use.
"""
import copy

import numpy as np

from matcher.choice import ChoiceLogit
from matcher.terms import PRIOR_WEIGHTS, TERMS

MIN_PROPENSITY = 0.05
CAP = 0.5           # a learned weight may move at most half its prior weight (prior units)
SHRINK_SETS = 300   # with n sets the movement counts n / (n + 300)
MARGIN = 0.0
MIN_PROPENSITY_SETS = 30
MIN_PRIOR_SCALE = 0.0  # the prior must rank the logged choices at least the right way round
# Share of the new model's options the old policy could show, for IPS to judge. IPS says nothing
# of the options outside the old policy's reach, and those inside it need not be like them: when
# the old policy chose its pool on a quality nobody recorded, the new model's options inside the
# pool are the ones that quality made good, and a partial-support estimate flatters the new model
# (the bench's confounded/recorded case: support 0.43, estimate 0.49 against 0.37, truth worse).
MIN_SUPPORT = 0.6

_W = np.array([PRIOR_WEIGHTS[t] for t in TERMS])


def prior_units(X, picked, groups):
    """Return (scale, none utility) of the prior refitted as a logit: u = scale · prior − b."""
    single = ChoiceLogit(alpha=1e-3).fit((X @ _W)[:, None], picked, groups)
    return float(single.coef_[0]), float(single.none_utility_)


def held_near_prior(model, X, picked, groups, *, cap=CAP, shrink_sets=SHRINK_SETS):
    """Return a copy of `model` whose choice weights stay near the prior's (see the module)."""
    if model is None or model.choice is None:
        return model
    scale, _b = prior_units(X, picked, groups)
    scale = max(scale, 1e-6)
    n_sets = len(np.unique(groups))
    anchor = scale * _W
    limit = cap * scale * np.maximum(_W, _W.mean())
    move = np.clip(model.choice.coef_ - anchor, -limit, limit) * (n_sets / (n_sets + shrink_sets))
    near = copy.deepcopy(model)
    near.choice.coef_ = anchor + move
    near.blend_weight = 1.0
    near.name = f"{model.name} near prior"
    return near


def _top_k(model, citizen, volunteers, k, engine_cls):
    """Return the ids of the k volunteers the model would show one citizen (hard filters kept)."""
    ranked = engine_cls(model=model).rank(citizen, volunteers, reasons=False)
    return [r["volunteer"] for r in ranked if r["fits"]][:k]


def set_value(model, choice_sets, citizens, volunteers, *, k=3):
    """Return (estimated choice rate of the options the model would show, support, n sets).

    Self-normalised item-level IPS over the sets that carry "propensities" (aligned with
    "shown"): among the logged options the model would also show, each counts 1 / propensity,
    and the estimate is the weighted share of them that was chosen. `support` estimates the share
    of the model's own options that the logging policy could show at all; the estimate says
    nothing about the rest.
    """
    from matcher.engine import Engine  # the engine scores the model's own sets

    logged = [s for s in choice_sets if s.get("propensities") and len(s["propensities"]) == len(s["shown"])]
    by_id = {c["id"]: c for c in citizens}
    logged = [s for s in logged if s["citizen"] in by_id]
    if not logged:
        return float("nan"), 0.0, 0
    pool = [{**v, "matchable": True, "load": 0, "capacity": max(int(v.get("capacity") or 1), 1)}
            for v in volunteers]
    index = Engine().index(pool, [by_id[s["citizen"]] for s in logged])
    hit = weight = 0.0
    own_total = 0
    for s in logged:
        own = set(_top_k(model, by_id[s["citizen"]], index, k, Engine))
        chosen = str(s.get("chosen"))
        for v, p in zip(s["shown"], s["propensities"]):
            if str(v) in own and p > 0:
                w = 1.0 / max(p, MIN_PROPENSITY)
                weight += w
                hit += w * (str(v) == chosen)
        own_total += len(own)
    value = hit / weight if weight else float("nan")
    # Each own option the old policy could show was shown with probability p: Σ 1/p over the
    # shown ones estimates how many of the model's options lie within the old policy's reach.
    return value, (min(weight / own_total, 1.0) if own_total else 0.0), len(logged)


def _refit(model, sets, citizens, volunteers):
    """Return a copy of `model` with its choice model fitted on `sets` only (None if it cannot)."""
    from matcher.training import _choice_rows

    X, picked, groups = _choice_rows(sets, citizens, volunteers)
    if len(np.unique(picked)) < 2:
        return None
    early = copy.deepcopy(model)
    early.choice = ChoiceLogit(alpha=model.choice.alpha, start=model.choice.start).fit(X, picked, groups)
    early.blend_weight = 1.0
    return early


def decide(candidate, current, choice_sets, citizens, volunteers, *, margin=MARGIN,
           min_sets=30, holdout=0.25):
    """Return (model to use, report): the candidate, its near-prior version, or `current`.

    `current` is the model in use (None = the prior). The report says which rule decided and
    the figures it compared; it holds no personal data.
    """
    from matcher.training import _choice_rows, _feature_scores, _ranking_metrics

    ordered = sorted(choice_sets, key=lambda s: str(s["proposed_on"]))
    report = {"n_sets": len(ordered)}
    if candidate is None or candidate.choice is None or len(ordered) < min_sets:
        return current, {**report, "rule": "too-few", "switch": False}
    cut = int(len(ordered) * (1 - holdout))
    train, test = ordered[:cut], ordered[cut:]
    early = _refit(candidate, train, citizens, volunteers)
    if early is None:
        return current, {**report, "rule": "too-few", "switch": False}
    with_p = [s for s in test if s.get("propensities")]
    if len(with_p) >= MIN_PROPENSITY_SETS:
        new, support, n = set_value(early, with_p, citizens, volunteers)
        old, _support, _n = set_value(current, with_p, citizens, volunteers)
        if support >= MIN_SUPPORT:
            switch = bool(np.isfinite(new) and np.isfinite(old) and new >= old - margin)
            return (candidate if switch else current), {
                **report, "rule": "off-policy", "switch": switch, "sets_with_propensities": n,
                "value_new": new, "value_current": old, "support": support}
        report.update(off_policy_support=support)  # too little overlap: the conservative rule
    X, picked, groups = _choice_rows(ordered, citizens, volunteers)
    scale, _b = prior_units(X, picked, groups)
    if scale <= MIN_PRIOR_SCALE:
        # Among the sets the old policy showed, people did not choose what the prior ranks high.
        # Either the prior is wrong or the old policy chose whom to show on something that also
        # drove the choices (a selection bias); without propensities the two cannot be told
        # apart, and a model fitted to such a log can choose far worse sets: keep the model in use.
        return current, {**report, "rule": "conservative", "switch": False,
                         "prior_scale": scale, "why": "choices contradict the prior"}
    near = held_near_prior(candidate, X, picked, groups)
    Xe, pe, ge = _choice_rows(train, citizens, volunteers)
    Xt, pt, gt = _choice_rows(test, citizens, volunteers)
    ndcg_near = _ranking_metrics(_feature_scores(held_near_prior(early, Xe, pe, ge), Xt), pt, gt)[0]
    ndcg_prior = _ranking_metrics(_feature_scores(None, Xt), pt, gt)[0]
    switch = bool(np.isfinite(ndcg_near) and ndcg_near >= ndcg_prior - margin)
    return (near if switch else current), {
        **report, "rule": "conservative", "switch": switch, "holdout_ndcg3_near_prior": ndcg_near,
        "holdout_ndcg3_prior": ndcg_prior, "cap": CAP, "shrink_sets": SHRINK_SETS}
