"""A small, explainable fit score for demo proposals (the real engine lives in matcher/)."""
from .profiles import WISH_AREAS

LANGUAGE_CODES = {"arabisk": "ar", "engelsk": "en", "tyrkisk": "tr", "somali": "so", "urdu": "ur",
                  "persisk": "fa", "tysk": "de", "polsk": "pl", "ukrainsk": "uk", "tigrinya": "ti",
                  "kurdisk": "ku", "bosnisk": "bs", "spansk": "es", "fransk": "fr"}


def fit(citizen, volunteer) -> tuple[float, list[dict]]:
    """Return a score in 0..1 and reasons (strongest first) for one pair, as codes and values
    like the engine's (``matcher.reasons``)."""
    terms = []  # (weight, reason)
    area, words = WISH_AREAS.get(citizen.wishes, (None, []))
    work = " ".join((volunteer.occupation, volunteer.work_history, volunteer.education)).lower()
    if area and any(w in work for w in words):
        terms.append((0.4, {"code": "work_area", "area": area}))
    theirs = " ".join(volunteer.interests + volunteer.leisure).lower()
    shared = [i for i in citizen.interests if i in theirs]
    if shared:
        terms.append((0.15 * min(len(shared), 2), {"code": "interests", "items": shared[:2]}))
    if citizen.town == volunteer.town:
        terms.append((0.15, {"code": "same_town", "town": citizen.town}))
    langs = [x for x in citizen.languages if x != "dansk" and x in volunteer.languages]
    if langs:
        terms.append((0.15, {"code": "languages", "languages": [LANGUAGE_CODES.get(langs[0], langs[0])]}))
    slots = [s for s in citizen.availability if s in volunteer.availability]
    if slots:
        terms.append((0.1, {"code": "availability", "slots": slots[:1]}))
    terms.sort(key=lambda t: -t[0])
    score = min(1.0, 0.1 + sum(w for w, _ in terms))
    reasons = [r for _, r in terms[:3]]
    if len(reasons) < 2:  # a card with one reason, or none, says what every role model does
        reasons.append({"code": "keen"})
    return round(score, 2), reasons
