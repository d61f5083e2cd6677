"""Choose the suggestion sets of a matching round as one linear programme (a min-cost flow).

Variables x[c, v] ∈ [0, 1] for every candidate pair kept after pruning. Constraints:
  each citizen gets at most k options;
  each citizen gets at most one option per diversity key (occupation family) — no three teachers;
  each volunteer is shown at most slot_limit[v] = max(1, ceil(exposure_factor × free capacity)) times.
Objective: fill as many slots as possible (a large reward per option), then maximise the scores,
plus a bonus for each volunteer's first showing so that nobody is left unseen when a near-equal
alternative exists. The constraint matrix is a network matrix (citizen-side rows are nested,
volunteer-side rows disjoint), so the HiGHS simplex returns an integral solution.
"""

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

FILL_REWARD = 10.0


def slot_limits(free, exposure_factor):
    """Return how many citizens each volunteer may be shown to in one round."""
    return np.where(free > 0, np.maximum(1, np.ceil(exposure_factor * free)), 0).astype(int)


def _diversity_rows(cit, key, n_var):
    """Return a sparse matrix with one row per (citizen, key) group holding two or more candidates."""
    group = cit.astype(np.int64) * (key.max() + 1) + key
    _, inverse, counts = np.unique(group, return_inverse=True, return_counts=True)
    keep = counts[inverse] >= 2
    rows = np.unique(inverse[keep], return_inverse=True)[1]
    return sp.csr_matrix((np.ones(keep.sum()), (rows, np.flatnonzero(keep))),
                         shape=(rows.max() + 1 if keep.any() else 0, n_var))


def _pick_one(scores, keys, k, limits, cols):
    """Return chosen candidate positions for a single citizen (greedy is exact for one citizen)."""
    chosen, used = [], set()
    for j in np.argsort(-scores, kind="stable"):
        if len(chosen) == k:
            break
        if keys[j] not in used and limits[cols[j]] > 0:
            chosen.append(j)
            used.add(keys[j])
    return chosen


def assign(cand, scores, keys, limits, k, exposure_bonus=0.1):
    """Return a boolean C×N array marking which candidates are shown.

    cand: C×N volunteer indices (−1 = no candidate); scores: C×N finite scores; keys: C×N
    diversity keys; limits: per-volunteer slot limits; k: options per citizen;
    exposure_bonus: the bonus for a volunteer's first showing in the round, one number or one
    per volunteer (those who waited long unseen come in afterwards, by `bring_in`).
    """
    valid = cand >= 0
    shown = np.zeros(cand.shape, dtype=bool)
    bonus = np.broadcast_to(np.asarray(exposure_bonus, dtype=float), limits.shape)
    if len(cand) == 1:
        pos = np.flatnonzero(valid[0])
        # One young person: a volunteer's first-showing bonus (their wait) orders the greedy pass.
        ordered = scores[0, pos] + bonus[cand[0, pos]]
        shown[0, pos[_pick_one(ordered, keys[0, pos], k, limits, cand[0, pos])]] = True
        return shown
    rows, pos = np.nonzero(valid)
    if len(rows) == 0:
        return shown
    vols, vol_of = np.unique(cand[rows, pos], return_inverse=True)
    n, m = len(rows), len(vols)
    n_var = n + 2 * m  # x, first showing y1, further showings y2
    a_cit = sp.csr_matrix((np.ones(n), (rows, np.arange(n))), shape=(len(cand), n_var))
    a_div = _diversity_rows(rows, keys[rows, pos], n_var)
    a_vol = sp.csr_matrix(
        (np.r_[np.ones(n), -np.ones(2 * m)],
         (np.r_[vol_of, np.arange(m), np.arange(m)], np.r_[np.arange(n), n + np.arange(2 * m)])),
        shape=(m, n_var))
    cost = -np.r_[FILL_REWARD + scores[rows, pos], bonus[vols], np.zeros(m)]
    upper = np.r_[np.ones(n), np.minimum(1, limits[vols]), np.maximum(limits[vols] - 1, 0)]
    res = linprog(cost, A_ub=sp.vstack([a_cit, a_div]).tocsr(),
                  b_ub=np.r_[np.full(len(cand), k), np.ones(a_div.shape[0])],
                  A_eq=a_vol, b_eq=np.zeros(m), bounds=np.column_stack([np.zeros(n_var), upper]),
                  method="highs-ds")
    if res.status != 0:
        raise RuntimeError(f"suggestion round could not be solved: {res.message}")
    shown[rows, pos] = res.x[:n] > 0.5
    return shown


