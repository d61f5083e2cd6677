"""Every new URL answers 404 for another municipality's objects."""
from datetime import timedelta

from sqlmodel import select

from models import Event, EventInvite, EventKind, HotlineRequest, Meeting, Role, today, utcnow

from .conftest import add_pair


def _objects(make, db, slug):
    """A town with a coordinator, a pair, a meeting, a hotline request and an invitation."""
    town = make.municipality(slug, slug.title())
    coordinator = make.user(town, Role.COORDINATOR)
    p = add_pair(make, db, town, name=f"Frivillig {slug.title()}")
    meeting = Meeting(municipality_id=town.id, match_id=p.match.id, volunteer_id=p.volunteer.id,
                      held_on=today() - timedelta(days=1))
    req = HotlineRequest(municipality_id=town.id, volunteer_id=p.volunteer.id,
                         text=f"hjælp fra {slug}")
    ev = Event(municipality_id=town.id, kind=EventKind.LEARNING, title=f"Møde i {slug}",
               starts_at=utcnow() + timedelta(days=3))
    db.add_all([meeting, req, ev])
    db.flush()
    inv = EventInvite(municipality_id=town.id, event_id=ev.id, volunteer_id=p.volunteer.id)
    db.add(inv)
    db.commit()
    return p, coordinator, meeting, req, inv


def test_other_municipalitys_objects_are_404(auth, client, db, make):
    mine, my_coord, *_ = _objects(make, db, "stevns")
    theirs, _c, meeting, req, inv = _objects(make, db, "hedensted")
    auth.login(mine.user)
    for url in (f"/meetings/new/{theirs.match.id}", f"/meetings/match/{theirs.match.id}",
                f"/meetings/{meeting.id}/edit"):
        assert client.get(url).status_code == 404, url
    for url in (f"/meetings/{meeting.id}/delete", f"/invites/{inv.id}/answer"):
        assert auth.post(url, {"answer": "yes"}).status_code == 404, url
    assert "hedensted" not in client.get("/hotline/").get_data(as_text=True)
    assert "hedensted" not in client.get("/volunteer").get_data(as_text=True).lower()
    auth.logout()
    auth.login(my_coord)
    assert client.get(f"/hotline/{req.id}").status_code == 404
    assert auth.post(f"/hotline/{req.id}").status_code == 404
    assert auth.post(f"/hotline/{req.id}/close").status_code == 404
    for url in ("/coordinator", "/hotline/", "/reports/"):
        assert "edensted" not in client.get(url).get_data(as_text=True), url
    for name in ("funnel", "active", "headline"):
        assert "edensted" not in client.get(f"/reports/{name}.csv").get_data(as_text=True)
    assert db.exec(select(Meeting)).all()
