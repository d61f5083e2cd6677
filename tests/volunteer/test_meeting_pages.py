"""The meeting log's pages: whose match, which state, and a constant number of queries."""
from datetime import timedelta

from models import Match, MatchStatus, Meeting, Role, today

from .conftest import add_pair, statements


def _meet(db, town, pair, days_ago):
    """A logged meeting ``days_ago`` days back."""
    meeting = Meeting(municipality_id=town.id, match_id=pair.match.id,
                      volunteer_id=pair.volunteer.id, held_on=today() - timedelta(days=days_ago))
    db.add(meeting)
    db.commit()
    return meeting


def test_pages_show_the_young_persons_first_name_in_few_queries(app, auth, db, town, make):
    pair = add_pair(make, db, town, name="Poul Poulsen")
    pair.citizen.name = "Sara Marie Jensen"
    db.commit()
    first = _meet(db, town, pair, 3)
    auth.login(pair.user)
    urls = (f"/meetings/new/{pair.match.id}", f"/meetings/match/{pair.match.id}",
            f"/meetings/{first.id}/edit")
    page = auth.client.get(urls[0]).get_data(as_text=True)
    assert "Møde med Sara<" in page and "Jensen" not in page
    assert "Møder med Sara" in auth.client.get(urls[1]).get_data(as_text=True)
    assert "Møde med Sara<" in auth.client.get(urls[2]).get_data(as_text=True)
    few = {url: statements(app, auth.client, url) for url in urls}
    assert few[urls[0]] <= 2 and few[urls[2]] <= 2  # the login, then one query
    for days in range(4, 30):
        _meet(db, town, pair, days)
    add_pair(make, db, town)
    assert {url: statements(app, auth.client, url) for url in urls} == few


def test_an_ended_match_keeps_its_history_but_takes_no_new_meetings(auth, db, town, make):
    pair = add_pair(make, db, town)
    meeting = _meet(db, town, pair, 2)
    match = db.get(Match, pair.match.id)
    match.status, match.ended_on = MatchStatus.ENDED, today()
    db.commit()
    auth.login(pair.user)
    assert auth.client.get(f"/meetings/new/{match.id}").status_code == 404
    history = auth.client.get(f"/meetings/match/{match.id}")
    assert history.status_code == 200
    assert "Registrér et møde" not in history.get_data(as_text=True)
    assert auth.client.get(f"/meetings/{meeting.id}/edit").status_code == 200
    match.status = MatchStatus.PAUSED
    db.commit()
    assert auth.client.get(f"/meetings/new/{match.id}").status_code == 200


def test_other_municipalities_and_logins_without_a_profile_get_404(auth, db, town, make):
    pair = add_pair(make, db, town)
    elsewhere = add_pair(make, db, make.municipality("hedensted", "Hedensted"))
    foreign = Meeting(municipality_id=elsewhere.volunteer.municipality_id,
                      match_id=elsewhere.match.id, volunteer_id=elsewhere.volunteer.id,
                      held_on=today())
    db.add(foreign)
    db.commit()
    auth.login(pair.user)
    for url in (f"/meetings/new/{elsewhere.match.id}", f"/meetings/match/{elsewhere.match.id}",
                f"/meetings/{foreign.id}/edit", "/meetings/new/999999"):
        assert auth.client.get(url).status_code == 404, url
    auth.logout()
    auth.login(make.user(town, Role.VOLUNTEER))  # a login with no volunteer profile
    assert auth.client.get(f"/meetings/new/{pair.match.id}").status_code == 404
    assert auth.client.get(f"/meetings/match/{pair.match.id}").status_code == 404
