"""Young people and MitID, against a real OpenID Connect provider on the loopback: the link
binds the first MitID login, then MitID logs in; every broken answer is refused."""
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import requests
import time_machine
from sqlmodel import select

from models import ExternalLogin, LoginToken, utcnow
from web.accounts.tokens import token_hash

from ..conftest import csrf_token
from .conftest import redirect_to_provider


def _link_login(client):
    """Log the young person in with the coordinator's single-use link."""
    response = client.post("/l/link-1", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302


def _connect(client, auth, mitid, sub):
    """Press "Use MitID next time" and sign in at the provider as ``sub``."""
    location = redirect_to_provider(auth.post("/account/logins/mitid/connect"))
    return client.get(mitid.approve(location, sub))


def _mitid_login(client, mitid, sub):
    """Log in with MitID as ``sub``; return the callback's response."""
    return client.get(mitid.approve(redirect_to_provider(client.get("/login/mitid")), sub))


def _logged_in(client) -> bool:
    """Tell whether the client's session is logged in."""
    return client.get("/").headers.get("Location", "").endswith("/login") is False and \
        client.get("/account/logins/").status_code == 200


def test_link_binds_mitid_then_mitid_logs_in(client, auth, db, mitid, young):
    citizen, user = young
    _link_login(client)
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Brug MitID næste gang" in home
    location = redirect_to_provider(auth.post("/account/logins/mitid/connect"))
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0] and query["client_id"] == ["rollemodel-mitid"]
    done = client.get(mitid.approve(location, "pseudonym-4711"))
    assert done.status_code == 302
    row = db.exec(select(ExternalLogin)).one()
    assert (row.user_id, row.provider, row.issuer, row.subject) == (
        user.id, "mitid", mitid.issuer, "pseudonym-4711")
    assert "Brug MitID næste gang" not in client.get("/", follow_redirects=True).get_data(
        as_text=True)
    auth.logout()

    assert "Log ind med MitID" in client.get("/login").get_data(as_text=True)
    response = _mitid_login(client, mitid, "pseudonym-4711")
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert _logged_in(client)
    db.expire_all()
    assert db.exec(select(ExternalLogin)).one().last_used_at is not None


def test_the_link_stays_as_fallback(client, auth, db, mitid, young, town):
    citizen, user = young
    _link_login(client)
    _connect(client, auth, mitid, "pseudonym-1")
    auth.logout()
    db.add(LoginToken(municipality_id=town.id, user_id=user.id, token_hash=token_hash("link-2"),
                      expires_at=utcnow() + timedelta(hours=72)))
    db.commit()
    assert client.post("/l/link-2", data={"csrf_token": csrf_token(client)}).status_code == 302
    assert _logged_in(client)


def test_unknown_mitid_is_refused_with_the_way_in(client, mitid, young):
    response = _mitid_login(client, mitid, "never-bound")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Dit MitID er ikke koblet til Rollemodel endnu" in page
    assert not _logged_in(client)


def test_wrong_state_is_refused(client, auth, mitid, young):
    _link_login(client)
    _connect(client, auth, mitid, "pseudonym-9")
    auth.logout()
    back = mitid.approve(redirect_to_provider(client.get("/login/mitid")), "pseudonym-9")
    parts = urlsplit(back)
    query = parse_qs(parts.query)
    forged = f"{parts.path}?code={query['code'][0]}&state=forged-state"
    response = client.get(forged)
    assert response.status_code == 400
    assert "ikke startet i denne browser" in response.get_data(as_text=True)
    assert not _logged_in(client)


