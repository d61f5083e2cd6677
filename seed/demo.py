"""The demo: two municipalities with coordinators, role models, young people and their history."""
import random

from sqlmodel import select

from models import Municipality, Role, User
from models.passwords import hash_password

from .dates import at, days_ago
from .demo_events import make_events, make_hotline
from .demo_network import build_network
from .demo_people import give_accounts, make_citizens, make_volunteers
from .demo_support import make_support

DEMO_PASSWORD = "rollemodel-demo-2026"
LOGIN_LINES = [
    "Demo logins (password for all: %s):" % DEMO_PASSWORD,
    "  admin:        admin@rollemodel.example",
    "  coordinator:  koordinator@stevns.example   (Stevns)",
    "  coordinator:  koordinator@hedensted.example (Hedensted)",
    "  role model:   poul@stevns.example",
    "  young people log in with a link their coordinator creates (citizen page -> Create login link)",
]
MUNICIPALITIES = [
    ("stevns", "Stevns", "Mette Holm", 1),
    ("hedensted", "Hedensted", "Jakob Lund", 2),
]


def load_demo(session, photo_dir: str) -> bool:
    """Create the demo data unless it is there already; return whether anything was made.

    The caller commits; everything is added in one transaction, so a failed load leaves nothing.
    """
    if session.exec(select(Municipality).where(Municipality.slug == "stevns")).first():
        return False
    pw = hash_password(DEMO_PASSWORD)  # once: argon2 is slow on purpose
    session.add(User(role=Role.ADMIN, name="Admin", email="admin@rollemodel.example",
                     password_hash=pw, created_at=at(days_ago(450), 9)))
    emails = set()
    for slug, name, coordinator_name, seed in MUNICIPALITIES:
        _load_municipality(session, random.Random(seed), slug, name, coordinator_name, photo_dir,
                           pw, emails)
    session.flush()
    return True


def _load_municipality(session, rnd, slug, name, coordinator_name, photo_dir, pw, emails) -> None:
    """Create one municipality's network from its own random stream."""
    muni = Municipality(slug=slug, name=name, contact_email=f"rollemodel@{slug}.example",
                        created_at=at(days_ago(440), 9))
    session.add(muni)
    session.flush()
    coordinator = User(municipality_id=muni.id, role=Role.COORDINATOR, name=coordinator_name,
                       email=f"koordinator@{slug}.example", password_hash=pw,
                       created_at=at(days_ago(440), 10))
    session.add(coordinator)
    session.flush()
    volunteers, active_on = make_volunteers(session, rnd, muni, coordinator, photo_dir, pw, emails)
    citizens = make_citizens(session, rnd, muni, coordinator)
    with_login = build_network(session, rnd, muni, coordinator, volunteers, active_on, citizens)
    give_accounts(session, muni, with_login, emails)
    make_events(session, rnd, muni, coordinator, volunteers)
    make_hotline(session, rnd, muni, coordinator, volunteers)
    make_support(session, rnd, muni, coordinator, volunteers)
