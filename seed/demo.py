"""The demo: two municipalities with coordinators, role models and young people."""
from sqlmodel import select

from models import Citizen, Municipality, Role, Stage, User, Volunteer
from models.passwords import hash_password

DEMO_PASSWORD = "rollemodel-demo-2026"
LOGIN_LINES = [
    "Demo logins (password for all: %s):" % DEMO_PASSWORD,
    "  admin:        admin@rollemodel.example",
    "  coordinator:  koordinator@stevns.example   (Stevns)",
    "  coordinator:  koordinator@hedensted.example (Hedensted)",
    "  role model:   poul@stevns.example",
    "  young people log in with a link their coordinator creates (citizen page -> Create login link)",
]


def load_demo(session, photo_dir: str) -> bool:
    """Create the demo data unless it is there already; return whether anything was made."""
    if session.exec(select(Municipality).where(Municipality.slug == "stevns")).first():
        return False
    pw = hash_password(DEMO_PASSWORD)
    session.add(User(role=Role.ADMIN, name="Admin", email="admin@rollemodel.example", password_hash=pw))
    for slug, name in (("stevns", "Stevns"), ("hedensted", "Hedensted")):
        m = Municipality(slug=slug, name=name)
        session.add(m)
        session.flush()
        session.add(User(municipality_id=m.id, role=Role.COORDINATOR, name=f"Koordinator {name}",
                         email=f"koordinator@{slug}.example", password_hash=pw))
        if slug == "stevns":
            u = User(municipality_id=m.id, role=Role.VOLUNTEER, name="Poul Poulsen",
                     email="poul@stevns.example", password_hash=pw)
            session.add(u)
            session.flush()
            session.add(Volunteer(municipality_id=m.id, user_id=u.id, external_id="V-001",
                                  name="Poul Poulsen", birth_year=1965, gender="m", town="Rødvig",
                                  occupation="Efterlønner", status=Stage.ACTIVE))
            session.add(Citizen(municipality_id=m.id, external_id="C-001", name="Sara Jensen",
                                birth_year=2003, gender="f", town="Store Heddinge",
                                interests=["fodbold"], wishes="tømrer"))
    return True
