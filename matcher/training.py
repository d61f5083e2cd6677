"""Train and evaluate the learned models from logged choice sets and match outcomes.

Choice set (one proposal shown to a citizen):
    {"citizen": id, "shown": [volunteer ids], "chosen": id or None, "proposed_on": ISO date}
Outcome pair (one match that started):
    {"citizen": id, "volunteer": id, "started_on": ISO date, "ended_on": ISO date or None,
     "meetings": number of logged meetings}
citizens/volunteers are the usual records (current profiles) covering every id referenced.
"""

from datetime import date, datetime, timezone

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score

from matcher.choice import ChoiceLogit
from matcher.model import MatchModel
from matcher.profiles import encode_citizens, index_volunteers
from matcher.terms import TERMS, block_terms, prior_score

LASTING_DAYS = 182
MEETING_EVERY_DAYS = 14
BLEND_PRIOR_SETS = 300  # with n comparable-quality sets the learned weight is n / (n + 300)
MARGIN = 0.01           # NDCG@3 gain the learned model needs on the hold-out to replace the prior


def pair_features(citizens, volunteers, pairs, block_size=500):
    """Return the (len(pairs), len(TERMS)) term matrix for (citizen id, volunteer id) pairs."""
    need = {c for c, _ in pairs}
    cits = [c for c in citizens if c["id"] in need]
    vix = index_volunteers(volunteers, extra_texts=[c.get("wishes") or "" for c in cits])
    cit = encode_citizens(cits, vix)
    row_of = {c["id"]: i for i, c in enumerate(cits)}
    rows = np.array([row_of[c] for c, _ in pairs], dtype=int)
    cols = np.array([vix.position[str(v)] for _, v in pairs], dtype=int)
    X = np.zeros((len(pairs), len(TERMS)), dtype=np.float32)
    for start in range(0, len(cits), block_size):
        block = np.arange(start, min(start + block_size, len(cits)))
        terms, _ = block_terms(cit, vix, block)
        hit = (rows >= start) & (rows < block[-1] + 1) if len(block) else np.zeros(len(rows), bool)
        for j, t in enumerate(TERMS):
            X[hit, j] = terms[t][rows[hit] - start, cols[hit]]
    return X


MIN_PROPENSITY = 0.05  # inverse-propensity weights are clipped at 1 / 0.05 = 20


def _choice_rows(choice_sets, citizens, volunteers, weights=False):
    """Return (X, picked, groups) for choice sets sorted by date, skipping unknown ids.

    With weights=True also return each row's set weight for propensity-weighted metrics:
    1 / propensity of the chosen option (clipped), NaN where the set has no propensities.
    """
    cids = {c["id"] for c in citizens}
    vids = {str(v["id"]) for v in volunteers}
    pairs, picked, groups, row_w = [], [], [], []
    for g, s in enumerate(sorted(choice_sets, key=lambda s: str(s["proposed_on"]))):
        shown = [str(v) for v in s["shown"] if str(v) in vids]
        if s["citizen"] not in cids or not shown:
            continue
        pairs += [(s["citizen"], v) for v in shown]
        picked += [v == str(s.get("chosen")) for v in shown]
        groups += [g] * len(shown)
        chances = dict(zip((str(v) for v in s["shown"]), s.get("propensities") or ()))
        chosen = chances.get(str(s.get("chosen")))
        row_w += [1 / max(chosen, MIN_PROPENSITY) if chosen else float("nan")] * len(shown)
    X = pair_features(citizens, volunteers, pairs) if pairs else np.zeros((0, len(TERMS)), np.float32)
    out = X, np.array(picked, dtype=int), np.array(groups, dtype=int)
    return (*out, np.array(row_w, dtype=float)) if weights else out


def _feature_scores(model, X):
    """Return the model's (or the prior's, when model is None) score for feature rows."""
    terms = {t: X[:, j] for j, t in enumerate(TERMS)}
    prior = prior_score(terms)
    return prior if model is None else model.score_block(terms, prior)


