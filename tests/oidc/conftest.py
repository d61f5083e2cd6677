"""A real OpenID Connect provider on the loopback, in its own process, for the sign-in tests.

Its own process, so that moving the app's clock (time-machine) never moves the provider's."""
import os
import subprocess
import sys
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests

from models import LoginToken, MunicipalLogin, Role, utcnow
from web.accounts.oidc import encrypt_secret
from web.accounts.tokens import token_hash

from ..scheduling.conftest import free_port

TOKEN_SECONDS = 120  # how long the provider's ID tokens are valid


class Provider:
    """The running provider: its issuer, and the browser's part of a sign-in at it."""

    def __init__(self, port: int):
        self.issuer = f"http://127.0.0.1:{port}"

    def approve(self, location: str, sub: str) -> str:
        """Sign in at the provider as ``sub`` (as a person would on its page); return the
        path and query it sends the browser back to."""
        page = requests.get(location, timeout=10)
        assert page.status_code == 200, page.text
        back = requests.post(location, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert back.status_code in (302, 303), back.text
        parts = urlsplit(back.headers["Location"])
        return f"{parts.path}?{parts.query}"

    def deny(self, location: str) -> str:
        """Press the provider's *Deny*; return where it sends the browser back to."""
        back = requests.post(location, data={"action": "deny"}, allow_redirects=False,
                             timeout=10)
        parts = urlsplit(back.headers["Location"])
        return f"{parts.path}?{parts.query}"

    def tamper_next_token(self) -> None:
        """Make the next ID token arrive with claims changed after it was signed."""
        requests.post(f"{self.issuer}/_test/tamper", data={"mode": "claims"}, timeout=10)


@pytest.fixture(scope="session")
def provider():
    """Start oidc-provider-mock (with the PKCE check in front) and wait until it answers."""
    port = free_port()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen([sys.executable, "-m", "tests.oidc.provider", str(port),
                             str(TOKEN_SECONDS)], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    found = Provider(port)
    try:
        for _ in range(200):
            try:
                if requests.get(f"{found.issuer}/.well-known/openid-configuration",
                                timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        else:
            raise RuntimeError("the OpenID Connect provider did not start")
        yield found
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def mitid(app, provider):
    """The app with MitID set up against the test provider."""
    app.config.update(MITID_ISSUER=provider.issuer, MITID_CLIENT_ID="rollemodel-mitid",
                      MITID_CLIENT_SECRET="mitid-secret")
    return provider


@pytest.fixture
def municipal_login(app, db, provider):
    """Give a municipality its own login at the test provider."""
    def setup(municipality):
        with app.app_context():
            secret = encrypt_secret(f"secret-{municipality.slug}")
        db.add(MunicipalLogin(municipality_id=municipality.id, issuer=provider.issuer,
                              client_id=f"rollemodel-{municipality.slug}",
                              client_secret_encrypted=secret))
        db.commit()
    return setup


@pytest.fixture
def young(make, town, db):
    """A young person with a login account and a fresh single-use link."""
    user = make.user(town, Role.CITIZEN, email=None)
    user.password_hash = None
    citizen = make.citizen(town, user=user)
    db.add(LoginToken(municipality_id=town.id, user_id=user.id, token_hash=token_hash("link-1"),
                      expires_at=utcnow() + timedelta(hours=72)))
    db.commit()
    return citizen, user


def redirect_to_provider(response) -> str:
    """The provider address a start of sign-in sends the browser to."""
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]
