"""A shorter journey with the language switched to English: the coordinator, then a young person."""
import re

import pytest
from playwright.sync_api import expect

from seed.demo import DEMO_PASSWORD

from .conftest import DESK, PHONE, check_accessibility, citizen_link, login, new_page

pytestmark = pytest.mark.browser


def test_coordinator_and_young_person_in_english(browser, live_app):
    desk = new_page(browser, live_app, viewport=DESK, locale="en-GB")
    login(desk, "koordinator@stevns.example", DEMO_PASSWORD)
    desk.get_by_role("button", name="English").click()
    expect(desk.get_by_role("heading", name="Overview")).to_be_visible()
    expect(desk.get_by_role("heading", name="Pairs that need you")).to_be_visible()
    expect(desk.get_by_role("link", name="Young people")).to_be_visible()
    check_accessibility(desk, "coordinator-home-en")
    desk.get_by_role("link", name="Proposals").click()
    expect(desk.get_by_role("heading", name="Proposals")).to_be_visible()
    desk.get_by_role("link", name="Matches").click()
    expect(desk.get_by_text("On track").first).to_be_visible()
    check_accessibility(desk, "matches-en")

    phone = new_page(browser, live_app, viewport=PHONE, locale="en-GB")
    phone.goto(citizen_link(live_app, "Emma Jensen"))
    phone.get_by_role("button", name="English").click()  # before logging in: the link still works
    phone.get_by_role("button", name="Log in").click()
    # The choice made before logging in is kept after it, and with suggestions waiting the
    # young person lands on them straight away.
    expect(phone.get_by_role("heading", name="Choose your role model")).to_be_visible()
    expect(phone.get_by_text("Why we think you fit").first).to_be_visible()
    check_accessibility(phone, "citizen-choice-en")
    first = phone.get_by_role("link", name=re.compile("^Choose ")).first
    name = first.inner_text().removeprefix("Choose ")
    first.click()
    expect(phone.get_by_role("heading", name=f"Do you want {name} as your role model?")).to_be_visible()
    phone.get_by_role("button", name=f"Yes, I choose {name}").click()
    expect(phone.get_by_role("heading", name="Your role model")).to_be_visible()
    expect(phone.get_by_text(f"You chose {name}.")).to_be_visible()