def bring_in(cand, scores, keys, limits, shown, k, tolerance, days):
    """Return `shown` with volunteers who waited long unseen brought in where it costs little.

    tolerance: per volunteer, the score one set may give up to show them (0 = not waiting,
    inf = any); days: per volunteer, days unseen (the longest waiting go first). Each waiting
    volunteer not shown in this round takes the place of one set's weakest option (or an empty
    slot) — in the set where that gives up the least score — when that loss is within their
    tolerance, the set has not given a place to a waiting volunteer already (at most one per
    set; at the limit, tolerance inf, any of its places not given already), their diversity key
    is new to the set and the replaced option is not itself the only showing of a waiting
    volunteer. Slot limits hold: the replaced volunteer's slot is freed.
    """
    shown = shown.copy()
    used = np.bincount(cand[shown], minlength=len(limits)) if shown.any() else np.zeros(len(limits), int)
    waiting = np.flatnonzero((tolerance > 0) & (used == 0) & (limits > 0))
    if not len(waiting):
        return shown
    rows, cols = np.nonzero(np.isin(cand, waiting) & ~shown)
    at = {}
    for r, c in zip(rows.tolist(), cols.tolist()):
        at.setdefault(int(cand[r, c]), []).append((r, c))
    taken = np.zeros(len(cand), dtype=int)  # places a set gave to the waiting so far
    came = np.zeros(cand.shape, dtype=bool)
    for v in waiting[np.argsort(-days[waiting], kind="stable")]:
        best = None
        for r, c in at.get(int(v), ()):
            if taken[r] >= (k if np.isinf(tolerance[v]) else 1):
                continue
            picks = np.flatnonzero(shown[r])
            open_ = picks[~came[r, picks]]
            if len(picks) < k:
                last, loss = None, 0.0
                others = keys[r, picks]
            elif not len(open_):
                continue
            else:
                last = open_[np.argmin(scores[r, open_])]
                w = cand[r, last]
                if tolerance[w] > 0 and used[w] == 1:
                    continue  # do not push out another waiting volunteer's only showing
                loss = float(scores[r, last] - scores[r, c])
                others = keys[r, picks[picks != last]]
            if keys[r, c] in others or (best is not None and loss >= best[0]):
                continue
            best = (loss, r, c, last)
        if best is None or best[0] > tolerance[v]:
            continue
        _loss, r, c, last = best
        if last is not None:
            shown[r, last] = False
            used[cand[r, last]] -= 1
        shown[r, c] = came[r, c] = True
        used[v] += 1
        taken[r] += 1
    return shown


MAX_EXPLORE = 0.5  # the randomisation may never decide more than half of a last slot


def randomise(cand, scores, keys, limits, shown, rate, tolerance, rng):
    """Return (shown, propensity C×N): a small, bounded randomisation of each set's last option.

    With probability `rate` (capped at MAX_EXPLORE) the weakest shown option of a citizen is
    replaced by one of its near-equal alternatives, chosen uniformly: candidates (so every hard
    filter passed) within `tolerance` of its score, of a diversity key the set does not have yet,
    whose volunteer still has a slot in the round. propensity holds each shown option's
    probability of having been shown: 1 for the options the round fixed, 1 − rate for a kept last
    option with alternatives, rate / m for an alternative that came in (m alternatives); 0 where
    nothing is shown. With rate 0 nothing changes and every shown option has propensity 1.
    """
    rate = min(max(float(rate), 0.0), MAX_EXPLORE)
    shown = shown.copy()
    propensity = shown.astype(float)
    if rate <= 0:
        return shown, propensity
    used = np.bincount(cand[shown], minlength=len(limits)) if shown.any() else np.zeros(len(limits), int)
    for c in np.flatnonzero(shown.sum(1) > 0):
        picks = np.flatnonzero(shown[c])
        last = picks[np.argmin(scores[c, picks])]
        others = set(keys[c, picks].tolist()) - {keys[c, last]}
        alt = np.flatnonzero((cand[c] >= 0) & ~shown[c] & (scores[c] >= scores[c, last] - tolerance))
        alt = [j for j in alt if keys[c, j] not in others and used[cand[c, j]] < limits[cand[c, j]]]
        if not alt:
            continue
        propensity[c, last] = 1 - rate
        if rng.random() < rate:
            j = alt[int(rng.integers(len(alt)))]
            shown[c, last], shown[c, j] = False, True
            used[cand[c, last]] -= 1
            used[cand[c, j]] += 1
            propensity[c, last], propensity[c, j] = 0.0, rate / len(alt)
    return shown, propensity
