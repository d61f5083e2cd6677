"""A small, explainable fit score for demo proposals (the real engine lives in matcher/)."""
from .profiles import WISH_AREAS

AVAILABILITY_WORDS = {"weekday_day": "på hverdage i dagtimerne", "weekday_evening": "på hverdagsaftener",
                      "weekend": "i weekenden"}


def fit(citizen, volunteer) -> tuple[float, list[str]]:
    """Return a score in 0..1 and plain-Danish reasons (strongest first) for one pair."""
    terms = []  # (weight, reason)
    area, words = WISH_AREAS.get(citizen.wishes, (None, []))
    work = " ".join((volunteer.occupation, volunteer.work_history, volunteer.education)).lower()
    if area and any(w in work for w in words):
        terms.append((0.4, f"Har erfaring fra {area}"))
    theirs = " ".join(volunteer.interests + volunteer.leisure).lower()
    shared = [i for i in citizen.interests if i in theirs]
    if shared:
        terms.append((0.15 * min(len(shared), 2), f"I interesserer jer begge for {' og '.join(shared[:2])}"))
    if citizen.town == volunteer.town:
        terms.append((0.15, f"I bor begge i {citizen.town}"))
    langs = [x for x in citizen.languages if x != "dansk" and x in volunteer.languages]
    if langs:
        terms.append((0.15, f"I taler begge {langs[0]}"))
    slots = [s for s in citizen.availability if s in volunteer.availability]
    if slots:
        terms.append((0.1, f"I kan begge mødes {AVAILABILITY_WORDS[slots[0]]}"))
    if volunteer.capacity > 1:
        terms.append((0.05, "Har god tid til en ny ung lige nu"))
    terms.sort(key=lambda t: -t[0])
    score = min(1.0, 0.1 + sum(w for w, _ in terms))
    reasons = [r for _, r in terms[:3]] or ["Glæder sig til at møde en ung"]
    if len(reasons) < 2:
        reasons.append(f"Bor i {volunteer.town}")
    return round(score, 2), reasons
