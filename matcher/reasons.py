"""Plain-Danish reasons for a chosen suggestion, one per term that is meaningfully high."""

from matcher.lexicon import AVAILABILITY_PHRASES, AVAILABILITY_SLOTS, BALL_GAMES, COMMON_LANGUAGE
from matcher.profiles import language_name
from matcher.terms import PRIOR_WEIGHTS
from matcher.text import interest_keys, occupation_family, stem, words

MAX_REASONS = 4
# A term must reach this value before we name it; below it the reason would overstate the match.
THRESHOLDS = {"interests": 0.5, "occupation": 0.4, "distance": 0.3, "age_gap": 1.0,
              "languages": 1.0, "availability": 0.5, "experience": 0.5, "load": 1.0}


def _and(items):
    """Return items joined the Danish way: "a, b og c"."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


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
    games = [s for s in shared if s in BALL_GAMES]
    others = [s for s in shared if s not in BALL_GAMES]
    parts = ([f"I spiller begge {_and(games)}"] if games else []) + (
        [f"I interesserer jer begge for {_and(others)}"] if others else [])
    return "; ".join(parts) or None


def _occupation(citizen, volunteer):
    """Return the reason naming the volunteer's work or education that fits the citizen's wish."""
    wish = words(citizen.get("wishes"))
    families = {occupation_family(w) for w in wish} - {None}
    stems = {stem(w)[:5] for w in wish if len(w) >= 4}
    for field, phrase in (("occupation", "Har arbejdet som {}"), ("work_history", "Har arbejdet som {}"),
                          ("education", "Er uddannet {}")):
        for w in words(volunteer.get(field)):
            if occupation_family(w) in families or (len(w) >= 4 and stem(w)[:5] in stems):
                return phrase.format(w)
    return None


def _distance(km):
    """Return the reason about living close."""
    if km is None or km != km or km > 30:
        return None
    return "I bor tæt på hinanden" if km < 2 else f"I bor {round(km)} km fra hinanden"


def _languages(citizen, volunteer):
    """Return the reason naming a shared language other than Danish."""
    mine = [language_name(x) for x in citizen.get("languages") or ()]
    theirs = {language_name(x) for x in volunteer.get("languages") or ()}
    shared = [x for x in mine if x in theirs and x != COMMON_LANGUAGE]
    return f"I taler begge {_and(shared)}" if shared else None


def _availability(citizen, volunteer):
    """Return the reason naming the time slots both have."""
    both = set(citizen.get("availability") or ()) & set(volunteer.get("availability") or ())
    slots = [AVAILABILITY_PHRASES[s] for s in AVAILABILITY_SLOTS if s in both]
    return f"I kan begge mødes {_and(slots)}" if slots else None


def _age(citizen, volunteer):
    """Return the reason about age, only when the role model is close enough in age to relate."""
    mine, theirs = citizen.get("birth_year"), volunteer.get("birth_year")
    if not mine or not theirs or not 0 < mine - theirs <= 15:
        return None
    return f"Er kun {mine - theirs} år ældre end dig"


def explain(citizen, volunteer, values, km, memo=None):
    """Return up to MAX_REASONS Danish reasons for one pair, strongest term first.

    `values` maps term name -> term value for this pair; `km` is the distance (or None);
    `memo` is an optional dict reused across the pairs of one round.
    """
    memo = {} if memo is None else memo
    builders = {
        "interests": lambda: _interests(citizen, volunteer, memo),
        "occupation": lambda: _occupation(citizen, volunteer),
        "distance": lambda: _distance(km),
        "age_gap": lambda: _age(citizen, volunteer),
        "languages": lambda: _languages(citizen, volunteer),
        "availability": lambda: _availability(citizen, volunteer),
        "experience": lambda: "Har været rollemodel før",
        "load": lambda: "Har god tid til en ny ung lige nu" if (volunteer.get("capacity") or 0) > 1 else None,
    }
    ranked = sorted((t for t in builders if values.get(t, 0) >= THRESHOLDS[t]),
                    key=lambda t: -PRIOR_WEIGHTS[t] * values[t])
    reasons = [r for r in (builders[t]() for t in ranked) if r]
    return reasons[:MAX_REASONS]
