"""The coordinator's home: where to act, from dates only, in a fixed number of queries."""
import re
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


def _numbers(page: str) -> dict[str, int]:
    """The page's labelled numbers: chips ("<span>label</span> <strong>n</strong>") and
    list items ("<strong>label</strong>: n", the label possibly a link)."""
    chips = re.findall(r"<span>([^<]+)</span> <strong>(\d+)</strong>", page)
    items = re.findall(r"<strong>(?:<a [^>]*>)?([^<]+)(?:</a>)?</strong>: (\d+)", page)
    return {label: int(n) for label, n in chips + items}


def test_home_counts_each_place_to_act(auth, client, db, make, town, coordinator):
    _world(make, db, town, 3)
    auth.login(coordinator)
    page = client.get("/coordinator").get_data(as_text=True)
    numbers = _numbers(page)
    # Pairs last met 5, 20 and 40 days ago; the learning meeting's answers: none, yes, no.
    assert {k: numbers[k] for k in ("Til tiden", "Forsinket", "I fare", "Ja", "Nej",
                                    "Ikke svaret")} == dict.fromkeys(
        ("Til tiden", "Forsinket", "I fare", "Ja", "Nej", "Ikke svaret"), 1)
    assert re.search(r'id="hot-h">Hotline \(3\)', page)
    # One role model each at the first three steps; two young people wait, one chooses.
    assert [numbers[s] for s in ("Interesseret", "Ringet op", "Informationsmøde")] == [1, 1, 1]
    assert numbers["Venter på forslag"] == 2 and numbers["Vælger rollemodel"] == 1
    assert numbers["Forslag undervejs"] == 0
    assert page.count("længst siden") == 3 + 2  # the steps with people, and the citizens
    # The overdue pairs, most overdue first, with their days without a meeting.
    assert page.index("40 dage") < page.index("20 dage") and "5 dage" not in page


def test_home_names_the_young_people_waiting_longest(auth, client, db, make, town,
                                                     coordinator):
    waiting = [make.citizen(town, name=f"Venter {i:02d}") for i in range(12)]
    db.add(Proposal(municipality_id=town.id, citizen_id=waiting[0].id,
                    status=ProposalStatus.DRAFT))
    db.commit()
    auth.login(coordinator)
    page = client.get("/coordinator").get_data(as_text=True)
    shown = re.findall(r'<a href="/citizens/(\d+)">Venter', page)
    assert shown == [str(c.id) for c in waiting[1:11]]  # the ten who came first, in order
    numbers = _numbers(page)
    assert numbers["Venter på forslag"] == 11 and numbers["Forslag undervejs"] == 1


def test_home_with_nothing_to_act_on(auth, client, coordinator):
    auth.login(coordinator)
    page = client.get("/coordinator").get_data(as_text=True)
    assert "Alle par mødes til tiden." in page and "Ingen åbne henvendelser." in page
    assert "Der er ikke planlagt noget læringsmøde." in page
    assert set(_numbers(page).values()) == {0}


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
