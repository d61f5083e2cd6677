"""A municipality with a coordinator and one matched pair, for the volunteer's side."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from models import Match, Role, today


def add_pair(make, db, town, started_days_ago=30, **volunteer_kw):
    """A volunteer with a login, a young person, and a live match between them."""
    user = make.user(town, Role.VOLUNTEER)
    volunteer = make.volunteer(town, user=user, **volunteer_kw)
    citizen = make.citizen(town, phone="20304050", email="ung@test.example")
    match = Match(municipality_id=town.id, citizen_id=citizen.id, volunteer_id=volunteer.id,
                  started_on=today() - timedelta(days=started_days_ago))
    db.add(match)
    db.commit()
    return SimpleNamespace(user=user, volunteer=volunteer, citizen=citizen, match=match)


@pytest.fixture
def pair(make, db, town):
    """One matched pair in the town."""
    return add_pair(make, db, town, name="Poul Poulsen")


def statements(app, client, url) -> int:
    """The SQL statements one GET of ``url`` takes (after a warm-up)."""
    assert client.get(url).status_code == 200
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    sa.event.listen(app.extensions["engine"], "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(app.extensions["engine"], "before_cursor_execute", count)
    return counter["n"]
