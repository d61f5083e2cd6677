"""The call guide, the match guide and editing a profile, with bad input on each."""
from sqlmodel import select

from models import Stage, User, Volunteer, VolunteerStep, today
from models.security import EmailChange

from .helpers import coordinator_in, errors, image_bytes, upload

CALL = {
    "called_on": "", "heard_from": "Min nabo", "motivation": "Vil give noget igen",
    "experience": "Træner U17 i fodbold", "time": "Hver anden tirsdag",
    "availability": ["weekday_evening", "weekend"], "commitment": "yes", "info_meeting": "unsure",
    "questions": "Sender folder om læringsmøder",
}
MATCH = {
    "held_on": "", "birth_year": "1963", "gender": "m", "occupation": "Efterlønner",
    "work_history": "Lærer i 20 år", "education": "Tømrer", "leisure": "Cykelklub; Biografen",
    "interests": "cykling, film, politik", "offers": "Lang livserfaring",
    "languages": "dansk, engelsk", "availability": ["weekday_day"], "capacity": "1",
    "preferences": "Gerne en ung, der kan lide at cykle",
}


def _fresh(db, volunteer):
    """Read the volunteer again."""
    db.expire_all()
    return db.get(Volunteer, volunteer.id)


def test_call_guide_keeps_notes_and_moves_to_called(auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town, status=Stage.INTERESTED)
    auth.login(coordinator)
    assert "Hvordan hørte du om" in auth.client.get(
        f"/volunteers/{v.id}/call-guide").get_data(as_text=True)
    data = {**CALL, "called_on": today().isoformat()}
    assert auth.post(f"/volunteers/{v.id}/call-guide", data).status_code == 302
    v = _fresh(db, v)
    assert v.status == Stage.CALLED and v.motivation == "Vil give noget igen"
    assert v.availability == ["weekday_evening", "weekend"]
    assert v.call_notes["experience"] == "Træner U17 i fodbold"
    assert v.call_notes["commitment"] == "yes"
    [step] = db.exec(select(VolunteerStep)).all()
    assert (step.stage, step.note, step.by_id) == (Stage.CALLED, "call_guide", coordinator.id)
    page = auth.client.get(f"/volunteers/{v.id}").get_data(as_text=True)
    assert "Træner U17 i fodbold" in page
    # Filling it in again later keeps the step where it is.
    auth.post(f"/volunteers/{v.id}/call-guide", {**data, "time": "Mandage"})
    assert _fresh(db, v).status == Stage.CALLED and len(db.exec(select(VolunteerStep)).all()) == 1


def test_call_guide_bad_input(auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town, status=Stage.INTERESTED)
    auth.login(coordinator)
    url, now = f"/volunteers/{v.id}/call-guide", today().isoformat()
    cases = [
        ({"commitment": ""}, "Vælg et svar"),
        ({"info_meeting": "maybe"}, "Vælg en af de viste"),
        ({"availability": ["night"]}, "Vælg en af de viste"),
        ({"called_on": "31-02"}, "kalenderdato"),
        ({"time": "x" * 501}, "500"),
    ]
    for change, message in cases:
        response = auth.post(url, {**CALL, "called_on": now, **change})
        assert response.status_code == 400, change
        assert any(message in e for e in errors(response)), (change, errors(response))
    assert _fresh(db, v).status == Stage.INTERESTED and _fresh(db, v).call_notes == {}


