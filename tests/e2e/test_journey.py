"""The whole journey in Danish, as its people see it: sign-up to a pair on track, with e-mail."""
import re

import pytest
from playwright.sync_api import expect

from seed.demo import DEMO_PASSWORD

from .conftest import DESK, PHONE, check_accessibility, login, new_page, run_scheduler
from .pairing import (
    choose, first_login, log_meeting, plan_learning_meeting, propose, register_citizen,
)
from .recruit import recruit, sign_up

pytestmark = pytest.mark.browser
METTE = "mette.holm@e2e.example"
COORDINATOR = "koordinator@stevns.example"


def _answer_link(message, answer: str) -> str:
    """Pull the one-click answer link out of an invitation e-mail."""
    body = message.get_content()
    return re.search(rf"(http\S+/invitations/\S+/{answer})\b", body).group(1)


def test_from_sign_up_to_a_pair_on_track(browser, live_app, inbox, tmp_path):
    public = new_page(browser, live_app, viewport=PHONE)
    sign_up(public, "Mette Holm", METTE)

    desk = new_page(browser, live_app, viewport=DESK)
    login(desk, COORDINATOR, DEMO_PASSWORD)
    check_accessibility(desk, "coordinator-home")
    password_link = recruit(desk, "Mette Holm", tmp_path)
    volunteer = new_page(browser, live_app, viewport=PHONE)
    first_login(volunteer, password_link, "cykel tømrer havnefront 42")
    desk.goto("/volunteers/?stage=active")
    desk.get_by_role("link", name="Mette Holm").first.click()
    expect(desk.locator("#ready-h + p .badge.ok")).to_be_visible()  # now she can be suggested
    register_citizen(desk, "Jonas Berg")
    citizen_link = propose(desk, "Mette Holm")

    citizen = new_page(browser, live_app, viewport=PHONE)
    choose(citizen, citizen_link, "Mette")

    log_meeting(volunteer, "Jonas")
    plan_learning_meeting(desk)

    stats = run_scheduler(live_app)
    assert stats["sent"] > 0 and stats["failed"] == 0
    mail = {m["Subject"]: m for m in inbox.to(METTE)}
    assert "Jeres forløb er startet" in mail, list(mail)
    invitation = next(m for s, m in mail.items() if s.startswith("Invitation"))
    for message in mail.values():  # the privacy wall: no names of the other person in a text
        assert "Jonas" not in message.get_content()

    volunteer.goto(_answer_link(invitation, "yes"))
    check_accessibility(volunteer, "invitation-answer")
    volunteer.get_by_role("button", name="Ja, jeg kommer").click()
    expect(volunteer.get_by_role("heading", name="Tak!")).to_be_visible()
    check_accessibility(volunteer, "invitation-answered")

    started = next(m for s, m in mail.items() if "startet" in s)
    link = re.search(r"http\S+", started.get_content()).group(0)
    stranger = new_page(browser, live_app, viewport=PHONE)
    stranger.goto(link)  # a link from an e-mail leads to the login page, never to content
    expect(stranger.get_by_role("heading", name="Log ind")).to_be_visible()

    desk.goto("/matches/")
    row = desk.locator("tr", has_text="Jonas Berg")
    assert "Mette Holm" in row.inner_text()
    assert row.locator(".badge.ok").inner_text() == "Til tiden"
    check_accessibility(desk, "matches")
    desk.goto("/coordinator")
    expect(desk.get_by_role("heading", name="Overblik")).to_be_visible()
    desk.goto("/reports/")
    check_accessibility(desk, "reports")