def _ranking_metrics(scores, picked, groups, row_weights=None):
    """Return (NDCG@3, pick accuracy) over the sets where something was chosen.

    With row_weights (a set's weight on each of its rows), the means are weighted and sets
    without a finite weight are left out: the propensity-weighted (IPS) figures.
    """
    ndcg, hits, w = [], [], []
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        if not picked[idx].any():
            continue
        if row_weights is not None:
            if not np.isfinite(row_weights[idx[0]]):
                continue
            w.append(row_weights[idx[0]])
        order = idx[np.argsort(-scores[idx], kind="stable")][:3]
        gains = picked[order] / np.log2(np.arange(2, len(order) + 2))
        ideal = np.sort(picked[idx])[::-1][:3] / np.log2(np.arange(2, min(3, len(idx)) + 2))
        ndcg.append(gains.sum() / ideal.sum())
        hits.append(bool(picked[order[0]]))
    if not ndcg:
        return float("nan"), float("nan")
    weights = w if row_weights is not None else None
    return float(np.average(ndcg, weights=weights)), float(np.average(hits, weights=weights))


def evaluate(model, choice_sets, citizens, volunteers):
    """Return {"n_sets", "ndcg3", "pick_accuracy"} of a model (None = prior) on logged choice sets."""
    X, picked, groups = _choice_rows(choice_sets, citizens, volunteers)
    ndcg, acc = _ranking_metrics(_feature_scores(model, X), picked, groups)
    return {"n_sets": int(len(np.unique(groups))), "ndcg3": ndcg, "pick_accuracy": acc}


def _blend_weight(n_sets, learned, prior, min_sets):
    """Return how much the choice model counts: 1 if it beats the prior on the hold-out, else less."""
    if n_sets < min_sets or not np.isfinite(learned) or not np.isfinite(prior):
        return 0.0
    if learned > prior + MARGIN:
        return 1.0
    if learned >= prior - MARGIN:
        return n_sets / (n_sets + BLEND_PRIOR_SETS)
    return 0.0


def _now(now):
    """Return the training timestamp as a UTC ISO string."""
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="seconds")


def shared_start(models):
    """Return the starting point other municipalities' experience gives, or None.

    `models` are (n choice sets, MatchModel) of other municipalities; only their fitted weights
    are used (never records): the n-weighted average of [weights, none-utility] of those with a
    choice model.
    """
    rows = [(n, np.r_[m.choice.coef_, m.choice.none_utility_]) for n, m in models
            if m is not None and m.choice is not None and n > 0]
    if not rows:
        return None
    n = np.array([r[0] for r in rows], float)
    return (np.stack([r[1] for r in rows]) * n[:, None]).sum(0) / n.sum()


def start_model(start, *, version=1, now=None, n_sources=0):
    """Return a MatchModel that uses the shared starting point as it is (no own choices yet)."""
    choice = ChoiceLogit(start=start)
    choice.coef_, choice.none_utility_ = np.asarray(start[:-1], float), float(start[-1])
    choice.classes_, choice.n_features_in_, choice.n_iter_ = np.array([0, 1]), len(start) - 1, 0
    return MatchModel(name="shared-start", version=version, trained_at=_now(now), n_train=0,
                      metrics={"shared_sources": n_sources}, blend_weight=1.0, choice=choice)


