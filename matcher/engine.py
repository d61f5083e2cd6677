"""Engine: score citizens × volunteers and choose each citizen's 2–3 suggestions."""

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from matcher.model import PRIOR_LABEL
from matcher.profiles import VolunteerIndex, encode_citizens, index_volunteers
from matcher.reasons import explain
from matcher.rounds import assign, bring_in, randomise, slot_limits
from matcher.terms import TERMS, block_mask, block_terms, prior_score


PRESELECT = 4  # look at PRESELECT × candidates options before keeping one per diversity key
EXTRA_CANDIDATES = 3  # long-unseen volunteers added to each citizen's candidates (best fitting)


def _best_per_key(top, keys, n):
    """Return the first n columns of `top` (sorted best first) keeping only each key's best; −1 pads."""
    rows = np.arange(len(top))[:, None]
    group = rows * (keys.max() + 1 if keys.size else 1) + keys
    first = np.zeros(top.shape, dtype=bool)
    first.flat[np.unique(group.ravel(), return_index=True)[1]] = True
    # Stable sort moves kept columns to the front while keeping their score order.
    order = np.argsort(~first, axis=1, kind="stable")[:, :n]
    kept = np.take_along_axis(top, order, axis=1)
    return np.where(np.take_along_axis(first, order, axis=1), kept, -1)


