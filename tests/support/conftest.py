"""Two municipalities, each with a coordinator and role models in pairs, for the support pages."""
from datetime import timedelta
from types import SimpleNamespace

import pytest

from models import Match, Role, today

from ..conftest import Auth


def add_pair(make, db, town, name, young="Sara Jensen", started_days_ago=40, **kw):
    """A role model with a login and a live pair with a named young person."""
    user = make.user(town, Role.VOLUNTEER, name=name)
    volunteer = make.ready_volunteer(town, user=user, name=name, **kw)
    citizen = make.citizen(town, name=young)
    match = Match(municipality_id=town.id, citizen_id=citizen.id, volunteer_id=volunteer.id,
                  started_on=today() - timedelta(days=started_days_ago))
    db.add(match)
    db.commit()
    return SimpleNamespace(user=user, volunteer=volunteer, citizen=citizen, match=match)


@pytest.fixture
def network(make, db):
    """Stevns with a coordinator and two pairs; Hedensted with a coordinator and one pair."""
    made = {}
    for slug, people in (("stevns", [("Poul Poulsen", "Sara Jensen"), ("Anna Holm", "Mads Kjær")]),
                         ("hedensted", [("Vera Fremmed", "Cille Fremmed")])):
        town = make.municipality(slug, slug.title())
        made[slug] = SimpleNamespace(
            town=town, coordinator=make.user(town, Role.COORDINATOR, name=f"Koordinator {slug}"),
            pairs=[add_pair(make, db, town, v, young) for v, young in people])
    return SimpleNamespace(**made)


def login(app, user):
    """A fresh client logged in as ``user``, with ``post`` sending a CSRF token."""
    auth = Auth(app.test_client())
    assert auth.login(user).status_code == 302
    return auth


def text(response) -> str:
    """The page's text."""
    return response.get_data(as_text=True)
