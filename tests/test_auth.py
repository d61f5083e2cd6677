"""Logging in and out, sessions, citizens' links and CSRF."""
import re

from models import LoginToken, Role, utcnow


def test_login_page_is_danish_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Log ind" in page and 'lang="da"' in page


def test_coordinator_logs_in_and_sees_home(client, auth, make):
    town = make.municipality("stevns", "Stevns")
    user = make.user(town, Role.COORDINATOR)
    response = auth.login(user)
    assert response.status_code == 302
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Overblik" in page


def test_wrong_password_is_refused_with_a_message(client, auth, make):
    user = make.user(make.municipality(), Role.COORDINATOR)
    response = auth.login(user, password="forkert-forkert-forkert")
    assert response.status_code == 200
    assert "E-mail eller adgangskode er forkert." in response.get_data(as_text=True)
    assert client.get("/coordinator").status_code == 302


def test_repeated_failures_are_rate_limited(client, auth, make):
    user = make.user(make.municipality(), Role.COORDINATOR)
    for _ in range(5):
        auth.login(user, password="forkert-forkert-forkert")
    response = auth.login(user)
    assert response.status_code == 429
    assert "For mange forsøg" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, make):
    user = make.user(make.municipality(), Role.COORDINATOR)
    response = client.post("/login", data={"email": user.email, "password": make.PASSWORD})
    assert response.status_code == 400
    assert client.get("/coordinator").status_code == 302


def test_logout_needs_post_and_csrf(client, auth, make):
    user = make.user(make.municipality(), Role.COORDINATOR)
    auth.login(user)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/coordinator").status_code == 200


def test_logout_ends_every_session_even_a_copied_cookie(app, auth, make):
    user = make.user(make.municipality(), Role.COORDINATOR)
    auth.login(user)
    other = app.test_client()
    cookie = auth.client.get_cookie("session")
    other.set_cookie("session", cookie.value)
    assert other.get("/coordinator").status_code == 200
    auth.logout()
    assert other.get("/coordinator").status_code == 302


def test_disabled_account_loses_its_sessions(app, client, auth, make, db):
    town = make.municipality()
    user = make.user(town, Role.COORDINATOR)
    admin = make.user(None, Role.ADMIN)
    auth.login(user)
    admin_client = app.test_client()
    from .conftest import Auth

    admin_auth = Auth(admin_client)
    admin_auth.login(admin)
    assert admin_auth.post(f"/admin/users/{user.id}/active").status_code == 302
    assert client.get("/coordinator").status_code == 302
    assert auth.login(user).status_code == 200  # refused: shown the form again


def test_session_has_a_new_id_at_login(client, auth, make):
    user = make.user(make.municipality(), Role.COORDINATOR)
    client.get("/login")
    before = client.get_cookie("session").value
    auth.login(user)
    assert client.get_cookie("session").value != before


def test_idle_sessions_expire(app, client, auth, make):
    app.config["PERMANENT_SESSION_LIFETIME"] = 1
    app.permanent_session_lifetime = 1
    user = make.user(make.municipality(), Role.COORDINATOR)
    auth.login(user)
    import time

    time.sleep(2.1)
    assert client.get("/coordinator").status_code == 302


def test_session_cookie_flags(client, auth, make):
    user = make.user(make.municipality(), Role.COORDINATOR)
    response = auth.login(user)
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header


def _make_link(auth, make):
    town = make.municipality()
    coordinator = make.user(town, Role.COORDINATOR)
    citizen = make.citizen(town, name="Sara Jensen")
    auth.login(coordinator)
    page = auth.post(f"/citizens/{citizen.id}/login-link").get_data(as_text=True)
    link = re.search(r'value="(http[^"]+/l/[^"]+)"', page).group(1)
    assert "<svg" in page
    auth.logout()
    return link.split("rollemodel.test", 1)[-1].replace("http://localhost", ""), citizen


def test_citizen_link_logs_in_once(client, auth, make):
    path, citizen = _make_link(auth, make)
    path = path[path.index("/l/"):]
    assert client.get(path).status_code == 200  # a preview does not use up the link
    assert auth.post(path).status_code == 302
    assert "Hej Sara" in client.get("/citizen").get_data(as_text=True)
    auth.logout()
    assert client.get(path).status_code == 410


def test_expired_citizen_link_is_refused(client, auth, make, db):
    path, _ = _make_link(auth, make)
    path = path[path.index("/l/"):]
    token = db.exec(LoginToken.__table__.select()).first()
    db.get(LoginToken, token.id).expires_at = utcnow().replace(year=2020)
    db.commit()
    assert client.get(path).status_code == 410


def test_citizens_cannot_log_in_with_a_password(client, auth, make):
    town = make.municipality()
    user = make.user(town, Role.CITIZEN)
    assert auth.login(user).status_code == 200
    assert client.get("/citizen").status_code == 302


def test_english_can_be_chosen(client, auth):
    auth.post("/language", data={"lang": "en", "next": "/login"})
    assert "Log in" in client.get("/login").get_data(as_text=True)
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)


def test_language_chosen_before_login_is_kept_after_it(client, auth, make, db):
    user = make.user(make.municipality(), Role.COORDINATOR)
    auth.post("/language", data={"lang": "en", "next": "/login"})
    auth.login(user)
    assert "Overview" in client.get("/coordinator").get_data(as_text=True)
    db.refresh(user)
    assert user.language == "en"