class Engine:
    """Suggestion engine; `model` is a MatchModel from training, or None for the prior alone.

    candidates: options kept per citizen before the round is solved — the best volunteer of each
    diversity key, so any set the round picks is diverse; diversity: "varied" (default: one per
    occupation family × age band × gender, `matcher.profiles._diversity_key`), "family" (one per
    occupation family) or "none" (an unconstrained top-k, for the bench); exposure_factor: a volunteer
    may be shown to at most max(1, ceil(exposure_factor × free capacity)) citizens per round;
    exposure_bonus: score bonus for a volunteer's first showing (spreads exposure);
    block_size: citizens scored at a time (bounds memory to ~block_size × V × 40 bytes);
    Fair over time (volunteer records may carry "days_unseen", "times_shown", "times_chosen"):
    the round is first solved on the fit alone; then a volunteer unseen for `bring_in_from` ×
    `wait_weeks` or longer may take one set's weakest option, at most one such swap per set, and
    only where the fit given up is within a tolerance that starts at `bring_in_tolerance` and
    doubles each further week, unbounded from `wait_weeks` − 1 weeks on
    (`matcher.rounds.bring_in`); so one who fits someone's hard filters is shown within
    `wait_weeks` at a small cost to the others. One shown many times and never chosen loses up
    to `fatigue` in the round (`over_time`). The suggestions' scores stay the fit alone.
    explore: probability (≤ 0.5) that a set's weakest option is swapped for a near-equal
    candidate within explore_tolerance of its score (`matcher.rounds.randomise`); every shown
    option then carries its "propensity", the probability it had of being shown.
    """

    def __init__(self, model=None, *, candidates=12, exposure_factor=3.0, exposure_bonus=0.1,
                 block_size=200, explore=0.0, explore_tolerance=0.05, seed=None, diversity="varied",
                 wait_weeks=8, bring_in_from=0.5, bring_in_tolerance=0.02, fatigue=0.05):
        """Keep the model and the round settings; nothing is computed here."""
        self.model = model
        self.wait_weeks = wait_weeks
        self.bring_in_from = bring_in_from
        self.bring_in_tolerance = bring_in_tolerance
        self.fatigue = fatigue
        self.diversity = diversity
        self.explore = explore
        self.explore_tolerance = explore_tolerance
        self.rng = np.random.default_rng(seed)
        self.candidates = candidates
        self.exposure_factor = exposure_factor
        self.exposure_bonus = exposure_bonus
        self.block_size = block_size

    def over_time(self, vix):
        """Return per-volunteer (bring-in tolerance, fatigue penalty) from their exposure so far.

        The tolerance is 0 (not brought in) below `bring_in_from` × `wait_weeks` weeks unseen,
        then `bring_in_tolerance` doubling each week, and infinite from `wait_weeks` − 1 weeks."""
        recs = vix.records
        days = np.array([float(v.get("days_unseen") or 0) for v in recs])
        shown = np.array([float(v.get("times_shown") or 0) for v in recs])
        chosen = np.array([float(v.get("times_chosen") or 0) for v in recs])
        weeks = days / 7
        start = self.bring_in_from * self.wait_weeks
        tolerance = np.where(weeks >= start,
                             self.bring_in_tolerance * 2.0 ** np.floor(np.maximum(weeks - start, 0)), 0.0)
        if self.bring_in_tolerance > 0:
            tolerance[weeks >= self.wait_weeks - 1] = np.inf
        tolerance[~(vix.matchable & (vix.free > 0))] = 0.0
        fatigue = self.fatigue * np.clip((shown - 3 * (chosen + 1)) / 6, 0, 1)
        return tolerance, fatigue.astype(np.float32)

    def _keys(self, vix):
        """Return each volunteer's diversity key under this engine's rule."""
        if self.diversity == "none":
            return np.arange(len(vix), dtype=np.int32)
        return vix.diversity_family if self.diversity == "family" else vix.diversity

    @property
    def model_label(self):
        """Return which model makes the suggestions, e.g. "prior v1" or "choice-logit v3 (2026-11-22)"."""
        return self.model.label if self.model is not None else PRIOR_LABEL

    def index(self, volunteers, citizens=()):
        """Return a reusable VolunteerIndex (pass it instead of the list to skip re-encoding)."""
        return index_volunteers(volunteers, extra_texts=[c.get("wishes") or "" for c in citizens])

    def _prepare(self, citizens, volunteers):
        """Return (CitizenArrays, VolunteerIndex) for records or a prebuilt index."""
        citizens = list(citizens)
        vix = volunteers if isinstance(volunteers, VolunteerIndex) else self.index(volunteers, citizens)
        return encode_citizens(citizens, vix), vix

    def _blocks(self, n):
        """Yield row ranges of at most block_size citizens."""
        for start in range(0, n, self.block_size):
            yield np.arange(start, min(start + self.block_size, n))

    def _block(self, cit, vix, rows):
        """Return (scores, terms, km, mask) for one block of citizens."""
        terms, km = block_terms(cit, vix, rows)
        mask = block_mask(cit, vix, rows, km)
        prior = prior_score(terms)
        scores = self.model.score_block(terms, prior) if self.model is not None else prior
        return scores, terms, km, mask

    def score(self, citizens, volunteers):
        """Return (scores C×V, {term: C×V array}, mask C×V) — full matrices, for small inputs.

        Scores are the prior (or the model's blend) before any filtering; mask is True where
        every hard filter passes.
        """
        cit, vix = self._prepare(citizens, volunteers)
        parts = [self._block(cit, vix, rows) for rows in self._blocks(len(cit))]
        if not parts:
            empty = np.zeros((0, len(vix)), np.float32)
            return empty, {t: empty for t in TERMS}, empty.astype(bool)
        scores = np.concatenate([p[0] for p in parts])
        terms = {t: np.concatenate([np.asarray(p[1][t]) for p in parts]) for t in TERMS}
        return scores, terms, np.concatenate([p[3] for p in parts])

    def _block_candidates(self, cit, vix, rows, adjust=None, extra=None, extra_rank=None):
        """Return one block's (cand, scores, features, km): the best candidate per diversity key.

        `adjust` (one value per volunteer, e.g. less fatigue) moves who is picked as a
        candidate, not the scores. `extra` (volunteer indices, e.g. those waiting long unseen) with `extra_rank` (higher
        first, e.g. whole weeks waited): each citizen's first EXTRA_CANDIDATES of them that pass
        the hard filters, by rank and then fit, are added as further candidates."""
        fit, terms, km, mask = self._block(cit, vix, rows)
        fit = np.where(mask, fit, -np.inf)  # (a new array: the prior's own stays untouched)
        scores = fit + adjust[None, :] if adjust is not None else fit
        wide = min(PRESELECT * self.candidates, len(vix))
        top = np.argpartition(scores, -wide, axis=1)[:, -wide:] if wide < len(vix) else \
            np.broadcast_to(np.arange(wide), (len(rows), wide))
        r = np.arange(len(rows))[:, None]
        top = np.take_along_axis(top, np.argsort(-scores[r, top], axis=1, kind="stable"), axis=1)
        top = _best_per_key(top, self._keys(vix)[top], self.candidates)
        if extra is not None and len(extra):
            n_extra = min(EXTRA_CANDIDATES, len(extra))
            # Those waiting longest first, then the best fitting (the fit is below 100).
            sub = fit[:, extra] + 100.0 * extra_rank[None, :]
            best = np.argpartition(sub, -n_extra, axis=1)[:, -n_extra:] if n_extra < len(extra) else \
                np.broadcast_to(np.arange(n_extra), (len(rows), n_extra))
            more = extra[best]
            dup = (more[:, :, None] == top[:, None, :]).any(-1) | ~np.isfinite(fit[r, more])
            top = np.concatenate([top, np.where(dup, -1, more)], axis=1)
        s = np.where(top >= 0, fit[r, np.maximum(top, 0)], -np.inf)
        safe = np.maximum(top, 0)
        feats = np.stack([terms[t][r, safe] for t in TERMS], axis=-1)
        return np.where(np.isfinite(s), top, -1), s, feats, km[r, safe]

    def _candidates(self, cit, vix, adjust=None, extra=None, extra_rank=None):
        """Return the top candidates per citizen: (cand, scores, features, km), cand −1 when none."""
        blocks = list(self._blocks(len(cit)))
        if len(blocks) == 1:  # one citizen from the coordinator's page: no pool overhead
            out = [self._block_candidates(cit, vix, blocks[0], adjust, extra, extra_rank)]
        else:
            # numpy releases the GIL in the heavy loops, so blocks overlap on several cores.
            with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
                out = list(pool.map(lambda rows: self._block_candidates(
                    cit, vix, rows, adjust, extra, extra_rank), blocks))
        return tuple(np.concatenate([o[i] for o in out]) for i in range(4))

    def suggest(self, citizens, volunteers, k=3):
        """Return one entry per citizen: {"citizen", "model", "suggestions": [{"volunteer", "score", "reasons"}]}.

        citizens/volunteers are records as described in `matcher` (volunteers may be a prebuilt
        index). All citizens form one round: exposure limits and diversity are enforced jointly.
        Suggestions are ordered best first; fewer than k when filters or capacity leave fewer.
        """
        cit, vix = self._prepare(citizens, volunteers)
        if len(cit) == 0 or len(vix) == 0:
            return [{"citizen": c["id"], "model": self.model_label, "suggestions": []} for c in cit.records]
        tolerance, fatigue = self.over_time(vix)
        waiting = np.flatnonzero(tolerance > 0)
        days = np.array([float(v.get("days_unseen") or 0) for v in vix.records])
        cand, scores, feats, km = self._candidates(cit, vix, -fatigue if fatigue.any() else None,
                                                   waiting if len(waiting) else None,
                                                   np.floor(days[waiting] / 7))
        valid = cand >= 0
        if self.model is not None:
            scores[valid] = self.model.rerank(feats[valid], scores[valid])
        scores = np.where(valid, scores, 0.0)
        keys = np.where(valid, self._keys(vix)[np.maximum(cand, 0)], 0)
        limits = slot_limits(np.where(vix.matchable, vix.free, 0), self.exposure_factor)
        safe = np.maximum(cand, 0)
        # The round weighs the fit less fatigue; then the long unseen may take a weakest option.
        weighed = np.where(valid, scores - fatigue[safe], 0.0) if fatigue.any() else scores
        shown = assign(cand, weighed, keys, limits, k, self.exposure_bonus)
        if len(waiting):
            shown = bring_in(cand, weighed, keys, limits, shown, k, tolerance, days)
        shown, propensity = randomise(cand, scores, keys, limits, shown, self.explore,
                                      self.explore_tolerance, self.rng)
        memo = {}
        return [self._entry(cit, vix, c, cand, scores, feats, km, shown, memo, propensity)
                for c in range(len(cit))]

    def rank(self, citizen, volunteers, limit=None, reasons=True):
        """Return every volunteer scored for one citizen, best first (at most `limit`).

        Each entry is {"volunteer", "score", "reasons", "fits"}; fits is False where a hard
        filter fails (a coordinator may still swap such a person in, saying why).
        """
        cit, vix = self._prepare([citizen], volunteers)
        if len(vix) == 0:
            return []
        scores, terms, km, mask = self._block(cit, vix, np.arange(1))
        if self.model is not None:
            feats = np.stack([np.asarray(terms[t])[0] for t in TERMS], axis=-1)
            scores = scores.copy()
            scores[0] = self.model.rerank(feats, scores[0])
        order = np.argsort(-scores[0], kind="stable")[:limit]
        memo = {}
        return [{
            "volunteer": str(vix.ids[j]),
            "score": round(float(scores[0, j]), 4),
            "reasons": explain(cit.records[0], vix.records[j],
                               {t: float(np.asarray(terms[t])[0, j]) for t in TERMS},
                               float(km[0, j]), memo) if reasons else [],
            "fits": bool(mask[0, j]),
        } for j in order]

    def _entry(self, cit, vix, c, cand, scores, feats, km, shown, memo, propensity):
        """Return the result dict of one citizen, with reasons for the shown options only."""
        picks = np.flatnonzero(shown[c])
        picks = picks[np.argsort(-scores[c, picks], kind="stable")]
        citizen = cit.records[c]
        suggestions = [{
            "volunteer": str(vix.ids[cand[c, j]]),
            "score": round(float(scores[c, j]), 4),
            "propensity": round(float(propensity[c, j]), 4),
            "reasons": explain(citizen, vix.records[cand[c, j]], dict(zip(TERMS, feats[c, j].tolist())),
                               float(km[c, j]), memo),
        } for j in picks]
        return {"citizen": citizen["id"], "model": self.model_label, "suggestions": suggestions}
