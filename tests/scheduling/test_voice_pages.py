"""The young person's voice on the pages: who sees what, the two buttons, the agreement and
the closing step. Days are moved with time-machine."""
from datetime import date, timedelta

import time_machine
from sqlmodel import select

from models import Citizen, Match, MatchStatus, Notification, Role
from models.voice import CheckIn, ContactRequest

from ..conftest import Auth
from ..proposals.conftest import login_citizen

START = date(2026, 3, 2)  # a Monday


def client_for(app, user):
    """A client logged in as ``user`` (a young person through a real single-use link)."""
    auth = Auth(app.test_client())
    if user.role == Role.CITIZEN:
        from models import scoped_session
        session = scoped_session(app.extensions["engine"], user.municipality_id)
        citizen = session.exec(select(Citizen).where(Citizen.user_id == user.id)).one()
        login_citizen(auth.client, session, citizen)
        session.close()
    else:
        assert auth.login(user).status_code == 302
    return auth


def at(day: date):
    return time_machine.travel(f"{day.isoformat()} 10:00 +0100", tick=False)


def test_the_check_in_is_the_young_persons_alone(app, db, town, make):
    match, volunteer, vu, citizen, cu = town.pair(START)
    with at(START + timedelta(days=13)):
        young = client_for(app, cu)
        assert "Hvordan går det?" not in young.client.get("/citizen").get_data(as_text=True)
    with at(START + timedelta(days=14)):
        young = client_for(app, cu)
        page = young.client.get("/citizen").get_data(as_text=True)
        assert "Hvordan går det?" in page and "Sådan da" in page
        assert young.post("/check-in", {"answer": "not_good"}).status_code == 302
        page = young.client.get("/check-in").get_data(as_text=True)
        assert "Du svarede: Ikke godt" in page
        assert "Mine svar på" in young.client.get("/my-data").get_data(as_text=True)
        role_model = client_for(app, vu)
        for url in ("/volunteer", f"/matches/{match.id}/pair", "/my-data"):
            text = role_model.client.get(url).get_data(as_text=True)
            assert "Ikke godt" not in text and "Hvordan går det" not in text, url
        boss = client_for(app, town.coordinator)
        for url in ("/coordinator", f"/matches/{match.id}", f"/citizens/{citizen.id}",
                    "/contact-requests/", "/reports/"):
            assert "Ikke godt</" not in boss.client.get(url).get_data(as_text=True) or \
                url == "/reports/", url
        reports = boss.client.get("/reports/").get_data(as_text=True)
        assert "Hvordan går det? De unges svar" in reports
    assert db.exec(select(CheckIn)).one().answer == "not_good"


def test_the_reports_hide_fewer_than_five_answers(app, db, town):
    pairs = [town.pair(START, volunteer_name=f"Rolle Model{i}", citizen_name=f"Ung Person{i}")
             for i in range(6)]
    for i, (match, _, _, citizen, _) in enumerate(pairs):
        db.add(CheckIn(municipality_id=match.municipality_id, match_id=match.id,
                       citizen_id=citizen.id, occasion="w2",
                       answer="good" if i < 5 else "not_good"))
    db.commit()
    from web.coordination import report_data
    with app.app_context():
        from models import scoped_session
        session = scoped_session(app.extensions["engine"], town.town.id)
        counts = dict(report_data.check_ins(session))
        session.close()
    assert counts == {"good": 5, "so_so": 0, "not_good": None}  # one answer: hidden


def test_asking_to_talk_promises_a_time_and_the_coordinator_handles_it(app, db, town):
    match, _, vu, citizen, cu = town.pair(START)
    with at(START + timedelta(days=14)):  # a Monday: promised by Wednesday at 16
        young = client_for(app, cu)
        young.post("/check-in", {"answer": "so_so"})
        assert young.post("/talk", {"share": "1"}).status_code == 302
        page = young.client.get("/citizen").get_data(as_text=True)
        assert "Din koordinator kontakter dig senest" in page and "18. mar" in page
        young.post("/talk")  # a second tap makes no second request
        assert len(db.exec(select(ContactRequest)).all()) == 1
        boss = client_for(app, town.coordinator)
        home = boss.client.get("/coordinator").get_data(as_text=True)
        assert "Unge, der har bedt om kontakt (1)" in home and citizen.name in home
        listed = boss.client.get("/contact-requests/").get_data(as_text=True)
        assert "Har delt sit svar på" in listed and "Sådan da" in listed
        request_id = db.exec(select(ContactRequest)).one().id
        assert boss.post(f"/contact-requests/{request_id}/handled").status_code == 302
        assert "Unge, der har bedt om kontakt (0)" in boss.client.get(
            "/coordinator").get_data(as_text=True)
        page = young.client.get("/citizen").get_data(as_text=True)  # (the flash of the 2nd tap)
        assert "Du har bedt om at tale med en" not in young.client.get(
            "/citizen").get_data(as_text=True)  # handled: the button is back
        assert "Jeg vil gerne tale med en" in young.client.get("/citizen").get_data(as_text=True)
    kinds = {n.kind for n in db.exec(select(Notification))}
    assert "contact_request" in kinds


def test_a_request_without_sharing_keeps_the_answer_private(app, db, town):
    match, *_, citizen, cu = town.pair(START)
    with at(START + timedelta(days=14)):
        young = client_for(app, cu)
        young.post("/check-in", {"answer": "not_good"})
        young.post("/talk")  # the box not ticked
        listed = client_for(app, town.coordinator).client.get(
            "/contact-requests/").get_data(as_text=True)
        assert citizen.name in listed and "Har delt sit svar" not in listed
        assert "Ikke godt" not in listed


