"""Demo role models and young people for one municipality, with their pipeline history."""
import random
from datetime import timedelta

from models import Citizen, Role, Stage, User, Volunteer, VolunteerStep, today
from models.confidentiality import current_version, sign
from models.photos import store_photo

from .dates import at, days_ago
from .portraits import portrait
from .profiles import ARCHETYPES, FIRST_NAMES, SURNAMES, TOWNS, WISHES, YOUNG_INTERESTS
from .profiles import YOUNG_NAMES, YOUNG_WITH_LANGUAGE

CONSENT_VERSION = "2026-1"
# Where each demo volunteer stands: mostly active, a few on the way in, one paused, one stopped.
STAGE_PLAN = [Stage.ACTIVE] * 13 + [
    Stage.PAUSED, Stage.STOPPED, Stage.TRAINED, Stage.SCREENED, Stage.INTERVIEWED,
    Stage.INFO_MEETING, Stage.CALLED, Stage.INTERESTED, Stage.INTERESTED,
]
TWO_PLACES = {3, 6, 9, 12}  # positions in STAGE_PLAN of role models who take two young people
AVAILABILITY_CHOICES = [["weekday_evening"], ["weekday_evening", "weekend"], ["weekend"],
                        ["weekday_day", "weekday_evening"], ["weekday_day", "weekday_evening", "weekend"]]
POUL = ("Poul Poulsen", "m", (61, 61), "Efterlønner",
        "Lærer i 20 år; uddannet tømrer og har arbejdet som tømrer", "Tømrer (svendebrev); læreruddannelsen",
        ["cykling", "film", "politik"],
        ["formand for cykelklubben", "frivillig i den lokale biograf", "politisk aktiv"],
        "Lang livserfaring, og hjælp til at finde vej i systemet", [])


def ascii_mail(name: str) -> str:
    """Turn a name into the local part of an e-mail address."""
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "."})
    return name.lower().translate(table)


def _steps(rnd: random.Random, stage: str) -> list[tuple[str, int]]:
    """Return (stage, days ago) for every step a volunteer has taken, oldest first."""
    settled = stage in (Stage.ACTIVE, Stage.PAUSED, Stage.STOPPED)
    reached = Stage.PIPELINE if settled else Stage.PIPELINE[: Stage.PIPELINE.index(stage) + 1]
    ago = rnd.randint(250, 420) if settled else 8 * len(reached) + rnd.randint(3, 20)
    steps = []
    for s in reached:
        steps.append((s, ago))
        ago = max(1, ago - rnd.randint(5, 21))
    if stage == Stage.PAUSED:
        steps.append((Stage.PAUSED, rnd.randint(25, 50)))
    if stage == Stage.STOPPED:
        steps.append((Stage.STOPPED, rnd.randint(55, 80)))
    return steps


def make_volunteers(session, rnd, muni, coordinator, photo_dir, pw_hash, emails):
    """Create the municipality's role models with steps, screening, training and accounts.

    Returns the volunteers and, for those who became active, the date they did.
    """
    archetypes = rnd.sample(ARCHETYPES, len(STAGE_PLAN))
    if muni.slug == "stevns":
        archetypes[0] = POUL
    made, active_on = [], {}
    for i, (arch, stage) in enumerate(zip(archetypes, STAGE_PLAN)):
        name, gender, ages, occ, work, edu, interests, leisure, offers, langs = arch
        if name is None:
            name = f"{rnd.choice(FIRST_NAMES[gender])} {rnd.choice(SURNAMES)}"
        steps = _steps(rnd, stage)
        when = {s: days_ago(n) for s, n in steps}
        age = rnd.randint(*ages)
        v = Volunteer(
            municipality_id=muni.id, external_id=f"V-{i + 1:04d}", name=name, gender=gender,
            birth_year=today().year - age,
            town="Rødvig" if name == "Poul Poulsen" else rnd.choice(TOWNS[muni.slug]),
            occupation=occ, work_history=work, education=edu, interests=list(interests),
            leisure=list(leisure), offers=offers, languages=["dansk", *langs],
            availability=rnd.choice(AVAILABILITY_CHOICES), capacity=2 if i in TWO_PLACES else 1,
            motivation="Vil gerne give noget videre til de unge i området.",
            status=stage, status_changed_at=at(when[steps[-1][0]], 11),
            created_at=at(when[Stage.INTERESTED], 9), consent_at=at(when[Stage.INTERESTED], 9),
            consent_version=CONSENT_VERSION,
        )
        _screening_and_training(v, when, coordinator)
        if stage == Stage.PAUSED:
            v.pause_until = today() + timedelta(days=rnd.randint(30, 75))
        if stage == Stage.STOPPED:
            v.stop_reason = "Flytter til en anden del af landet."
        if Stage.INTERVIEWED in when:  # the match profile, photo included, is written at the interview
            v.photo = store_photo(portrait(rnd.randrange(10**9), gender, age >= 55), photo_dir)
        if stage in (Stage.ACTIVE, Stage.PAUSED):
            v.email = "poul@stevns.example" if name == "Poul Poulsen" else _mail(name, muni, emails)
            user = User(municipality_id=muni.id, role=Role.VOLUNTEER, name=name, email=v.email,
                        password_hash=pw_hash, created_at=at(when[Stage.ACTIVE], 12))
            # Signed in the service at their first login, before their first match.
            sign(v, current_version(), at(when[Stage.ACTIVE], 13))
            session.add(user)
            session.flush()
            v.user_id = user.id
        session.add(v)
        session.flush()
        for s, n in steps:
            session.add(VolunteerStep(municipality_id=muni.id, volunteer_id=v.id, stage=s,
                                      at=at(days_ago(n), 11), by_id=coordinator.id))
        if Stage.ACTIVE in when:
            active_on[v.id] = when[Stage.ACTIVE]
        made.append(v)
    return made, active_on