def train_choice_model(choice_sets, citizens, volunteers, *, version=1, holdout=0.25, min_sets=30,
                       alpha=1.0, now=None, start=None):
    """Return a MatchModel whose ChoiceLogit is used only as far as it beats the prior.

    The earliest (1 − holdout) of the sets (by proposed_on) train a candidate model; the latest
    sets compare it with the prior (NDCG@3, pick accuracy); the final model is refitted on all.
    """
    X, picked, groups, row_w = _choice_rows(choice_sets, citizens, volunteers, weights=True)
    codes = np.unique(groups)
    cut = codes[int(len(codes) * (1 - holdout))] if len(codes) else 0
    train, test = groups < cut, groups >= cut
    metrics = {"n_sets": int(len(codes)), "n_holdout_sets": int(len(np.unique(groups[test])))}
    learned = prior = learned_ips = prior_ips = (float("nan"), float("nan"))
    if len(np.unique(picked[train])) == 2 and test.any():
        early = MatchModel(blend_weight=1.0, choice=ChoiceLogit(alpha=alpha, start=start).fit(
            X[train], picked[train], groups[train]))
        learned = _ranking_metrics(_feature_scores(early, X[test]), picked[test], groups[test])
        prior = _ranking_metrics(_feature_scores(None, X[test]), picked[test], groups[test])
        learned_ips = _ranking_metrics(_feature_scores(early, X[test]), picked[test], groups[test],
                                       row_w[test])
        prior_ips = _ranking_metrics(_feature_scores(None, X[test]), picked[test], groups[test],
                                     row_w[test])
    metrics.update(holdout_ndcg3_learned=learned[0], holdout_ndcg3_prior=prior[0],
                   holdout_pick_accuracy_learned=learned[1], holdout_pick_accuracy_prior=prior[1])
    with_p = int(len(np.unique(groups[test & np.isfinite(row_w)]))) if len(row_w) else 0
    if with_p:  # the propensity-weighted (IPS) figures, where the sets recorded propensities
        metrics.update(holdout_ndcg3_learned_ips=learned_ips[0], holdout_ndcg3_prior_ips=prior_ips[0],
                       n_holdout_sets_with_propensities=with_p)
    choice = ChoiceLogit(alpha=alpha, start=start).fit(X, picked, groups) \
        if len(np.unique(picked)) == 2 else None
    return MatchModel(version=version, trained_at=_now(now), n_train=int(len(codes)), metrics=metrics,
                      blend_weight=_blend_weight(len(codes), learned[0], prior[0], min_sets), choice=choice)


def lasted(pair, as_of=None):
    """Return True if a match lasted ≥ 6 months meeting every 14 days on average, False, or None if too early."""
    start = date.fromisoformat(str(pair["started_on"])[:10])
    end = date.fromisoformat(str(pair["ended_on"])[:10]) if pair.get("ended_on") else (as_of or date.today())
    days = (end - start).days
    if days < LASTING_DAYS:
        return None if not pair.get("ended_on") else False
    return int(pair.get("meetings") or 0) * MEETING_EVERY_DAYS >= days


def train_outcome_model(pairs, citizens, volunteers, *, model=None, as_of=None, holdout=0.25,
                        min_pairs=50, now=None):
    """Return `model` (or a prior-only MatchModel) with a calibrated lasting-pair model attached.

    Running pairs younger than 6 months are left out (we do not know yet). The outcome model
    reranks candidates only when its hold-out AUC reaches 0.6.
    """
    model = model or MatchModel(trained_at=_now(now))
    done = sorted((p for p in pairs if lasted(p, as_of) is not None), key=lambda p: str(p["started_on"]))
    y = np.array([lasted(p, as_of) for p in done], dtype=int)
    metrics = {"outcome_n_pairs": len(done)}
    if len(done) < min_pairs or len(np.unique(y)) < 2:
        model.metrics.update(metrics)
        return model
    X = pair_features(citizens, volunteers, [(p["citizen"], str(p["volunteer"])) for p in done])
    cut = int(len(done) * (1 - holdout))
    early = _outcome_estimator().fit(X[:cut], y[:cut]) if len(np.unique(y[:cut])) == 2 else None
    if early is not None and len(np.unique(y[cut:])) == 2:
        p = early.predict_proba(X[cut:])[:, 1]
        metrics.update(outcome_auc=float(roc_auc_score(y[cut:], p)),
                       outcome_brier=float(brier_score_loss(y[cut:], p)))
    model.metrics.update(metrics)
    model.outcome = _outcome_estimator().fit(X, y)
    model.outcome_trusted = metrics.get("outcome_auc", 0.0) >= 0.6
    return model


def _outcome_estimator():
    """Return the unfitted outcome model: logistic regression with sigmoid calibration."""
    return CalibratedClassifierCV(LogisticRegression(C=1.0), method="sigmoid", cv=3)
