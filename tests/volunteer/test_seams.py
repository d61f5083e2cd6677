"""The role model's side of the loop off the happy path: pauses, notes, events, photos."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from models import (
    Event, EventInvite, EventKind, Match, MatchStatus, Meeting, Notification, Stage, Volunteer,
    today, utcnow,
)

from .conftest import add_pair

CPH = ZoneInfo("Europe/Copenhagen")


def _event(make, town, days_ahead, capacity=None):
    """A learning meeting ``days_ahead`` days from now at five in the afternoon."""
    day = today() + timedelta(days=days_ahead)
    return make._save(Event(municipality_id=town.id, kind=EventKind.LEARNING, title="Lær",
                            starts_at=datetime.combine(day, time(17), tzinfo=CPH),
                            capacity=capacity))


def _invite(make, town, event, volunteer, answer=None, at=None):
    """An invitation with an answer."""
    return make._save(EventInvite(municipality_id=town.id, event_id=event.id,
                                  volunteer_id=volunteer.id, answer=answer,
                                  answered_at=at or utcnow()))


def test_home_shows_the_young_person_and_what_they_share(auth, client, db, make, town, pair):
    pair.citizen.interests = ["Fodbold", "tegning"]
    pair.volunteer.leisure = ["fodbold"]
    db.add_all([pair.citizen, pair.volunteer])
    db.commit()
    auth.login(pair.user)
    page = client.get("/volunteer").get_data(as_text=True)
    assert pair.citizen.first_name in page and 'href="tel:20304050"' in page
    assert "I kan begge lide" in page and "Fodbold" in page and "tegning" not in page


def test_a_paused_pair_is_not_due_and_meetings_from_before_can_be_logged(
        auth, client, db, make, town, pair):
    paused_at = datetime.combine(today() - timedelta(days=5), time(10), tzinfo=CPH)
    match = db.get(Match, pair.match.id)
    match.status, match.paused_at = MatchStatus.PAUSED, paused_at
    db.commit()
    auth.login(pair.user)
    page = client.get("/volunteer").get_data(as_text=True)
    from web.core.formatting import day_words

    with auth.client.application.test_request_context():
        paused_day, started_day = (day_words()(paused_at), day_words()(match.started_on))
    assert f"På pause siden {paused_day}" in page and f"siden {started_day}" not in page
    assert "Næste møde senest" not in page and "Registrér et møde fra før pausen" in page
    after = auth.post(f"/meetings/new/{match.id}", {
        "held_on": today().isoformat(), "duration": "60", "form": "in_person"})
    assert after.status_code == 200 and "før pausen" in after.get_data(as_text=True)
    before = auth.post(f"/meetings/new/{match.id}", {
        "held_on": (today() - timedelta(days=7)).isoformat(), "duration": "60",
        "form": "in_person"})
    assert before.status_code == 302
    assert db.exec(select(Meeting).where(Meeting.match_id == match.id)).one()


def test_pausing_asks_about_a_yes_inside_the_pause_and_the_waiting_list_moves_up(
        auth, client, db, make, town, pair):
    event = _event(make, town, 10, capacity=1)
    later = _event(make, town, 60)
    mine = _invite(make, town, event, pair.volunteer, "yes")
    _invite(make, town, later, pair.volunteer, "yes")
    other = add_pair(make, db, town, name="Vente Listesen")
    queued = _invite(make, town, event, other.volunteer, "wait")
    pair.volunteer.status = Stage.ACTIVE
    db.add(pair.volunteer)
    db.commit()
    auth.login(pair.user)
    until = (today() + timedelta(days=20)).isoformat()
    asked = auth.post("/pause/", {"reason": "holiday", "until": until})
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and f'name="keep-{mine.id}"' in text
    assert "Lær" in text and db.get(Volunteer, pair.volunteer.id).status == Stage.ACTIVE
    assert auth.post("/pause/", {"reason": "holiday", "until": until,
                                 f"keep-{mine.id}": "no"}).status_code == 302
    db.expire_all()
    assert db.get(Volunteer, pair.volunteer.id).status == Stage.PAUSED
    assert db.get(Match, pair.match.id).status == MatchStatus.PAUSED
    assert db.get(EventInvite, mine.id).answer == "no"
    assert db.get(EventInvite, queued.id).answer == "yes"  # moved up from the waiting list
    told = db.exec(select(Notification).where(Notification.kind == "event_place")).all()
    assert [n.user_id for n in told] == [other.user.id]


def test_the_step_after_active_is_never_chosen_for_the_coordinator(auth, db, make, town,
                                                                   coordinator, pair):
    auth.login(coordinator)
    page = auth.client.get(f"/volunteers/{pair.volunteer.id}").get_data(as_text=True)
    form = page[page.index('name="stage"'):]
    form = form[:form.index("</select>")]
    assert 'selected value="paused"' not in form and 'value="" selected' in form.replace(
        '<option selected value="">', '<option value="" selected>')
    refused = auth.post(f"/volunteers/{pair.volunteer.id}/move",
                        {"stage": "", "on_date": today().isoformat()})
    assert refused.status_code == 400 and "Vælg et trin." in refused.get_data(as_text=True)
    auth.post(f"/volunteers/{pair.volunteer.id}/move", {
        "stage": "paused", "on_date": today().isoformat(),
        "pause_until": (today() + timedelta(days=30)).isoformat()})
    db.expire_all()
    assert db.get(Match, pair.match.id).status == MatchStatus.PAUSED  # the pair pauses too


def test_notes_carry_a_warning_and_go_when_the_match_ends(auth, client, db, make, town, pair,
                                                          coordinator, app):
    auth.login(pair.user)
    auth.post(f"/meetings/new/{pair.match.id}", {"held_on": today().isoformat(),
                                                 "duration": "60", "form": "in_person",
                                                 "note": "Sara vil gerne være tømrer"})
    page = client.get(f"/meetings/match/{pair.match.id}").get_data(as_text=True)
    assert "Sara vil gerne være tømrer" in page and "slettes for altid" in page
    staff = app.test_client()
    from tests.conftest import Auth

    Auth(staff).login(coordinator)
    Auth(staff).post(f"/matches/{pair.match.id}/end", {
        "reason": "completed", "ended_by": "coordinator", "then": "switch"})
    page = client.get(f"/meetings/match/{pair.match.id}").get_data(as_text=True)
    assert "Sara vil gerne være tømrer" not in page and "dine private noter er slettet" in page
    assert db.exec(select(Meeting)).one().private_note is None


def test_a_full_event_has_a_waiting_list_and_invitations_can_be_removed(
        auth, client, db, make, town, coordinator, pair):
    event = _event(make, town, 14, capacity=1)
    first = add_pair(make, db, town, name="Først Kommer")
    taken = _invite(make, town, event, first.volunteer, "yes")
    mine = _invite(make, town, event, pair.volunteer)
    auth.login(pair.user)
    auth.post(f"/invites/{mine.id}/answer", {"answer": "yes"})
    db.expire_all()
    assert db.get(EventInvite, mine.id).answer == "wait"
    assert "du er på ventelisten" in client.get("/volunteer").get_data(as_text=True)
    db.add(Notification(municipality_id=town.id, user_id=first.user.id, kind="remind1",
                        dedupe_key=f"remind1:i{taken.id}:u{first.user.id}:email",
                        subject="s", body="b"))
    db.commit()
    auth.logout()
    auth.login(coordinator)
    detail = auth.client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "1 af 1 optaget" in detail and "Venteliste, nr. 1" in detail
    taken_id = taken.id
    assert auth.client.get(f"/events/{event.id}/invites/{taken_id}/remove").status_code == 200
    auth.post(f"/events/{event.id}/invites/{taken_id}/remove")
    db.expunge_all()
    assert db.get(EventInvite, taken_id) is None and db.get(EventInvite, mine.id).answer == "yes"
    assert not db.exec(select(Notification).where(Notification.kind == "remind1")).all()
    assert db.exec(select(Notification).where(Notification.kind == "event_place")).one()


def test_photos_can_be_removed_by_the_coordinator_and_the_role_model(
        auth, client, db, make, town, coordinator, pair, app, tmp_path):
    from models.photos import photo_path, store_photo
    from tests.recruitment.helpers import image_bytes

    folder = app.config["PHOTO_DIR"]
    for who in ("coordinator", "volunteer"):
        name = store_photo(image_bytes(), folder)
        pair.volunteer.photo = name
        db.add(pair.volunteer)
        db.commit()
        auth.logout()
        if who == "coordinator":
            auth.login(coordinator)
            auth.post(f"/volunteers/{pair.volunteer.id}/photo/remove")
        else:
            auth.login(pair.user)
            assert "Fjern mit foto" in client.get("/profile/").get_data(as_text=True)
            auth.post("/profile/photo/remove")
        db.expire_all()
        assert db.get(Volunteer, pair.volunteer.id).photo is None
        assert not __import__("os").path.exists(photo_path(folder, name, False))