def _screening_and_training(v: Volunteer, when: dict, coordinator: User) -> None:
    """Record the certificate checks (date, by whom, OK) and the two training days."""
    if Stage.SCREENED in when:
        checked = when[Stage.SCREENED]
        v.child_cert_checked_on = v.criminal_cert_checked_on = checked
        v.child_cert_checked_by_id = v.criminal_cert_checked_by_id = coordinator.id
        v.child_cert_ok = v.criminal_cert_ok = True
    if Stage.TRAINED in when:
        v.training_day2_on = when[Stage.TRAINED]
        v.training_day1_on = when[Stage.TRAINED] - timedelta(days=7)


def _mail(name: str, muni, emails: set) -> str:
    """Return a unique demo e-mail address for a name."""
    base = ascii_mail(name)
    mail, n = f"{base}@{muni.slug}.example", 2
    while mail in emails:
        mail, n = f"{base}{n}@{muni.slug}.example", n + 1
    emails.add(mail)
    return mail


def make_citizens(session, rnd, muni, coordinator, count=20) -> list[Citizen]:
    """Create the municipality's young people (no accounts yet; see give_accounts)."""
    people = []
    if muni.slug == "stevns":
        people.append(("Sara Jensen", "f", None, "tømrer", "Store Heddinge"))
    for first, last, gender, lang in rnd.sample(YOUNG_WITH_LANGUAGE, 3):
        people.append((f"{first} {last}", gender, lang, None, None))
    while len(people) < count:
        gender = "x" if rnd.random() < 0.05 else rnd.choice("fm")
        name = f"{rnd.choice(YOUNG_NAMES[gender])} {rnd.choice(SURNAMES)}"
        if name not in {p[0] for p in people}:
            people.append((name, gender, None, None, None))
    made = []
    for i, (name, gender, lang, wish, town) in enumerate(people):
        recorded = days_ago(rnd.randint(20, 240))
        c = Citizen(
            municipality_id=muni.id, external_id=f"C-{i + 1:04d}", name=name, gender=gender,
            birth_year=today().year - rnd.randint(18, 30), town=town or rnd.choice(TOWNS[muni.slug]),
            interests=rnd.sample(YOUNG_INTERESTS, rnd.randint(2, 4)), wishes=wish or rnd.choice(WISHES),
            preferred_gender=gender if gender != "x" and rnd.random() < 0.2 else None,
            max_distance_km=rnd.choice([10, 15, 20, 25]) if rnd.random() < 0.25 else None,
            languages=["dansk"] + ([lang] if lang else []),
            availability=rnd.choice(AVAILABILITY_CHOICES), legal_basis="consent",
            consent_text_version=CONSENT_VERSION, consent_recorded_at=at(recorded, 13),
            consent_recorded_by_id=coordinator.id, created_at=at(recorded, 13),
        )
        session.add(c)
        made.append(c)
    session.flush()
    return made


def give_accounts(session, muni, citizens, emails: set) -> None:
    """Give these young people a citizen login (no password: they log in with a link)."""
    for c in citizens:
        c.email = _mail(c.name, muni, emails)
        user = User(municipality_id=muni.id, role=Role.CITIZEN, name=c.name, email=c.email,
                    created_at=c.created_at)
        session.add(user)
        session.flush()
        c.user_id = user.id
