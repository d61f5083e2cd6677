"""Certificate checks and training days on a volunteer's profile."""
from datetime import timedelta

from models import Stage, Volunteer, today

from .helpers import coordinator_in, errors


def _fresh(db, volunteer):
    """Read the volunteer again."""
    db.expire_all()
    return db.get(Volunteer, volunteer.id)


def test_certificate_check_records_date_who_and_result_only(auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town, status=Stage.INTERVIEWED)
    auth.login(coordinator)
    day = today() - timedelta(days=1)
    url = f"/volunteers/{v.id}/screening"
    auth.post(url, {"certificate": "child", "checked_on": day.isoformat(), "result": "ok"})
    auth.post(url, {"certificate": "criminal", "checked_on": day.isoformat(), "result": "not_ok"})
    v = _fresh(db, v)
    assert (v.child_cert_ok, v.child_cert_checked_on, v.child_cert_checked_by_id) == (
        True, day, coordinator.id)
    assert v.criminal_cert_ok is False and v.criminal_cert_checked_by_id == coordinator.id
    page = auth.client.get(f"/volunteers/{v.id}").get_data(as_text=True)
    assert "Ikke OK" in page and coordinator.name in page


def test_certificate_bad_input(auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town)
    auth.login(coordinator)
    good = {"certificate": "child", "checked_on": today().isoformat(), "result": "ok"}
    cases = [
        ({"certificate": ""}, "Vælg, hvilken attest"),
        ({"certificate": "passport"}, "Vælg en af de viste"),
        ({"result": ""}, "Vælg resultatet"),
        ({"checked_on": (today() + timedelta(days=1)).isoformat()}, "fremtiden"),
        ({"checked_on": "snart"}, "kalenderdato"),
    ]
    for change, message in cases:
        response = auth.post(f"/volunteers/{v.id}/screening", {**good, **change})
        assert response.status_code == 400, change
        assert any(message in e for e in errors(response)), (change, errors(response))
    assert _fresh(db, v).child_cert_ok is None


def test_training_days_recorded_directly(auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town)
    auth.login(coordinator)
    url = f"/volunteers/{v.id}/training"
    d1, d2 = today() - timedelta(days=8), today() - timedelta(days=1)
    assert auth.post(url, {"day": "1", "held_on": d1.isoformat()}).status_code == 302
    same = auth.post(url, {"day": "2", "held_on": d1.isoformat()})
    assert same.status_code == 400 and "forskellige datoer" in " ".join(errors(same))
    bad = auth.post(url, {"day": "3", "held_on": d2.isoformat()})
    assert bad.status_code == 400 and "Vælg en af de viste" in " ".join(errors(bad))
    auth.post(url, {"day": "2", "held_on": d2.isoformat()})
    v = _fresh(db, v)
    assert (v.training_day1_on, v.training_day2_on) == (d1, d2)