def test_another_role_model_needs_no_reason_and_the_role_model_is_told_kindly(app, db, town):
    match, volunteer, vu, citizen, cu = town.pair(START)
    with at(START + timedelta(days=30)):
        young = client_for(app, cu)
        assert "Jeg vil gerne have en anden rollemodel" in young.client.get(
            "/citizen").get_data(as_text=True)
        page = young.client.get("/switch").get_data(as_text=True)
        assert "Du behøver ikke sige hvorfor" in page and "koster dig ingenting" in page
        assert young.post("/switch").status_code == 302
    db.expire_all()
    ended = db.get(Match, match.id)
    assert ended.status == MatchStatus.ENDED and ended.end_reason == "young_person_switch"
    assert ended.ended_by_role == "citizen"
    assert db.get(Citizen, citizen.id).finished_on is None  # waiting for new suggestions
    told = [n for n in db.exec(select(Notification)) if n.user_id == vu.id]
    assert [n.kind for n in told] == ["match_ended_kindly"]
    assert "Tak for den tid" in told[0].body and "anden rollemodel" not in told[0].body


def test_the_pair_agrees_its_rhythm_and_end_and_the_coordinator_thanks_once(app, db, town):
    match, _, vu, citizen, cu = town.pair(START)
    with at(START + timedelta(days=1)):
        role_model = client_for(app, vu)
        bad = role_model.post(f"/matches/{match.id}/agreement",
                              {"rhythm": "", "planned_end_on": "2026-01-01"})
        assert bad.status_code == 400
        text = bad.get_data(as_text=True)
        assert "Vælg, hvordan I holder kontakten." in text and "Vælg en dag efter i dag." in text
        assert role_model.post(f"/matches/{match.id}/agreement",
                               {"rhythm": "weekly", "planned_end_on": "2026-09-01"}
                               ).status_code == 302
        young = client_for(app, cu)
        page = young.client.get("/citizen").get_data(as_text=True)
        assert "I har aftalt: Vi mødes hver uge." in page and "mindst hver 7. dag" not in page
    db.expire_all()
    assert db.get(Match, match.id).rhythm == "weekly"
    assert str(db.get(Match, match.id).planned_end_on) == "2026-09-01"
    m = db.get(Match, match.id)
    m.status, m.ended_on, m.end_reason = MatchStatus.ENDED, date(2026, 9, 1), "completed"
    db.commit()
    with at(date(2026, 9, 2)):
        boss = client_for(app, town.coordinator)
        assert "Send en tak til dem begge" in boss.client.get(
            f"/matches/{match.id}").get_data(as_text=True)
        boss.post(f"/matches/{match.id}/thanks")
        boss.post(f"/matches/{match.id}/thanks")
    thanks = sorted((n.kind, n.user_id) for n in db.exec(select(Notification))
                    if n.kind.startswith("thanks_") and n.channel == "email")
    assert thanks == sorted([("thanks_volunteer", vu.id), ("thanks_citizen", cu.id)])


def test_the_door_is_always_open(app, db, town):
    match, _, vu, citizen, cu = town.pair(START, status="ended", ended_on=START + timedelta(days=90))
    c = db.get(Citizen, citizen.id)
    c.finished_on, c.finished_reason = START + timedelta(days=90), "job"
    db.commit()
    with at(START + timedelta(days=200)):
        young = client_for(app, cu)
        page = young.client.get("/citizen").get_data(as_text=True)
        assert "Døren står altid åben" in page
        assert young.post("/again").status_code == 302
        assert "Velkommen tilbage" in young.client.get("/citizen").get_data(as_text=True)
    db.expire_all()
    assert db.get(Citizen, citizen.id).finished_on is None
    assert db.exec(select(ContactRequest)).one().kind == "again"
    assert Role.CITIZEN == "citizen"


def test_in_english_and_only_for_the_young_person(app, db, town, make):
    match, _, vu, citizen, cu = town.pair(START)
    cu.language = "en"
    db.commit()
    with at(START + timedelta(days=14)):
        young = client_for(app, cu)
        page = young.client.get("/citizen").get_data(as_text=True)
        for words in ("How are things going?", "So-so", "Not good",
                      "I would like to talk to someone", "I would like another role model",
                      "You do not have to give a reason, and it costs you nothing.",
                      "My data: what the municipality knows about me, and who looked"):
            assert words in page, words
        young.post("/talk")
        assert "Your coordinator will get in touch with you by" in young.client.get(
            "/citizen").get_data(as_text=True)
        for user in (vu, town.coordinator):  # the young person's pages are theirs
            other = client_for(app, user)
            assert other.client.get("/check-in").status_code == 403
            assert other.post("/talk").status_code == 403
            assert other.post("/switch").status_code == 403
    request_id = db.exec(select(ContactRequest)).one().id
    elsewhere = make.municipality()
    stranger = make.user(elsewhere, Role.COORDINATOR, name="Fremmed Koordinator")
    with at(START + timedelta(days=14)):
        outside = client_for(app, stranger)
        assert outside.post(f"/contact-requests/{request_id}/handled").status_code == 404
        assert citizen.name not in outside.client.get("/contact-requests/").get_data(as_text=True)
        assert citizen.name not in outside.client.get("/coordinator").get_data(as_text=True)
    db.expire_all()
    assert db.exec(select(ContactRequest)).one().handled_at is None
