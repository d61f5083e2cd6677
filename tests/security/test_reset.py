"""Password reset by e-mail: no account enumeration, single use, expiry, hashed tokens."""
import re

from sqlmodel import select

from models import Role, User, utcnow
from models.security import PasswordReset

NEW = "blå-tromme-sommer-hest-42"


def _link(message):
    """Pull the reset path out of an e-mail."""
    import email

    body = email.message_from_string(message).get_payload(decode=True).decode()
    return re.search(r"https?://[^\s]+(/password/reset/[^\s]+)", body).group(1), body


def test_unknown_and_known_addresses_get_the_same_answer(client, auth, make, smtp):
    user = make.user(make.municipality(), Role.COORDINATOR)
    unknown = auth.post("/password/forgot", {"email": "nobody@test.example"})
    known = auth.post("/password/forgot", {"email": user.email.upper()})
    strip = lambda r: re.sub(r'value="[^"]+"', "", r.get_data(as_text=True))  # noqa: E731
    assert unknown.status_code == known.status_code == 200
    assert strip(unknown) == strip(known)
    messages = smtp.wait(1)
    assert len(messages) == 1 and user.email in messages[0]


def test_reset_link_works_once_and_ends_old_sessions(app, client, auth, make, smtp, db):
    user = make.user(make.municipality(), Role.VOLUNTEER)
    other = app.test_client()
    from ..conftest import Auth

    Auth(other).login(user)
    assert other.get("/volunteer").status_code == 200
    auth.post("/password/forgot", {"email": user.email})
    path, body = _link(smtp.wait(1)[0])
    assert user.name not in body  # the mail says nothing about the account
    token = path.rsplit("/", 1)[1]
    stored = db.exec(select(PasswordReset)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert client.get(path).status_code == 200  # a link preview changes nothing
    weak = auth.post(path, {"password": "123", "again": "123"})
    assert weak.status_code == 400 and "Brug mindst 10 tegn" in weak.get_data(as_text=True)
    assert auth.post(path, {"password": NEW, "again": NEW}).status_code == 302
    assert other.get("/volunteer").status_code == 302  # the thief's session is gone
    assert auth.login(user, password=NEW).status_code == 302
    auth.logout()
    assert client.get(path).status_code == 410


def test_expired_link_is_refused(client, auth, make, smtp, db):
    user = make.user(make.municipality(), Role.COORDINATOR)
    auth.post("/password/forgot", {"email": user.email})
    path, _ = _link(smtp.wait(1)[0])
    row = db.exec(select(PasswordReset)).one()
    row.expires_at = utcnow().replace(year=2020)
    db.commit()
    assert auth.post(path, {"password": NEW, "again": NEW}).status_code == 410
    db.expire_all()
    assert db.get(User, user.id).password_hash == make.password_hash()


def test_citizens_and_disabled_accounts_get_no_mail(client, auth, make, smtp, db):
    town = make.municipality()
    citizen = make.user(town, Role.CITIZEN)
    disabled = make.user(town, Role.COORDINATOR, is_active=False)
    for user in (citizen, disabled):
        assert auth.post("/password/forgot", {"email": user.email}).status_code == 200
    assert db.exec(select(PasswordReset)).all() == []


def test_forged_token_is_refused(client):
    assert client.get("/password/reset/not-a-real-token").status_code == 410