def test_match_guide_writes_the_profile_with_a_photo_and_moves_on(app, auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town, status=Stage.INFO_MEETING)
    auth.login(coordinator)
    page = auth.client.get(f"/volunteers/{v.id}/match-guide").get_data(as_text=True)
    assert "Hvad kan du give en ung?" in page and 'enctype="multipart/form-data"' in page
    data = {**MATCH, "held_on": today().isoformat(), "photo": upload(image_bytes())}
    response = auth.post(f"/volunteers/{v.id}/match-guide", data,
                         content_type="multipart/form-data")
    assert response.status_code == 302
    v = _fresh(db, v)
    assert v.status == Stage.INTERVIEWED and v.birth_year == 1963 and v.gender == "m"
    assert v.leisure == ["Cykelklub", "Biografen"] and v.interests == ["cykling", "film", "politik"]
    assert v.languages == ["dansk", "engelsk"] and v.capacity == 1 and v.photo
    assert v.offers == "Lang livserfaring" and v.work_history == "Lærer i 20 år"


def test_match_guide_bad_input_saves_nothing(app, auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town, status=Stage.CALLED)
    auth.login(coordinator)
    url, now = f"/volunteers/{v.id}/match-guide", today().isoformat()
    cases = [
        ({"birth_year": "1800"}, "mellem 1920 og 2010"),
        ({"birth_year": "tres"}, "fire cifre"),
        ({"gender": "q"}, "Vælg en af de viste"),
        ({"capacity": "0"}, "fra 1 til 5"),
        ({"capacity": ""}, "fra 1 til 5"),
        ({"interests": ", ".join(f"ting{i}" for i in range(21))}, "højst 20"),
        ({"offers": "x" * 1001}, "1000"),
        ({"photo": upload(b"not a picture", "x.jpg")}, "kunne ikke læse filen"),
        ({"held_on": ""}, "kalenderdato"),
    ]
    for change, message in cases:
        response = auth.post(url, {**MATCH, "held_on": now, **change},
                             content_type="multipart/form-data")
        assert response.status_code == 400, change
        assert any(message in e for e in errors(response)), (change, errors(response))
    v = _fresh(db, v)
    assert v.status == Stage.CALLED and v.birth_year is None and v.photo is None


def test_coordinator_can_edit_every_field_and_the_login_waits_for_confirmation(auth, db, make):
    town, coordinator = coordinator_in(make)
    user = make.user(town, "volunteer", email="old@example.dk")
    v = make.volunteer(town, user=user, email="old@example.dk", town="Rødvig")
    auth.login(coordinator)
    data = {**MATCH, "name": "Poul Poulsen", "email": "Ny@Example.dk", "phone": "+45 20304050",
            "town": "Store Heddinge", "capacity": "2"}
    assert auth.post(f"/volunteers/{v.id}/edit", data).status_code == 302
    v = _fresh(db, v)
    assert (v.name, v.email, v.town, v.capacity) == ("Poul Poulsen", "old@example.dk",
                                                     "Store Heddinge", 2)
    # The login has a password: the new address counts once the person confirms it.
    assert db.get(User, user.id).email == "old@example.dk"
    assert db.exec(select(EmailChange)).one().new_email == "ny@example.dk"


def test_edit_bad_input(auth, db, make):
    town, coordinator = coordinator_in(make)
    user = make.user(town, "volunteer", email="me@example.dk")
    v = make.volunteer(town, user=user, email="me@example.dk", town="Rødvig")
    make.volunteer(town, email="taken@example.dk")
    auth.login(coordinator)
    good = {**MATCH, "name": "Poul", "email": "me@example.dk", "town": "Rødvig"}
    cases = [
        ({"name": ""}, "Skriv navnet"),
        ({"email": "taken@example.dk"}, "En anden bruger allerede"),
        ({"email": coordinator.email}, "En anden bruger allerede"),
        ({"email": ""}, "logger ind med e-mailen"),
        ({"email": "me@"}, "hel e-mailadresse"),
        ({"phone": "abc"}, "8 cifre"),
        ({"town": "Gotham"}, "Vi kender ikke den by"),
    ]
    for change, message in cases:
        response = auth.post(f"/volunteers/{v.id}/edit", {**good, **change})
        assert response.status_code == 400, change
        assert any(message in e for e in errors(response)), (change, errors(response))
    assert _fresh(db, v).name != "Poul"
