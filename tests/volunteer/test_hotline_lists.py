"""The hotline's lists: what and in which order each side sees, in a constant number of queries."""
import re
from datetime import UTC, datetime, timedelta

from models import HotlineRequest, Role

from .conftest import add_pair, statements

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _ask(db, town, volunteer, n, text, **kw):
    """A request made ``n`` hours after START."""
    req = HotlineRequest(municipality_id=town.id, volunteer_id=volunteer.id, text=text,
                         created_at=START + timedelta(hours=n), **kw)
    db.add(req)
    db.commit()
    return req


def test_coordinator_sees_open_ones_first_and_the_30_newest_closed(app, auth, db, make, town,
                                                                   pair, coordinator):
    other = add_pair(make, db, town, name="Bente Berg")
    closed_at = START + timedelta(days=30)
    old = _ask(db, town, pair.volunteer, 1, "Gammel", answer="Svar", closed_at=closed_at)
    auth.login(coordinator)
    few = statements(app, auth.client, "/hotline/")
    normal = _ask(db, town, pair.volunteer, 2, "Normal")
    answered = _ask(db, town, other.volunteer, 3, "Besvaret", answer="Ja")
    urgent = _ask(db, town, other.volunteer, 4, "Akut", urgent=True)
    closed = [_ask(db, town, pair.volunteer, 10 + i, f"Lukket {i}", closed_at=closed_at,
                   urgent=i == 0) for i in range(35)]
    elsewhere = make.municipality("hedensted", "Hedensted")
    foreign = add_pair(make, db, elsewhere, name="Fremmed Frivillig")
    _ask(db, elsewhere, foreign.volunteer, 5, "Fremmed", urgent=True)
    page = auth.client.get("/hotline/").get_data(as_text=True)
    assert "Fremmed" not in page and "Akut" not in page  # names only, never the text
    shown = [int(i) for i in re.findall(r'href="/hotline/(\d+)"', page)]
    newest_closed = [closed[0]] + closed[:0:-1]  # the urgent one first, then newest first
    assert shown == [urgent.id, answered.id, normal.id] + [r.id for r in newest_closed[:30]]
    assert old.id not in shown and "Åbne henvendelser (3)" in page
    open_part = page.split("Lukket for nylig")[0]
    assert open_part.count("Haster") == 1 and open_part.count("Besvaret") == 1
    assert "<strong>Bente Berg</strong>" in open_part
    assert statements(app, auth.client, "/hotline/") == few


def test_volunteer_sees_only_their_own_requests(app, auth, db, make, town, pair):
    other = add_pair(make, db, town, name="Bente Berg")
    _ask(db, town, other.volunteer, 1, "Bentes spørgsmål")
    auth.login(pair.user)
    page = auth.client.get("/hotline/").get_data(as_text=True)
    assert "Du har ikke spurgt om noget endnu." in page and "Bentes" not in page
    few = statements(app, auth.client, "/hotline/")
    _ask(db, town, pair.volunteer, 2, "Første", answer="Et svar", closed_at=START)
    _ask(db, town, pair.volunteer, 3, "Andet")
    _ask(db, town, pair.volunteer, 4, "Tredje", urgent=True, answer="Kommer nu")
    for i in range(60):
        _ask(db, town, pair.volunteer, 100 + i, f"Mere {i}", closed_at=START)
    page = auth.client.get("/hotline/").get_data(as_text=True)
    assert "Bentes" not in page and "Du har ikke spurgt" not in page
    texts = re.findall(r'<p class="quote">([^<]+)</p>', page)
    assert texts[:3] == ["Tredje", "Andet", "Mere 59"] and len(texts) == 50
    assert "Første" not in texts  # the 50 shown are the open and the newest closed
    assert "Kommer nu" in page and "Venter på svar" in page
    assert statements(app, auth.client, "/hotline/") == few


def test_a_volunteer_login_without_a_profile_gets_404(auth, make, town):
    user = make.user(town, Role.VOLUNTEER)
    auth.login(user)
    assert auth.client.get("/hotline/").status_code == 404
    assert auth.post("/hotline/", {"text": "Hej"}).status_code == 404
