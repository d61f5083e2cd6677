"""The named prior terms (each in [0, 1]) and the hard-filter mask for a block of citizens × volunteers.

Terms (names are stable; the UI and the learned models refer to them):
  interests    shared interests/leisure: 1 − 0.5^shared (1 shared → 0.5, 2 → 0.75)
  occupation   wish vs occupation, work history, education (and offers at half weight), TF-IDF cosine
  distance     exp(−km / 25); 0.5 when a town is unknown
  age_gap      1 for a volunteer 8–40 years older, falling to 0 at the same age or 60 years older
  languages    1 for a shared language other than Danish, 0.5 for Danish only, 0 for none
  availability share of the citizen's time slots the volunteer also has (0.5 when unknown)
  experience   1 − 0.5^(earlier matches)
  load         free share of the volunteer's capacity
"""

import numpy as np

from matcher.geo import haversine_km

TERMS = ("interests", "occupation", "distance", "age_gap", "languages", "availability",
         "experience", "load")

# Documented prior weights (sum to 1): the job wish and shared interests carry the match, as in
# the source concept ("a young person who wants to be a smith gets a role model who was one");
# distance matters for meeting every 14 days; the rest break ties.
PRIOR_WEIGHTS = {"interests": 0.22, "occupation": 0.30, "distance": 0.15, "age_gap": 0.06,
                 "languages": 0.08, "availability": 0.08, "experience": 0.05, "load": 0.06}

DISTANCE_SCALE_KM = 25.0
_POPCOUNT = np.array([bin(i).count("1") for i in range(8)], dtype=np.float32)
_HALF_POWERS = np.float32(0.5) ** np.arange(64, dtype=np.float32)


def _dense(matrix):
    """Return a sparse product as a dense float32 array."""
    return np.asarray(matrix.toarray(), dtype=np.float32)


def _text_similarity(cit, vix, rows):
    """Return the occupation term: best TF-IDF cosine of the wish against the volunteer's texts."""
    wish_rows = cit.wishes_of[rows]
    uniq, inverse = np.unique(wish_rows, return_inverse=True)
    wishes = cit.wishes[uniq]
    work = _dense(wishes @ vix.work)[inverse][:, vix.work_of]
    offers = _dense(wishes @ vix.offers)[inverse][:, vix.offers_of]
    np.maximum(work, 0.5 * offers, out=work)
    # Cosines between short tagged texts sit around 0.3–0.7 for real matches; stretch to [0, 1].
    np.multiply(work, 1.5, out=work)
    np.minimum(work, 1.0, out=work)
    work[~cit.has_wish[rows]] = 0.0
    return work


def _shared_counts(a, b):
    """Return the dense count of shared items between rows of two 0/1 matrices (dense or sparse)."""
    if isinstance(b, np.ndarray):
        return a @ b.T
    return _dense(a @ b.T)


def _has_any(m):
    """Return which rows of a 0/1 matrix (dense or sparse) hold at least one item."""
    return np.asarray(m.sum(axis=1)).ravel() > 0


def _interests(cit, vix, rows):
    """Return the shared-interest term."""
    # Sparse citizen rows times the (interests × volunteers) matrix: a plain C loop over the few
    # interests each citizen has, cheaper than a threaded BLAS call for this shape.
    term = cit.interests[rows] @ vix.interests
    term = term.toarray() if hasattr(term, "toarray") else np.asarray(term)
    term = term.astype(np.float32, copy=False)
    np.negative(term, out=term)
    np.exp2(term, out=term)
    np.subtract(np.float32(1.0), term, out=term)
    return term


def _language_table(cit_sets, vol_sets):
    """Return the language term for every (citizen language set, volunteer language set) pair."""
    any_shared = _shared_counts(cit_sets, vol_sets) > 0
    foreign = _shared_counts(cit_sets[:, 1:], vol_sets[:, 1:]) > 0  # column 0 is Danish
    known = _has_any(cit_sets)[:, None] & _has_any(vol_sets)[None, :]
    table = np.where(known, np.float32(0.0), np.float32(0.5))
    table[any_shared] = 0.5
    table[foreign] = 1.0
    return table.ravel()


def _languages(cit, vix, rows):
    """Return the shared-language term by lookup over the few distinct language sets."""
    table = _language_table(cit.language_sets, vix.language_sets)
    code = cit.language_set[rows].astype(np.intp)[:, None] * len(vix.language_sets)
    return table.take(code + vix.language_set[None, :])


def _availability_table():
    """Return the 8×8 table of the availability term for every (citizen, volunteer) bit pattern."""
    table = np.full((8, 8), 0.5, dtype=np.float32)  # 0 = unknown on either side
    for c in range(1, 8):
        for v in range(1, 8):
            table[c, v] = _POPCOUNT[c & v] / _POPCOUNT[c]
    return table.ravel()


