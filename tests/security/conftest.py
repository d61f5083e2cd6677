"""Fixtures for the security tests: two municipalities, a real SMTP server, TOTP codes."""
import socket
import threading

import pyotp
import pytest
from aiosmtpd.controller import Controller

from models import Role

from ..conftest import Auth


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        """Store the message and tell waiting tests."""
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        self.arrived.set()
        return "250 OK"

    def wait(self, count=1, timeout=20):
        """Wait until ``count`` messages have arrived (or give up after ``timeout``)."""
        while len(self.messages) < count:
            self.arrived.clear()
            if not self.arrived.wait(timeout):
                break
        return self.messages


def _free_port() -> int:
    """Ask the system for a free local port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(app):
    """A real SMTP server on a free local port, wired into the app's config."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_BACKEND="smtp")
    yield inbox
    controller.stop()


@pytest.fixture
def two_towns(make):
    """Two municipalities with a coordinator, a volunteer (with login) and a citizen each."""
    made = {}
    for slug in ("stevns", "hedensted"):
        town = make.municipality(slug, slug.title())
        vol_user = make.user(town, Role.VOLUNTEER, name=f"Vera Markør{slug.title()}")
        cit_user = make.user(town, Role.CITIZEN, name=f"Cille Markør{slug.title()}")
        made[slug] = {
            "town": town,
            "coordinator": make.user(town, Role.COORDINATOR, name=f"Koordinator {slug.title()}"),
            "volunteer_user": vol_user,
            "volunteer": make.volunteer(town, user=vol_user, name=f"Vera Markør{slug.title()}"),
            "citizen_user": cit_user,
            "citizen": make.citizen(town, user=cit_user, name=f"Cille Markør{slug.title()}"),
        }
    return made


def login_as(app, user):
    """Return a fresh client logged in as ``user`` (citizens through a session, like a link)."""
    client = app.test_client()
    if user.role == Role.CITIZEN:
        with client.session_transaction() as sess:
            from models import utcnow

            sess["_user_id"] = user.get_id()
            sess["_fresh"] = True
            sess["login_at"] = utcnow().timestamp()
            sess.permanent = True
        return client
    response = Auth(client).login(user)
    assert response.status_code == 302, "login failed"
    return client


def totp_code(secret, offset=0):
    """Return the TOTP code of ``secret`` for the current step (+ ``offset`` steps)."""
    totp = pyotp.TOTP(secret)
    from models import utcnow

    return totp.generate_otp(totp.timecode(utcnow()) + offset)