def test_replayed_code_is_refused(client, auth, mitid, young):
    _link_login(client)
    _connect(client, auth, mitid, "pseudonym-5")
    auth.logout()
    back = mitid.approve(redirect_to_provider(client.get("/login/mitid")), "pseudonym-5")
    assert client.get(back).status_code == 302
    auth.logout()
    assert client.get(back).status_code == 400  # the same answer again: its state is used up
    assert not _logged_in(client)
    # The old code under a fresh state of our own: the provider refuses a code used once.
    fresh = redirect_to_provider(client.get("/login/mitid"))
    state = parse_qs(urlsplit(fresh).query)["state"][0]
    code = parse_qs(urlsplit(back).query)["code"][0]
    response = client.get(f"/login/oidc/callback?code={code}&state={state}")
    assert response.status_code == 400
    assert "Login-tjenesten godkendte ikke" in response.get_data(as_text=True)
    assert not _logged_in(client)


def test_bad_signature_is_refused(client, auth, db, mitid, young):
    _link_login(client)
    _connect(client, auth, mitid, "pseudonym-7")
    auth.logout()
    back = mitid.approve(redirect_to_provider(client.get("/login/mitid")), "pseudonym-7")
    mitid.tamper_next_token()
    response = client.get(back)
    assert response.status_code == 400
    assert "kunne ikke stoles på" in response.get_data(as_text=True)
    assert not _logged_in(client)


def test_expired_token_is_refused(client, auth, mitid, young):
    _link_login(client)
    _connect(client, auth, mitid, "pseudonym-8")
    auth.logout()
    back = mitid.approve(redirect_to_provider(client.get("/login/mitid")), "pseudonym-8")
    # The provider's ID tokens live two minutes; the answer reaches us five minutes later.
    with time_machine.travel(utcnow() + timedelta(minutes=5)):
        response = client.get(back)
    assert response.status_code == 400
    assert "kunne ikke stoles på" in response.get_data(as_text=True)
    assert not _logged_in(client)


def test_provider_checks_pkce(client, mitid, young):
    """Our client's verifier is what makes the code work: the provider refuses a wrong one."""
    location = redirect_to_provider(client.get("/login/mitid"))
    code = parse_qs(urlsplit(mitid.approve(location, "anyone")).query)["code"][0]
    token = requests.post(f"{mitid.issuer}/oauth2/token", data={
        "grant_type": "authorization_code", "code": code, "code_verifier": "x" * 50,
        "redirect_uri": "http://127.0.0.1:5000/login/oidc/callback",
        "client_id": "rollemodel-mitid", "client_secret": "mitid-secret"}, timeout=10)
    assert token.status_code == 400 and token.json()["error"] == "invalid_grant"


def test_cancelled_login_changes_nothing(client, mitid, young):
    back = mitid.deny(redirect_to_provider(client.get("/login/mitid")))
    response = client.get(back)
    assert response.status_code == 400
    assert "Login blev afbrudt" in response.get_data(as_text=True)


def test_a_mitid_bound_to_someone_else_is_not_taken_over(client, auth, db, make, town, mitid,
                                                          young):
    other = make.user(town, "citizen", email=None)
    db.add(ExternalLogin(user_id=other.id, provider="mitid", issuer=mitid.issuer,
                         subject="shared-pseudonym"))
    db.commit()
    _link_login(client)
    response = _connect(client, auth, mitid, "shared-pseudonym")
    assert response.status_code == 409
    assert db.exec(select(ExternalLogin)).one().user_id == other.id


def test_without_settings_there_is_no_mitid(client, young):
    assert "MitID" not in client.get("/login").get_data(as_text=True)
    assert client.get("/login/mitid").status_code == 404


def test_copy_of_my_data_shows_the_pseudonym_and_erasure_removes_it(client, auth, db, make,
                                                                     town, mitid, young):
    citizen, user = young
    _link_login(client)
    _connect(client, auth, mitid, "pseudonym-gdpr")
    copy = client.get("/my-data.json").get_json()
    assert copy["logins"][0]["subject"] == "pseudonym-gdpr"
    auth.logout()
    from models.erasure import erase_citizen

    erase_citizen(db, db.get(type(citizen), citizen.id))
    db.commit()
    assert db.exec(select(ExternalLogin)).first() is None
    assert _mitid_login(client, mitid, "pseudonym-gdpr").status_code == 403