def _age_table():
    """Return the age-gap term for gaps −150…150 years (index gap + 150) plus 0.5 for unknown (last)."""
    gap = np.arange(-150, 151, dtype=np.float32)
    term = np.clip(np.minimum(gap / 8, (60 - gap) / 20), 0, 1)
    return np.r_[term, np.float32(0.5)].astype(np.float32)


_AVAILABILITY = _availability_table()
_AGE = _age_table()


def _availability(cit, vix, rows):
    """Return the share of the citizen's time slots the volunteer shares (0.5 when unknown)."""
    # Only 8 × 8 bit patterns exist, so the term is one table lookup per pair.
    code = cit.availability[rows].astype(np.intp)[:, None] * 8 + vix.availability.astype(np.intp)[None, :]
    return _AVAILABILITY.take(code)


def _age_code(birth_years):
    """Return birth years as integers with unknown years far outside the table range."""
    return np.where(np.isnan(birth_years), -10_000, np.nan_to_num(birth_years)).astype(np.intp)


def _age_gap(cit, vix, rows):
    """Return the age-gap term (volunteer older is positive) by table lookup on whole years."""
    gap = _age_code(cit.birth_year[rows])[:, None] - _age_code(vix.birth_year)[None, :]
    gap += 150
    # Unknown years and absurd gaps land outside 0…300 and read the "unknown" entry.
    np.putmask(gap, (gap < 0) | (gap > 300), len(_AGE) - 1)
    return _AGE.take(gap)


def block_terms(cit, vix, rows):
    """Return ({term name: len(rows)×V float32 array}, distance_km array) for a block of citizens."""
    km = haversine_km(cit.xyz[rows], vix.xyz)
    distance = np.exp(km * np.float32(-1 / DISTANCE_SCALE_KM))
    distance[np.isnan(km)] = 0.5
    n = len(rows)
    experience = (1 - _HALF_POWERS[np.minimum(vix.experience, 63)]).astype(np.float32)
    load = np.clip(vix.free / np.maximum(vix.capacity, 1), 0, 1).astype(np.float32)
    terms = {
        "interests": _interests(cit, vix, rows),
        "occupation": _text_similarity(cit, vix, rows),
        "distance": distance,
        "age_gap": _age_gap(cit, vix, rows),
        "languages": _languages(cit, vix, rows),
        "availability": _availability(cit, vix, rows),
        # Volunteer-only terms are broadcast views: no per-pair memory.
        "experience": np.broadcast_to(experience, (n, len(vix))),
        "load": np.broadcast_to(load, (n, len(vix))),
    }
    return terms, km


def block_mask(cit, vix, rows, km):
    """Return the len(rows)×V boolean mask of pairs that pass every hard filter."""
    ok = (vix.matchable & (vix.free > 0))[None, :]
    pref = cit.preferred_gender[rows][:, None]
    ok = ok & ((pref < 0) | (pref == vix.gender[None, :]))
    limit = cit.max_distance[rows][:, None]
    # Unknown distance or no limit passes: we cannot tell, and the coordinator reviews anyway.
    ok &= ~(km > limit)
    excluded = cit.excluded[rows]
    if excluded.nnz:
        r, c = excluded.nonzero()
        ok[r, c] = False
    return ok


def prior_score(terms, weights=PRIOR_WEIGHTS):
    """Return the weighted sum of the terms (the prior score, in [0, 1])."""
    names = list(weights)
    # Volunteer-only terms are broadcast rows: add their weighted sum once, not per pair.
    per_volunteer = [n for n in names if getattr(terms[n], "strides", (1,))[0] == 0]
    pairwise = [n for n in names if n not in per_volunteer]
    score = np.multiply(terms[pairwise[0]], np.float32(weights[pairwise[0]]), dtype=np.float32)
    tmp = np.empty_like(score)
    for name in pairwise[1:]:
        np.multiply(terms[name], np.float32(weights[name]), out=tmp)
        score += tmp
    if per_volunteer:
        score += sum(np.float32(weights[n]) * terms[n][0] for n in per_volunteer)
    return score


def stack_terms(terms, rows=None, cols=None):
    """Return an (n_pairs, len(TERMS)) feature matrix for the pairs (rows[i], cols[i]) or all pairs."""
    if rows is None:
        return np.stack([np.asarray(terms[t], dtype=np.float32).ravel() for t in TERMS], axis=1)
    return np.stack([terms[t][rows, cols] for t in TERMS], axis=1).astype(np.float32)
