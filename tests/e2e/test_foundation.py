"""The foundation's pages, as people see them: log in, overview, admin, a citizen's link."""
import re

import pytest

from seed.demo import DEMO_PASSWORD

from .conftest import DESK, PHONE, check_accessibility, login, new_page

pytestmark = pytest.mark.browser


def test_coordinator_logs_in_and_makes_a_citizen_link(browser, live_app):
    page = new_page(browser, live_app, viewport=DESK)
    page.goto("/login")
    check_accessibility(page, "login")
    login(page, "koordinator@stevns.example", DEMO_PASSWORD)
    assert page.get_by_role("heading", name="Overblik").is_visible()
    check_accessibility(page, "coordinator-home")
    page.goto("/citizens/")  # the overview lists only who waits; Sara is matched
    page.get_by_role("link", name=re.compile("Sara")).first.click()
    page.get_by_role("button", name="Lav login-link").click()
    link = page.locator("#link").input_value()
    check_accessibility(page, "citizen-login-link")
    assert "/l/" in link

    phone = new_page(browser, live_app, viewport=PHONE)
    phone.goto(link)
    check_accessibility(phone, "citizen-link-login")
    phone.get_by_role("button", name="Log ind").click()
    assert phone.get_by_role("heading", name=re.compile("Hej Sara")).is_visible()
    check_accessibility(phone, "citizen-home")


def test_admin_page_and_english(browser, live_app):
    page = new_page(browser, live_app, viewport=DESK)
    login(page, "admin@rollemodel.example", DEMO_PASSWORD)
    assert page.get_by_role("heading", name="Administration").is_visible()
    check_accessibility(page, "admin")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="Municipalities").is_visible()


def test_pages_fit_a_320px_screen(browser, live_app):
    page = new_page(browser, live_app, viewport={"width": 320, "height": 640})
    login(page, "koordinator@stevns.example", DEMO_PASSWORD)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
