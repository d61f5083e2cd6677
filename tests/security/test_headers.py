"""Security headers, cookie flags and time-outs."""
from datetime import timedelta

import pytest

from models import Role, utcnow
from web import create_app
from web.core.security import CSP


def test_every_page_gets_the_security_headers(client):
    response = client.get("/login")
    headers = response.headers
    assert headers["Content-Security-Policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert "frame-ancestors 'none'" in CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # plain HTTP in tests


def test_error_pages_and_downloads_are_not_cached(client):
    assert client.get("/no-such-page").headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached_but_not_sniffed(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def https_app(app, db_url, tmp_path):
    """The same database served under an https BASE_URL."""
    secure = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": db_url,
        "RATELIMIT_ENABLED": False, "BASE_URL": "https://rollemodel.test",
        "INSTANCE_PATH": str(tmp_path / "instance-https"), "PHOTO_DIR": str(tmp_path / "p"),
    })
    yield secure
    secure.extensions["engine"].dispose()


def test_https_gets_hsts_and_secure_cookies(https_app, make):
    from ..conftest import Auth

    user = make.user(make.municipality(), Role.COORDINATOR)
    client = https_app.test_client()
    assert "max-age=" in client.get("/login").headers["Strict-Transport-Security"]
    cookie = Auth(client).login(user).headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_absolute_time_out_ends_a_busy_session(client, auth, make):
    user = make.user(make.municipality(), Role.COORDINATOR)
    auth.login(user)
    assert client.get("/coordinator").status_code == 200
    with client.session_transaction() as sess:
        sess["login_at"] = (utcnow() - timedelta(hours=13)).timestamp()
    response = client.get("/coordinator")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/coordinator").status_code == 302


def test_idle_time_out_refuses_an_old_cookie(app, client, auth, make, monkeypatch):
    user = make.user(make.municipality(), Role.COORDINATOR)
    auth.login(user)
    assert client.get("/coordinator").status_code == 200
    import itsdangerous.timed

    assert app.permanent_session_lifetime.total_seconds() <= 30 * 60
    later = int(utcnow().timestamp() + app.permanent_session_lifetime.total_seconds() + 60)
    # The cookie's signature carries its time; 31 idle minutes later it no longer counts.
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: later)
    assert client.get("/coordinator").status_code == 302


def test_login_starts_a_new_session_and_drops_what_was_there(client, auth, make):
    user = make.user(make.municipality(), Role.COORDINATOR)
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    auth.login(user)
    with client.session_transaction() as sess:
        assert "planted" not in sess and sess.get("sid")
