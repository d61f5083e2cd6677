"""The second factor: set-up with a QR code, a code at every login, no replays, rate limits."""
import re

import pyotp

from models import Role, User

from .conftest import opened, sealed, totp_code


def _turn_on(auth, client, db, user):
    """Turn TOTP on for the logged-in ``user`` through the set-up page; return the secret."""
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "<svg" in page  # the QR code
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    assert auth.post("/account/two-factor", {"code": "000000" if totp_code(secret) != "000000"
                                             else "111111"}).status_code == 400
    db.expire_all()
    assert db.get(User, user.id).totp_secret is None  # a wrong code saves nothing
    response = auth.post("/account/two-factor", {"code": totp_code(secret)})
    assert response.status_code == 302
    db.expire_all()
    stored = db.get(User, user.id).totp_secret
    assert secret not in stored and opened(auth.client.application, stored) == secret
    return secret


def test_coordinator_turns_on_totp_and_then_needs_a_code(client, auth, make, db):
    user = make.user(make.municipality(), Role.COORDINATOR)
    auth.login(user)
    secret = _turn_on(auth, client, db, user)
    auth.logout()
    response = auth.login(user)
    assert response.headers["Location"].endswith("/login/code")
    assert client.get("/coordinator").status_code == 302  # the password alone is not enough
    wrong = auth.post("/login/code", {"code": "12345"})
    assert wrong.status_code == 200 and "Koden er forkert" in wrong.get_data(as_text=True)
    assert auth.post("/login/code", {"code": totp_code(secret, 1)}).status_code == 302
    assert client.get("/coordinator").status_code == 200


def test_a_code_works_only_once(client, auth, make, db):
    user = make.user(make.municipality(), Role.COORDINATOR)
    secret = pyotp.random_base32()
    db.get(User, user.id).totp_secret = sealed(client.application, secret)
    db.commit()
    code = totp_code(secret)
    auth.login(user)
    assert auth.post("/login/code", {"code": code}).status_code == 302
    auth.logout()
    auth.login(user)
    assert auth.post("/login/code", {"code": code}).status_code == 200  # replay refused
    assert client.get("/coordinator").status_code == 302


def test_code_guessing_is_rate_limited(client, auth, make, db):
    user = make.user(make.municipality(), Role.COORDINATOR)
    secret = pyotp.random_base32()
    db.get(User, user.id).totp_secret = sealed(client.application, secret)
    db.commit()
    auth.login(user)
    for _ in range(5):
        auth.post("/login/code", {"code": "000001"})
    response = auth.post("/login/code", {"code": totp_code(secret)})
    assert response.status_code == 429
    assert client.get("/coordinator").status_code == 302


def test_the_code_page_needs_a_right_password_first(client, auth, make):
    response = client.get("/login/code")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_volunteers_cannot_reach_the_set_up(client, auth, make):
    user = make.user(make.municipality(), Role.VOLUNTEER)
    auth.login(user)
    assert client.get("/account/two-factor").status_code == 403


def test_turning_off_needs_a_current_code(client, auth, make, db):
    user = make.user(make.municipality(), Role.COORDINATOR)
    auth.login(user)
    secret = _turn_on(auth, client, db, user)
    assert auth.post("/account/two-factor/off", {"code": "999999"}).status_code == 400
    db.expire_all()
    assert opened(client.application, db.get(User, user.id).totp_secret) == secret
    assert auth.post("/account/two-factor/off", {"code": totp_code(secret, 1)}).status_code == 302
    db.expire_all()
    assert db.get(User, user.id).totp_secret is None
