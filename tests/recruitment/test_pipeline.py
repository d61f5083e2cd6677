"""The pipeline board, moving volunteers between steps, and giving an active one access."""
import re
from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from models import PasswordLink, Role, Stage, User, Volunteer, VolunteerStep, today

from .helpers import QueryCounter, coordinator_in, errors


def _fresh(db, model, ident):
    """Read a row again from the database."""
    db.expire_all()
    return db.get(model, ident)


def test_board_shows_each_step_with_days_waiting(auth, make):
    town, coordinator = coordinator_in(make)
    make.volunteer(town, name="Anna Ny", status=Stage.INTERESTED,
                   status_changed_at=datetime.now(UTC) - timedelta(days=20))
    make.volunteer(town, name="Bo Aktiv", status=Stage.ACTIVE)
    make.volunteer(town, name="Cille Stop", status=Stage.STOPPED)
    auth.login(coordinator)
    page = auth.client.get("/volunteers/").get_data(as_text=True)
    assert "Anna Ny" in page and "20 dage" in page and "Bo Aktiv" in page
    assert "Cille Stop" not in page and "Stoppet (1)" in page
    stopped = auth.client.get("/volunteers/?stage=stopped").get_data(as_text=True)
    assert "Cille Stop" in stopped and "Anna Ny" not in stopped
    assert "/m/stevns/bliv-rollemodel" in page


def test_board_and_profile_use_a_bounded_number_of_queries(app, auth, make):
    town, coordinator = coordinator_in(make)
    auth.login(coordinator)

    def count(url):
        """Count the queries one page load makes."""
        with QueryCounter(app.extensions["engine"]) as counter:
            assert auth.client.get(url).status_code == 200
        return counter.count

    first = make.volunteer(town, status=Stage.INTERESTED)
    few = count("/volunteers/")
    for n in range(15):
        make.volunteer(town, status=Stage.PIPELINE[n % 7], photo="ab" * 16)
    assert count("/volunteers/") == few
    auth.post(f"/volunteers/{first.id}/move", {"stage": "called", "on_date": today().isoformat()})
    detail = count(f"/volunteers/{first.id}")
    for stage in ("info_meeting", "interviewed", "screened"):
        auth.post(f"/volunteers/{first.id}/move", {"stage": stage, "on_date": today().isoformat()})
    assert count(f"/volunteers/{first.id}") == detail


def test_moving_records_a_dated_step_with_who(auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town, status=Stage.INTERESTED)
    auth.login(coordinator)
    day = today() - timedelta(days=3)
    response = auth.post(f"/volunteers/{v.id}/move",
                         {"stage": "called", "on_date": day.isoformat(), "note": "God snak"})
    assert response.status_code == 302
    v = _fresh(db, Volunteer, v.id)
    assert v.status == Stage.CALLED
    [step] = db.exec(select(VolunteerStep)).all()
    assert (step.stage, step.by_id, step.note) == (Stage.CALLED, coordinator.id, "God snak")
    assert step.at.date() == day and v.status_changed_at == step.at
    page = auth.client.get(f"/volunteers/{v.id}").get_data(as_text=True)
    assert "God snak" in page and coordinator.name in page
    # and back again
    auth.post(f"/volunteers/{v.id}/move", {"stage": "interested", "on_date": today().isoformat()})
    assert _fresh(db, Volunteer, v.id).status == Stage.INTERESTED


def test_pause_needs_a_return_date_and_stop_a_reason(auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town, status=Stage.ACTIVE)
    auth.login(coordinator)
    url, now = f"/volunteers/{v.id}/move", today().isoformat()
    cases = [
        ({"stage": "paused", "on_date": now}, "regner med at være tilbage"),
        ({"stage": "paused", "on_date": now, "pause_until": now}, "efter i dag"),
        ({"stage": "stopped", "on_date": now, "reason": "  "}, "hvorfor rollemodellen stopper"),
        ({"stage": "active", "on_date": now}, "allerede på dette trin"),
        ({"stage": "boss", "on_date": now}, "Vælg en af de viste"),
        ({"stage": "called", "on_date": "i går"}, "kalenderdato"),
        ({"stage": "called", "on_date": (today() + timedelta(days=2)).isoformat()}, "fremtiden"),
        ({"stage": "called", "on_date": now, "note": "x" * 301}, "300"),
    ]
    for data, message in cases:
        response = auth.post(url, data)
        assert response.status_code == 400, data
        assert any(message in e for e in errors(response)), (data, errors(response))
    assert _fresh(db, Volunteer, v.id).status == Stage.ACTIVE
    assert db.exec(select(VolunteerStep)).all() == []
    back = (today() + timedelta(days=60)).isoformat()
    auth.post(url, {"stage": "paused", "on_date": now, "pause_until": back})
    v = _fresh(db, Volunteer, v.id)
    assert v.status == Stage.PAUSED and v.pause_until.isoformat() == back
    auth.post(url, {"stage": "stopped", "on_date": now, "reason": "Flytter til Aarhus"})
    v = _fresh(db, Volunteer, v.id)
    assert (v.status, v.stop_reason, v.pause_until) == (Stage.STOPPED, "Flytter til Aarhus", None)


