"""A volunteer answers yes or no to learning meetings and training days on their page."""
from datetime import timedelta

from models import Event, EventInvite, EventKind, utcnow

from .conftest import add_pair


def _invite(db, town, volunteer, days=7, kind=EventKind.LEARNING):
    """An event and an invitation for the volunteer."""
    event = Event(municipality_id=town.id, kind=kind, title=f"Møde {days}",
                  starts_at=utcnow() + timedelta(days=days))
    db.add(event)
    db.flush()
    invite = EventInvite(municipality_id=town.id, event_id=event.id, volunteer_id=volunteer.id)
    db.add(invite)
    db.commit()
    return invite


def test_answer_yes_then_no(auth, client, db, town, pair):
    invite = _invite(db, town, pair.volunteer)
    auth.login(pair.user)
    page = client.get("/volunteer").get_data(as_text=True)
    assert "Kan du komme?" in page
    assert auth.post(f"/invites/{invite.id}/answer", {"answer": "yes"}).status_code == 302
    db.expire_all()
    assert db.get(EventInvite, invite.id).answer == "yes"
    assert db.get(EventInvite, invite.id).answered_at is not None
    auth.post(f"/invites/{invite.id}/answer", {"answer": "no"})
    db.expire_all()
    assert db.get(EventInvite, invite.id).answer == "no"
    assert auth.post(f"/invites/{invite.id}/answer", {"answer": "maybe"}).status_code == 400
    assert client.get(f"/invites/{invite.id}/answer").status_code == 405


def test_past_events_show_attendance_and_cannot_be_answered(auth, client, db, town, pair):
    invite = _invite(db, town, pair.volunteer, days=-3, kind=EventKind.TRAINING)
    invite.attended = True
    db.commit()
    auth.login(pair.user)
    assert "Deltog" in client.get("/volunteer").get_data(as_text=True)
    auth.post(f"/invites/{invite.id}/answer", {"answer": "yes"})
    db.expire_all()
    assert db.get(EventInvite, invite.id).answer is None


def test_someone_elses_invitation_is_404(auth, db, make, town, pair):
    other = add_pair(make, db, town)
    invite = _invite(db, town, other.volunteer)
    auth.login(pair.user)
    assert auth.post(f"/invites/{invite.id}/answer", {"answer": "yes"}).status_code == 404
