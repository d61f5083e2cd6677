"""Audit of record views, a person's copy of their data, erasure and retention."""
import json
from datetime import date, timedelta

from sqlmodel import select

from models import AuditEntry, Citizen, Match, MatchStatus, Meeting, User, Volunteer, utcnow
from models.erasure import ERASED
from web.privacy.gdpr import apply_retention

from .conftest import login_as


def test_viewing_a_citizen_is_logged_and_reviewable(app, two_towns, db):
    me = two_towns["stevns"]
    coordinator = login_as(app, me["coordinator"])
    assert coordinator.get(f"/citizens/{me['citizen'].id}").status_code == 200
    entry = db.exec(select(AuditEntry)).one()
    assert (entry.actor_id, entry.action, entry.object_type, entry.object_id) == (
        me["coordinator"].id, "view", "citizen", me["citizen"].id)
    assert entry.subject_user_id == me["citizen_user"].id and entry.at is not None
    page = coordinator.get("/audit").get_data(as_text=True)
    assert "Cille MarkørStevns" in page and "Koordinator Stevns" in page


def test_a_failed_or_foreign_lookup_logs_nothing(app, two_towns, db):
    coordinator = login_as(app, two_towns["stevns"]["coordinator"])
    assert coordinator.get(f"/citizens/{two_towns['hedensted']['citizen'].id}").status_code == 404
    assert db.exec(select(AuditEntry)).all() == []


def test_the_citizen_downloads_who_looked(app, two_towns):
    me = two_towns["stevns"]
    login_as(app, me["coordinator"]).get(f"/citizens/{me['citizen'].id}")
    login_as(app, two_towns["hedensted"]["coordinator"]).get(
        f"/citizens/{two_towns['hedensted']['citizen'].id}")
    citizen = login_as(app, me["citizen_user"])
    log = citizen.get("/my-data/access-log.json")
    assert log.headers["Content-Disposition"].startswith("attachment")
    rows = log.get_json()
    assert [r["by"] for r in rows] == ["Koordinator Stevns"]
    assert "Koordinator Stevns" in citizen.get("/my-data").get_data(as_text=True)


def _pair(make, town, db, ended_days_ago=None):
    """A match of the town's volunteer and citizen with one meeting carrying a note."""
    vol = db.exec(select(Volunteer).where(Volunteer.municipality_id == town["town"].id)).first()
    match = make._save(Match(
        municipality_id=town["town"].id, citizen_id=town["citizen"].id, volunteer_id=vol.id,
        started_on=date(2024, 1, 1),
        status=MatchStatus.ENDED if ended_days_ago is not None else MatchStatus.ACTIVE,
        ended_on=(date.today() - timedelta(days=ended_days_ago)) if ended_days_ago else None,
    ))
    make._save(Meeting(municipality_id=town["town"].id, match_id=match.id, volunteer_id=vol.id,
                       held_on=date(2024, 2, 1), private_note=b"hemmelig-krypteret"))
    return match


