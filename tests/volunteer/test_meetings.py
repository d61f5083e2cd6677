"""The meeting log: dates only for others, a private note for its author alone."""
from datetime import timedelta

from sqlmodel import select

from models import Match, MatchStatus, Meeting, today
from web.followup.notes import delete_notes_for_ended_matches, unseal

from .conftest import add_pair


def _log(auth, pair, **data):
    """Post the meeting form for the pair."""
    form = {"held_on": today().isoformat(), "duration": "60", "form": "in_person", "note": ""}
    form.update(data)
    return auth.post(f"/meetings/new/{pair.match.id}", form)


def test_volunteer_logs_a_meeting_with_an_encrypted_note(app, auth, db, pair):
    auth.login(pair.user)
    assert auth.client.get(f"/meetings/new/{pair.match.id}").status_code == 200
    response = _log(auth, pair, note="Vi talte om tømrerlære", form="activity")
    assert response.status_code == 302
    meeting = db.exec(select(Meeting)).one()
    assert meeting.form == "activity" and meeting.held_on == today()
    assert b"tmrerl" not in meeting.private_note and "tømrer".encode() not in meeting.private_note
    with app.app_context():
        assert unseal(meeting.private_note) == "Vi talte om tømrerlære"
    page = auth.client.get(f"/meetings/match/{pair.match.id}").get_data(as_text=True)
    assert "Vi talte om tømrerlære" in page


def test_future_dates_are_refused_and_nothing_is_saved(auth, db, pair):
    auth.login(pair.user)
    page = _log(auth, pair, held_on=(today() + timedelta(days=1)).isoformat())
    assert page.status_code == 200
    assert "Datoen kan ikke ligge i fremtiden." in page.get_data(as_text=True)
    assert db.exec(select(Meeting)).all() == []


def test_dates_before_the_match_are_refused(auth, db, pair):
    auth.login(pair.user)
    page = _log(auth, pair, held_on=(today() - timedelta(days=40)).isoformat())
    assert "før I blev matchet" in page.get_data(as_text=True)
    assert db.exec(select(Meeting)).all() == []


def test_missing_or_bad_fields_get_a_danish_message(auth, db, pair):
    auth.login(pair.user)
    page = _log(auth, pair, held_on="", form="shouting").get_data(as_text=True)
    assert "Vælg datoen" in page and "Ret de felter" in page
    assert db.exec(select(Meeting)).all() == []


def test_entries_can_be_changed_and_removed_for_seven_days_only(auth, db, pair):
    auth.login(pair.user)
    _log(auth, pair, note="første")
    meeting = db.exec(select(Meeting)).one()
    edited = auth.post(f"/meetings/{meeting.id}/edit", {
        "held_on": (today() - timedelta(days=2)).isoformat(), "duration": "90",
        "form": "remote", "note": "anden"})
    assert edited.status_code == 302
    db.expire_all()
    meeting = db.get(Meeting, meeting.id)
    assert meeting.duration_minutes == 90 and meeting.form == "remote"
    meeting.created_at = meeting.created_at - timedelta(days=8)
    db.commit()
    assert auth.client.get(f"/meetings/{meeting.id}/edit").status_code == 403
    assert auth.post(f"/meetings/{meeting.id}/delete").status_code == 403
    meeting.created_at = meeting.created_at + timedelta(days=7)
    db.commit()
    assert auth.post(f"/meetings/{meeting.id}/delete").status_code == 302
    assert db.exec(select(Meeting)).all() == []


def test_nobody_else_can_log_or_change_a_pairs_meetings(auth, client, db, make, town, pair,
                                                       coordinator):
    other = add_pair(make, db, town)
    auth.login(pair.user)
    _log(auth, pair)
    meeting = db.exec(select(Meeting)).one()
    auth.logout()
    auth.login(other.user)
    assert client.get(f"/meetings/new/{pair.match.id}").status_code == 404
    assert client.get(f"/meetings/match/{pair.match.id}").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/edit").status_code == 404
    assert auth.post(f"/meetings/{meeting.id}/delete").status_code == 404
    auth.logout()
    auth.login(coordinator)
    assert client.get(f"/meetings/match/{pair.match.id}").status_code == 403
    assert client.get(f"/meetings/{meeting.id}/edit").status_code == 403


def test_notes_are_erased_with_the_ended_matchs_retention(app, auth, db, pair):
    auth.login(pair.user)
    _log(auth, pair, note="hemmeligt")
    match = db.get(Match, pair.match.id)
    match.status, match.ended_on = MatchStatus.ENDED, today() - timedelta(days=400)
    db.commit()
    assert delete_notes_for_ended_matches(db, older_than=today() - timedelta(days=365)) == 1
    db.commit()
    meeting = db.exec(select(Meeting)).one()
    assert meeting.private_note is None and meeting.held_on == today()


def test_repr_and_str_never_show_the_note(app, pair):
    meeting = Meeting(municipality_id=1, match_id=1, volunteer_id=1, held_on=today(),
                      private_note=b"ciphertext-here")
    assert "ciphertext-here" not in repr(meeting) and "private_note" not in str(meeting)
    assert "held_on" in repr(meeting)


def test_volunteer_home_shows_contact_last_meeting_and_next_due(auth, pair):
    auth.login(pair.user)
    _log(auth, pair, held_on=(today() - timedelta(days=3)).isoformat())
    page = auth.client.get("/volunteer").get_data(as_text=True)
    assert pair.citizen.first_name in page and "20304050" in page
    assert "Næste møde senest" in page and "Registrér et møde" in page
    assert pair.citizen.name.split()[-1] not in page  # first name only
