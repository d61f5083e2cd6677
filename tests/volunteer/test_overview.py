"""The coordinator's home: where to act, from dates only, in a fixed number of queries."""
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from models import (
    Event, EventInvite, EventKind, HotlineRequest, Meeting, Proposal, ProposalStatus, Stage,
    today, utcnow,
)

from .conftest import add_pair


def _world(make, db, town, n):
    """``n`` pairs in every cadence state, waiting people, hotline requests and an event."""
    event_ = Event(municipality_id=town.id, kind=EventKind.LEARNING, title="Læringsmøde om grænser",
                   starts_at=utcnow() + timedelta(days=9))
    db.add(event_)
    db.commit()
    for i in range(n):
        p = add_pair(make, db, town, started_days_ago=60)
        db.add(Meeting(municipality_id=town.id, match_id=p.match.id, volunteer_id=p.volunteer.id,
                       held_on=today() - timedelta(days=(5, 20, 40)[i % 3])))
        db.add(EventInvite(municipality_id=town.id, event_id=event_.id,
                           volunteer_id=p.volunteer.id, answer=(None, "yes", "no")[i % 3]))
        db.add(HotlineRequest(municipality_id=town.id, volunteer_id=p.volunteer.id,
                              text=f"spørgsmål {i}", urgent=i % 2 == 0))
        make.volunteer(town, status=Stage.PIPELINE[i % 6])
        waiting = make.citizen(town)
        if i % 2:
            db.add(Proposal(municipality_id=town.id, citizen_id=waiting.id,
                            status=ProposalStatus.OPEN, sent_at=utcnow()))
    db.commit()


def test_home_shows_where_to_act(auth, client, db, make, town, coordinator):
    _world(make, db, town, 3)
    auth.login(coordinator)
    page = client.get("/coordinator").get_data(as_text=True)
    assert "I fare" in page and "Forsinket" in page
    assert "Læringsmøde om grænser" in page
    assert "Haster" in page
    assert "Venter på et forslag" in page or "Waiting" not in page
    for word in ("spørgsmål 0",):  # the hotline text stays on the request's own page
        assert word not in page


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run while a block executes."""
    engine = app.extensions["engine"]
    counter = {"n": 0}

    def before(conn, cursor, statement, params, context, executemany):
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", before)
    yield counter
    event.remove(engine, "before_cursor_execute", before)


def test_query_count_does_not_grow_with_the_data(auth, client, db, make, town, coordinator,
                                                 count_queries):
    auth.login(coordinator)
    counts = []
    for n in (2, 12):
        _world(make, db, town, n)
        client.get("/coordinator")  # warm up: the same path both times
        count_queries["n"] = 0
        assert client.get("/coordinator").status_code == 200
        counts.append(count_queries["n"])
    assert counts[0] == counts[1], counts
    assert db.exec(select(Meeting)).all()