def test_a_volunteer_downloads_all_their_data_without_secrets(app, two_towns, make, db):
    me = two_towns["stevns"]
    _pair(make, me, db)
    client = login_as(app, me["volunteer_user"])
    response = client.get("/my-data.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert data["role_model_profile"]["name"] == "Vera MarkørStevns"
    assert len(data["matches"]) == 1 and data["meetings"][0]["held_on"] == "2024-02-01"
    text = json.dumps(data)
    for secret in ("password_hash", "totp_secret", "private_note", "hemmelig", "Hedensted"):
        assert secret not in text
    page = client.get("/my-data").get_data(as_text=True)
    assert "Vera MarkørStevns" in page and "Min rollemodel-profil" in page


def test_coordinator_erases_a_citizen_and_statistics_stay(app, two_towns, make, auth, db):
    me = two_towns["stevns"]
    match = _pair(make, me, db)
    citizen_client = login_as(app, me["citizen_user"])
    assert citizen_client.get("/citizen").status_code == 200
    auth.login(me["coordinator"])
    url = f"/gdpr/citizens/{me['citizen'].id}/erase"
    assert auth.client.get(url).status_code == 200
    refused = auth.post(url, {})
    assert refused.status_code == 400 and "Sæt kryds" in refused.get_data(as_text=True)
    db.expire_all()
    assert db.get(Citizen, me["citizen"].id).name == "Cille MarkørStevns"  # nothing half-done
    assert auth.post(url, {"confirm": "y"}).status_code == 302
    db.expire_all()
    citizen = db.get(Citizen, me["citizen"].id)
    assert citizen.name == ERASED and citizen.email is None and citizen.interests == []
    account = db.get(User, me["citizen_user"].id)
    assert account.name == ERASED and account.email is None and not account.is_active
    assert citizen_client.get("/citizen").status_code == 302  # their session ended
    assert db.get(Match, match.id) is not None  # statistics kept
    assert db.exec(select(Meeting)).one().private_note is None
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "erase")).one()
    other = f"/gdpr/citizens/{two_towns['hedensted']['citizen'].id}/erase"
    assert auth.post(other, {"confirm": "y"}).status_code == 404


def test_coordinator_erases_a_volunteer(two_towns, make, auth, db):
    me = two_towns["stevns"]
    auth.login(me["coordinator"])
    assert auth.post(f"/gdpr/volunteers/{me['volunteer'].id}/erase", {"confirm": "y"}
                     ).status_code == 302
    db.expire_all()
    vol = db.get(Volunteer, me["volunteer"].id)
    assert vol.name == ERASED and vol.status == "stopped" and vol.capacity == 0
    assert db.get(User, me["volunteer_user"].id).password_hash is None


def test_other_roles_cannot_erase(app, two_towns):
    me = two_towns["stevns"]
    volunteer = login_as(app, me["volunteer_user"])
    assert volunteer.get(f"/gdpr/citizens/{me['citizen'].id}/erase").status_code == 403


def test_retention_removes_old_meeting_logs_only(app, two_towns, make, db):
    old = _pair(make, two_towns["stevns"], db, ended_days_ago=400)
    recent = _pair(make, two_towns["hedensted"], db, ended_days_ago=30)
    with app.app_context():
        first = apply_retention(db, utcnow())
        db.commit()
        second = apply_retention(db, utcnow())
        db.commit()
    assert first["meetings_deleted"] == 1 and second["meetings_deleted"] == 0
    left = db.exec(select(Meeting)).all()
    assert [m.match_id for m in left] == [recent.id]
    assert db.get(Match, old.id) is not None


def test_retention_period_is_configurable(app, two_towns, make, db):
    _pair(make, two_towns["stevns"], db, ended_days_ago=30)
    app.config["RETENTION_DAYS"] = 14
    with app.app_context():
        assert apply_retention(db, utcnow())["meetings_deleted"] == 1


def test_the_scheduler_runs_retention(app, two_towns, make, db):
    from web.scheduling import runner

    _pair(make, two_towns["stevns"], db, ended_days_ago=400)
    assert runner.run_retention(app)["meetings_deleted"] == 1
    assert db.exec(select(Meeting)).all() == []


def test_viewing_a_volunteer_a_match_or_editing_a_citizen_is_logged(app, two_towns, db):
    me = two_towns["stevns"]
    match = Match(municipality_id=me["town"].id, citizen_id=me["citizen"].id,
                  volunteer_id=me["volunteer"].id, started_on=date.today())
    db.add(match)
    db.commit()
    coordinator = login_as(app, me["coordinator"])
    for url in (f"/volunteers/{me['volunteer'].id}", f"/matches/{match.id}",
                f"/citizens/{me['citizen'].id}/edit"):
        assert coordinator.get(url).status_code == 200, url
    seen = {(e.object_type, e.object_id, e.actor_id) for e in db.exec(select(AuditEntry))}
    assert seen == {("volunteer", me["volunteer"].id, me["coordinator"].id),
                    ("match", match.id, me["coordinator"].id),
                    ("citizen", me["citizen"].id, me["coordinator"].id)}