def test_becoming_active_makes_a_login_and_a_single_use_password_link(app, auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town, status=Stage.TRAINED, email="poul@example.dk", name="Poul Poulsen")
    auth.login(coordinator)
    auth.post(f"/volunteers/{v.id}/move", {"stage": "active", "on_date": today().isoformat()})
    v = _fresh(db, Volunteer, v.id)
    user = db.get(User, v.user_id)
    assert (user.role, user.email, user.password_hash) == (Role.VOLUNTEER, "poul@example.dk", None)
    page = auth.post(f"/volunteers/{v.id}/access").get_data(as_text=True)
    link = re.search(r'value="(http[^"]+/adgang/[^"]+)"', page).group(1)
    path = link[link.index("/adgang/"):]
    assert db.exec(select(PasswordLink)).one().token_hash not in link  # only the hash is kept
    auth.logout()
    assert auth.client.get(path).status_code == 200  # a link preview changes nothing
    bad = auth.post(path, {"password": "kort", "repeat": "kort"})
    assert bad.status_code == 400 and "Mindst" not in " ".join(errors(bad))
    assert any("10" in e for e in errors(bad))
    mismatch = auth.post(path, {"password": "tre-gule-cykler-9", "repeat": "tre-gule-cykler-8"})
    assert "ikke ens" in " ".join(errors(mismatch))
    good = auth.post(path, {"password": "tre-gule-cykler-9", "repeat": "tre-gule-cykler-9"})
    assert good.status_code == 302
    assert auth.client.get("/profile/").status_code == 200
    auth.logout()
    assert auth.client.get(path).status_code == 410
    assert auth.login(user, password="tre-gule-cykler-9").status_code == 302


def test_a_new_link_replaces_the_old_and_expired_links_fail(auth, db, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town, status=Stage.ACTIVE, email="a@example.dk")
    auth.login(coordinator)
    first = re.search(r'/adgang/[^"]+', auth.post(f"/volunteers/{v.id}/access")
                      .get_data(as_text=True)).group(0)
    second = re.search(r'/adgang/[^"]+', auth.post(f"/volunteers/{v.id}/access")
                       .get_data(as_text=True)).group(0)
    assert auth.client.get(first).status_code == 410
    assert auth.client.get(second).status_code == 200
    for row in db.exec(select(PasswordLink)):
        row.expires_at = datetime(2020, 1, 1, tzinfo=UTC)
    db.commit()
    assert auth.client.get(second).status_code == 410


def test_no_login_without_an_email_or_with_a_taken_one(auth, db, make):
    town, coordinator = coordinator_in(make)
    no_mail = make.volunteer(town, status=Stage.TRAINED, email=None)
    taken = make.volunteer(town, status=Stage.TRAINED, email=coordinator.email)
    auth.login(coordinator)
    for v, message in ((no_mail, "Tilføj først en e-mailadresse"), (taken, "allerede")):
        response = auth.post(f"/volunteers/{v.id}/move",
                             {"stage": "active", "on_date": today().isoformat()},
                             follow_redirects=True)
        assert message in response.get_data(as_text=True)
        assert _fresh(db, Volunteer, v.id).user_id is None
        assert _fresh(db, Volunteer, v.id).status == Stage.ACTIVE


def test_profile_shows_what_is_missing_before_matchable(auth, make):
    town, coordinator = coordinator_in(make)
    v = make.volunteer(town, status=Stage.SCREENED, child_cert_ok=True)
    auth.login(coordinator)
    page = auth.client.get(f"/volunteers/{v.id}").get_data(as_text=True)
    assert "Er ikke flyttet til trinnet" in page and "Straffeattest er ikke tjekket OK" in page
    assert "begge uddannelsesdage" in page and "Børneattest er ikke tjekket OK" not in page
    ready = make.ready_volunteer(town, training_day1_on=date(2026, 1, 5),
                                 training_day2_on=date(2026, 1, 12), phone=None)
    page = auth.client.get(f"/volunteers/{ready.id}").get_data(as_text=True)
    assert "Mangler:" in page and "ingen e-mail eller telefon" in page  # nobody can reach them
    ready.phone = "20 00 00 01"
    make.session.add(ready)
    make.session.commit()
    page = auth.client.get(f"/volunteers/{ready.id}").get_data(as_text=True)
    assert "Mangler:" not in page and "Aktiv, tjekket og uddannet" in page
