"""The login's doors (issue 15, points 3 to 5): every failure does the same work, guessing is
slowed per account and address without ever locking the owner out, a reset lets them back in,
proxies are trusted only when configured, and the sign-up's limit counts only real sign-ups."""
import re
from datetime import timedelta

import pytest
import time_machine
from sqlmodel import select

from models import LoginAttempt, Role, User, utcnow
from models import passwords as password_module
from web import create_app

from ..conftest import Auth
from ..recruitment.test_signup import GOOD, URL
from .test_reset import _link

WRONG = "forkert-forkert-forkert"
STRANGER, OWNER = "203.0.113.9", "198.51.100.7"


def _client(app, address):
    """A client that comes from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _strip(response, email) -> str:
    """A page without its CSRF token and the address typed, to compare two answers."""
    page = response.get_data(as_text=True).replace(email, "")
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1"', page)


def test_every_failed_login_checks_a_hash_and_answers_the_same(app, make, db, monkeypatch):
    town = make.municipality()
    citizen = make.user(town, Role.CITIZEN)
    disabled = make.user(town, Role.COORDINATOR, is_active=False)
    fresh = make.user(town, Role.VOLUNTEER)
    db.get(User, fresh.id).password_hash = None  # a login without a password yet
    db.commit()
    staff = make.user(town, Role.COORDINATOR)
    calls = []
    real = password_module._hasher

    class Counting:
        """The real hasher, counting its checks."""

        def hash(self, password):
            return real.hash(password)

        def verify(self, stored, password):
            calls.append(stored)
            return real.verify(stored, password)

    monkeypatch.setattr(password_module, "_hasher", Counting())
    pages = {}
    for name, email, password in (("unknown", "ingen@test.example", WRONG),
                                  ("citizen", citizen.email, make.PASSWORD),
                                  ("disabled", disabled.email, make.PASSWORD),
                                  ("no password", fresh.email, WRONG),
                                  ("staff", staff.email, WRONG)):
        calls.clear()
        auth = Auth(_client(app, f"10.0.0.{len(pages) + 1}"))
        response = auth.post("/login", {"email": email, "password": password})
        assert len(calls) == 1, name  # one argon2 check, whoever the account is
        assert response.status_code == 200, name
        pages[name] = _strip(response, email)
    import difflib

    first = pages["unknown"]
    for name, page in pages.items():
        assert page == first, (name, list(difflib.unified_diff(
            first.splitlines(), page.splitlines(), lineterm="", n=0)))


def test_a_stranger_guessing_slows_only_themselves(app, make, db):
    user = make.user(make.municipality(), Role.COORDINATOR)
    stranger = Auth(_client(app, STRANGER))
    codes = [stranger.login(user, password=WRONG).status_code for _ in range(30)]
    assert codes[:5] == [200] * 5 and set(codes[5:]) == {429}
    assert stranger.login(user).status_code == 429  # even the right password waits there
    owner = Auth(_client(app, OWNER))
    assert owner.login(user).status_code == 302  # the owner is never locked out


def test_waits_grow_and_end_no_lock_for_good(app, make):
    user = make.user(make.municipality(), Role.COORDINATOR)
    with time_machine.travel(utcnow(), tick=False) as clock:
        auth = Auth(_client(app, STRANGER))
        for _ in range(5):
            auth.login(user, password=WRONG)
        waits = []
        for _ in range(4):
            page = auth.login(user, password=WRONG)
            assert page.status_code == 429, page.get_data(as_text=True)[-1500:]
            n, unit = re.search(r"Vent (\d+) (sekunder|minutter)", page.get_data(as_text=True)
                                ).groups()
            seconds = int(n) * (60 if unit == "minutter" else 1)
            waits.append(seconds)
            clock.shift(timedelta(seconds=seconds + 1))
            assert auth.login(user, password=WRONG).status_code == 200  # a try is let through
        assert waits == sorted(waits) and waits[-1] > waits[0]
        clock.shift(timedelta(minutes=16))  # the longest wait is the counting window
        assert auth.login(user).status_code == 302


def test_one_address_trying_many_accounts_is_slowed(app, make):
    town = make.municipality()
    users = [make.user(town, Role.VOLUNTEER) for _ in range(22)]
    auth = Auth(_client(app, STRANGER))
    codes = [auth.login(u, password=WRONG).status_code for u in users]
    assert codes[:20] == [200] * 20 and codes[20:] == [429, 429]
    assert Auth(_client(app, OWNER)).login(users[-1]).status_code == 302


def test_a_password_reset_lifts_every_throttle(app, make, db, smtp):
    user = make.user(make.municipality(), Role.VOLUNTEER)
    shared = Auth(_client(app, STRANGER))  # the owner behind the same address as a guesser
    for _ in range(8):
        shared.login(user, password=WRONG)
    assert shared.login(user).status_code == 429
    shared.post("/password/forgot", {"email": user.email})
    path, _body = _link(smtp.wait(1)[0])
    new = "blå-tromme-sommer-hest-42"
    assert shared.post(path, {"password": new, "again": new}).status_code == 302
    assert db.exec(select(LoginAttempt).where(LoginAttempt.email == user.email)).all() == []
    assert shared.login(user, password=new).status_code == 302


@pytest.fixture
def limited(db_url, tmp_path):
    """Build an app with rate limits on, optionally behind ``proxies`` trusted proxies."""
    apps = []

    def build(proxies=0):
        config = {"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": db_url,
                  "RATELIMIT_ENABLED": True, "INSTANCE_PATH": str(tmp_path / f"rl{len(apps)}"),
                  "PHOTO_DIR": str(tmp_path / "p")}
        if proxies:
            config["PROXY_COUNT"] = proxies
        apps.append(create_app(config))
        return apps[-1]

    yield build
    for app in apps:
        app.extensions["engine"].dispose()


def _via(client, url, data, forwarded):
    """Post a form with a valid token, as if through a proxy that says who sent it."""
    page = client.get(url, headers={"X-Forwarded-For": forwarded}).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    return client.post(url, data={**data, "csrf_token": token},
                       headers={"X-Forwarded-For": forwarded})


def test_forwarded_addresses_are_ignored_unless_proxies_are_configured(limited, make, db):
    make.municipality("stevns", "Stevns")
    plain = limited().test_client()
    codes = [_via(plain, URL, {**GOOD, "email": f"p{i}@example.dk"}, f"192.0.2.{i}").status_code
             for i in range(6)]
    assert codes == [302] * 5 + [429]  # a visitor cannot pick their own address
    proxied = limited(proxies=1).test_client()
    codes = [_via(proxied, URL, {**GOOD, "email": f"q{i}@example.dk"}, f"192.0.2.{i}").status_code
             for i in range(8)]
    assert codes == [302] * 8  # behind the proxy, each visitor counts alone
    _via(proxied, "/login", {"email": "x@test.example", "password": WRONG}, "192.0.2.77")
    db.expire_all()
    assert db.exec(select(LoginAttempt.address)).all() == ["192.0.2.77"]


def test_a_sign_up_sent_back_for_a_typo_does_not_count(limited, make):
    make.municipality("stevns", "Stevns")
    client = limited().test_client()
    auth = Auth(client)
    typos = [auth.post(URL, {**GOOD, "email": "ikke-en-adresse"}).status_code for _ in range(6)]
    assert typos == [400] * 6
    codes = [auth.post(URL, {**GOOD, "email": f"p{i}@example.dk"}).status_code for i in range(5)]
    assert codes == [302] * 5
    typed = {**GOOD, "name": "Birthe Blåbær", "motivation": "Jeg har tid om tirsdagen."}
    refused = auth.post(URL, typed)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "Birthe Blåbær" in page and "Jeg har tid om tirsdagen." in page  # nothing lost
    assert "prøv igen om en time" in page
