"""Rows of synthetic role models and young people, built as plain dicts for bulk inserts."""
from datetime import timedelta

from models import Stage, today
from models.confidentiality import current_version

from .dates import at, days_ago
from .profiles import ARCHETYPES, FIRST_NAMES, SURNAMES, WISHES, YOUNG_INTERESTS, YOUNG_NAMES

# Real towns the town lookup knows: the big municipality's, and those the small ones share out.
BIG_TOWNS = ["Aarhus", "Viby", "Lystrup", "Tilst", "Hasselager", "Hinnerup", "Tranbjerg", "Sabro",
             "Beder", "Malling", "Solbjerg", "Harlev"]
SMALL_TOWNS = ["Odder", "Skanderborg", "Silkeborg", "Randers", "Horsens", "Vejle", "Kolding",
               "Fredericia", "Køge", "Faxe", "Ringsted", "Næstved", "Slagelse", "Holbæk", "Roskilde",
               "Store Heddinge", "Rødvig", "Hårlev", "Hedensted", "Juelsminde", "Tørring", "Uldum"]
OTHER_STAGES = [s for s in Stage.ALL if s != Stage.ACTIVE]
SLOTS = [["weekday_evening"], ["weekend"], ["weekday_evening", "weekend"],
         ["weekday_day", "weekday_evening"], ["weekday_day", "weekday_evening", "weekend"]]
EXTRA_LANGUAGES = ["engelsk", "arabisk", "somali", "tyrkisk", "polsk", "ukrainsk"]


def towns_for(index: int, big: bool) -> list[str]:
    """Return the towns of municipality number ``index``."""
    if big:
        return BIG_TOWNS
    start = (3 * index) % len(SMALL_TOWNS)
    return [SMALL_TOWNS[(start + k) % len(SMALL_TOWNS)] for k in range(3)]


def statuses(rnd, n: int, active_share: float = 0.75) -> list[str]:
    """Return a pipeline status per volunteer: most active, the rest spread over the other steps."""
    return [Stage.ACTIVE if rnd.random() < active_share else rnd.choice(OTHER_STAGES) for _ in range(n)]


def volunteer_row(rnd, mid: int, i: int, status: str, towns, coordinator_id: int) -> dict:
    """Return one volunteer as a row dict (every key always present, as bulk inserts need)."""
    _, gender, ages, occ, work, edu, interests, leisure, offers, langs = rnd.choice(ARCHETYPES)
    joined = days_ago(rnd.randint(120, 900))
    screened = status in (Stage.SCREENED, Stage.TRAINED, Stage.ACTIVE, Stage.PAUSED, Stage.STOPPED)
    trained = screened and status != Stage.SCREENED
    checked = joined + timedelta(days=30) if screened else None
    # Active role models signed the duty of confidentiality when they got their login.
    signed = status in (Stage.ACTIVE, Stage.PAUSED, Stage.STOPPED)
    return {
        "municipality_id": mid, "user_id": None, "external_id": f"V-{i + 1:04d}",
        "name": f"{rnd.choice(FIRST_NAMES[gender])} {rnd.choice(SURNAMES)}", "email": None,
        "phone": f"2{i:07d}",  # reachable: young people can only choose someone they can call
        "birth_year": today().year - rnd.randint(*ages), "gender": gender, "town": rnd.choice(towns),
        "occupation": occ, "work_history": work, "education": edu, "interests": interests,
        "leisure": leisure, "offers": offers, "languages": ["dansk", *langs],
        "availability": rnd.choice(SLOTS), "capacity": 1, "status": status,
        "status_changed_at": at(joined + timedelta(days=60), 11), "created_at": at(joined, 9),
        "pause_until": today() + timedelta(days=45) if status == Stage.PAUSED else None,
        "stop_reason": "Har ikke længere tid." if status == Stage.STOPPED else None,
        "child_cert_checked_on": checked, "criminal_cert_checked_on": checked,
        "child_cert_checked_by_id": coordinator_id if screened else None,
        "criminal_cert_checked_by_id": coordinator_id if screened else None,
        "child_cert_ok": True if screened else None, "criminal_cert_ok": True if screened else None,
        "training_day1_on": joined + timedelta(days=40) if trained else None,
        "training_day2_on": joined + timedelta(days=47) if trained else None,
        "consent_at": at(joined, 9), "consent_version": "2026-1",
        "confidentiality_version": current_version() if signed else None,
        "confidentiality_signed_at": at(joined + timedelta(days=60), 12) if signed else None,
    }


def citizen_row(rnd, mid: int, i: int, towns, coordinator_id: int) -> dict:
    """Return one young citizen as a row dict."""
    gender = "x" if rnd.random() < 0.03 else rnd.choice("fm")
    recorded = days_ago(rnd.randint(30, 900))
    return {
        "municipality_id": mid, "user_id": None, "external_id": f"C-{i + 1:04d}", "email": None,
        "name": f"{rnd.choice(YOUNG_NAMES[gender])} {rnd.choice(SURNAMES)}", "gender": gender,
        "birth_year": today().year - rnd.randint(18, 30), "town": rnd.choice(towns),
        "interests": rnd.sample(YOUNG_INTERESTS, rnd.randint(1, 4)), "wishes": rnd.choice(WISHES),
        "preferred_gender": gender if gender != "x" and rnd.random() < 0.15 else None,
        "max_distance_km": rnd.choice((10, 20, 30)) if rnd.random() < 0.2 else None,
        "languages": ["dansk"] + ([rnd.choice(EXTRA_LANGUAGES)] if rnd.random() < 0.15 else []),
        "availability": rnd.choice(SLOTS), "legal_basis": "consent", "consent_text_version": "2026-1",
        "consent_recorded_at": at(recorded, 13), "consent_recorded_by_id": coordinator_id,
        "created_at": at(recorded, 13),
    }


def user_row(mid: int, role: str, name: str, email: str, password_hash: str | None) -> dict:
    """Return one login as a row dict."""
    return {"municipality_id": mid, "role": role, "name": name, "email": email,
            "password_hash": password_hash, "created_at": at(days_ago(400), 9)}
