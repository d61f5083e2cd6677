"""Why a suggestion fits, as data: one reason per term that is meaningfully high.

A reason is a dict with a ``code`` and the values it names, never a sentence; the web layer
writes it in the reader's language (web/matching/reasons.py). Codes and their values:

    work          {"job": "tømrer"}            the role model works as what the young person wishes
    worked        {"job": "tømrer"}            has worked as it (work history)
    trained       {"job": "klejnsmed"}         is trained as it (education)
    interests     {"items": ["fodbold"]}       interests both have, in the young person's words
    near          {}                           lives under 2 km away
    distance      {"km": 6}                    lives this many km away (rounded, at most 30)
    age           {"years": 9}                 was the young person's age this many years ago
    languages     {"languages": ["ar"]}        shared languages other than Danish (ISO codes)
    availability  {"slots": ["weekend"]}       time slots both have (matcher.lexicon slots)
    experience    {"matches": 2}               has been a role model for this many before
"""

from matcher.lexicon import AVAILABILITY_SLOTS, COMMON_LANGUAGE, LANGUAGE_NAMES
from matcher.profiles import language_name
from matcher.terms import PRIOR_WEIGHTS
from matcher.text import interest_keys, occupation_family, stem, words

MAX_REASONS = 4
# A term must reach this value before we name it; below it the reason would overstate the match.
THRESHOLDS = {"interests": 0.5, "occupation": 0.4, "distance": 0.3, "age_gap": 1.0,
              "languages": 1.0, "availability": 0.5, "experience": 0.5}
NEAR_KM = 2
FAR_KM = 30
AGE_GAP_NAMED = 15  # older than this, "was your age N years ago" no longer helps
# Danish language name -> ISO 639-1 code, so the web layer can name it in any language.
LANGUAGE_CODES = {name: code for code, name in LANGUAGE_NAMES.items() if len(code) == 2}


def _interest_set(volunteer, memo):
    """Return a volunteer's interest keys, remembered per volunteer id within one round."""
    key = ("interests", volunteer["id"])
    if key not in memo:
        memo[key] = {k for f in ("interests", "leisure") for item in volunteer.get(f) or ()
                     for k, _ in interest_keys(item)}
    return memo[key]


def _interests(citizen, volunteer, memo):
    """Return the reason naming the shared interests."""
    theirs = _interest_set(volunteer, memo)
    shared = []
    for item in citizen.get("interests") or ():
        for key, shown in interest_keys(item):
            if key in theirs and shown not in shared:
                shared.append(shown)
    return {"code": "interests", "items": shared[:3]} if shared else None


def _occupation(citizen, volunteer, memo):
    """Return the reason naming the volunteer's work or education that fits the citizen's wish."""
    key = ("wish", citizen.get("wishes") or "")
    if key not in memo:  # a citizen's wish words, read once per round
        wish = words(key[1])
        memo[key] = ({occupation_family(w) for w in wish} - {None},
                     {stem(w)[:5] for w in wish if len(w) >= 4})
    families, stems = memo[key]
    for field, code in (("occupation", "work"), ("work_history", "worked"), ("education", "trained")):
        text = volunteer.get(field) or ""
        key = ("job", text)
        if key not in memo:  # each word with its family and stem, once per distinct text
            memo[key] = [(w, occupation_family(w), stem(w)[:5] if len(w) >= 4 else None)
                         for w in words(text)]
        for w, family, w_stem in memo[key]:
            if family in families or (w_stem is not None and w_stem in stems):
                return {"code": code, "job": w}
    return None


def _distance(km):
    """Return the reason about living close."""
    if km is None or km != km or km > FAR_KM:
        return None
    return {"code": "near"} if km < NEAR_KM else {"code": "distance", "km": int(round(km))}


def _languages(citizen, volunteer):
    """Return the reason naming a shared language other than Danish."""
    mine = [language_name(x) for x in citizen.get("languages") or ()]
    theirs = {language_name(x) for x in volunteer.get("languages") or ()}
    shared = [LANGUAGE_CODES.get(x, x) for x in mine if x in theirs and x != COMMON_LANGUAGE]
    return {"code": "languages", "languages": shared} if shared else None


def _availability(citizen, volunteer):
    """Return the reason naming the time slots both have."""
    both = set(citizen.get("availability") or ()) & set(volunteer.get("availability") or ())
    slots = [s for s in AVAILABILITY_SLOTS if s in both]
    return {"code": "availability", "slots": slots} if slots else None


def _age(citizen, volunteer):
    """Return the reason about age, only when the role model is close enough in age to relate."""
    mine, theirs = citizen.get("birth_year"), volunteer.get("birth_year")
    if not mine or not theirs or not 0 < mine - theirs <= AGE_GAP_NAMED:
        return None
    return {"code": "age", "years": int(mine - theirs)}


def _experience(volunteer):
    """Return the reason about earlier matches."""
    n = int(volunteer.get("experience") or 0)
    return {"code": "experience", "matches": n} if n > 0 else None


def explain(citizen, volunteer, values, km, memo=None):
    """Return up to MAX_REASONS reasons (dicts, see the module) for one pair, strongest first.

    `values` maps term name -> term value for this pair; `km` is the distance (or None);
    `memo` is an optional dict reused across the pairs of one round.
    """
    memo = {} if memo is None else memo
    builders = {
        "interests": lambda: _interests(citizen, volunteer, memo),
        "occupation": lambda: _occupation(citizen, volunteer, memo),
        "distance": lambda: _distance(km),
        "age_gap": lambda: _age(citizen, volunteer),
        "languages": lambda: _languages(citizen, volunteer),
        "availability": lambda: _availability(citizen, volunteer),
        "experience": lambda: _experience(volunteer),
    }
    ranked = sorted((t for t in builders if values.get(t, 0) >= THRESHOLDS[t]),
                    key=lambda t: -PRIOR_WEIGHTS[t] * values[t])
    reasons = [r for r in (builders[t]() for t in ranked) if r]
    return reasons[:MAX_REASONS]
