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


def sealed(app, secret: str) -> str:
    """A TOTP secret as the database keeps it (encrypted with the app's key)."""
    from web.accounts.two_factor import seal_totp

    with app.app_context():
        return seal_totp(secret)


def opened(app, stored: str) -> str | None:
    """The TOTP secret behind what the database keeps."""
    from web.accounts.oidc import decrypt_secret

    with app.app_context():
        return decrypt_secret(stored)


def totp_code(secret, offset=0):
    """Return the TOTP code of ``secret`` for the current step (+ ``offset`` steps)."""
    totp = pyotp.TOTP(secret)
    from models import utcnow

    return totp.generate_otp(totp.timecode(utcnow()) + offset)


@pytest.fixture
def world(make, two_towns):
    """Two municipalities, each with a match, a meeting, an event, a proposal and a hotline question."""
    from datetime import date, timedelta

    from models import (
        Event, EventInvite, EventKind, FundApplication, FundBudget, HotlineRequest,
        LearningTopic, Match, Meeting, Proposal, ProposalOption, ProposalStatus, TopicVote, today,
        utcnow,
    )

    for slug, town in two_towns.items():
        tid, marker = town["town"].id, f"Markør{slug.title()}"
        spare = make.volunteer(town["town"], name=f"Sune {marker}")
        match = make._save(Match(municipality_id=tid, citizen_id=town["citizen"].id,
                                 volunteer_id=town["volunteer"].id, started_on=date(2025, 1, 6)))
        proposal = make._save(Proposal(municipality_id=tid, citizen_id=town["citizen"].id,
                                       status=ProposalStatus.OPEN, sent_at=utcnow(),
                                       expires_at=utcnow() + timedelta(days=7)))
        event = make._save(Event(municipality_id=tid, kind=EventKind.LEARNING,
                                 title=f"Læringsmøde {marker}", starts_at=utcnow() + timedelta(days=9)))
        town.update(
            marker=marker, spare=spare, match=match, proposal=proposal, event=event,
            meeting=make._save(Meeting(municipality_id=tid, match_id=match.id,
                                       volunteer_id=town["volunteer"].id, held_on=date.today())),
            option=make._save(ProposalOption(municipality_id=tid, proposal_id=proposal.id,
                                             volunteer_id=spare.id)),
            invite=make._save(EventInvite(municipality_id=tid, event_id=event.id,
                                          volunteer_id=town["volunteer"].id)),
            hotline=make._save(HotlineRequest(municipality_id=tid, volunteer_id=town["volunteer"].id,
                                              text=f"Hjælp {marker}")),
            budget=make._save(FundBudget(municipality_id=tid, year=today().year, amount=5000)),
            application=make._save(FundApplication(
                municipality_id=tid, volunteer_id=town["volunteer"].id, purpose="gym", amount=300,
                description=f"Træningskort {marker}")),
            topic=make._save(LearningTopic(municipality_id=tid, title=f"Emne {marker}",
                                           suggested_by_id=town["volunteer"].id)),
        )
        make._save(TopicVote(municipality_id=tid, topic_id=town["topic"].id,
                             volunteer_id=town["volunteer"].id))
    return two_towns


def object_ids(town) -> dict:
    """Map URL argument names to this town's objects' ids and values."""
    return {
        "citizen_id": town["citizen"].id, "volunteer_id": town["volunteer"].id,
        "match_id": town["match"].id, "meeting_id": town["meeting"].id,
        "event_id": town["event"].id, "invite_id": town["invite"].id,
        "proposal_id": town["proposal"].id, "option_id": town["option"].id,
        "request_id": town["hotline"].id, "user_id": town["volunteer_user"].id,
        "application_id": town["application"].id, "topic_id": town["topic"].id,
        "slug": town["town"].slug, "token": "t" * 32, "answer": "yes",
        "kind": "volunteers", "name": "cadence",
    }


def url_for_rule(rule, ids) -> str | None:
    """Fill a URL rule's arguments from ``ids`` (unknown numbers get an id nobody has)."""
    values = {}
    for arg in rule.arguments:
        if arg in (rule.defaults or {}):
            continue
        values[arg] = ids.get(arg, 987654)
    try:
        return rule.build(values, append_unknown=False)[1]
    except Exception:
        return None


def csrf_of(client) -> str:
    """Return the CSRF token of ``client``'s session (minted once, reused for its posts)."""
    import re

    for path in ("/", "/login"):
        page = client.get(path, follow_redirects=True).get_data(as_text=True)
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        if found:
            return found.group(1)
    raise AssertionError("no CSRF token found")
