"""Every form of the journey by keyboard alone: Tab, typing, arrows, Space and Enter; no clicks."""
import re

import pytest
from playwright.sync_api import expect

from seed.demo import DEMO_PASSWORD

from .conftest import PHONE, citizen_link, new_page

pytestmark = pytest.mark.browser
MAX_TABS = 60


def tab_to(page, target) -> None:
    """Press Tab until ``target`` has the focus, and check that the focus can be seen."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            outline = target.evaluate("el => getComputedStyle(el).outlineStyle")
            assert outline != "none", "the focused element shows no outline"
            return
    raise AssertionError(f"{target} cannot be reached with Tab")


def type_into(page, target, text: str) -> None:
    """Tab to a field and type into it."""
    tab_to(page, target)
    page.keyboard.type(text)


def test_sign_up_by_keyboard(browser, live_app):
    page = new_page(browser, live_app, viewport=PHONE)
    page.goto("/m/stevns/bliv-rollemodel")
    type_into(page, page.get_by_label("Dit navn"), "Karin Vestergaard")
    type_into(page, page.get_by_label("E-mail"), "karin@e2e.example")
    type_into(page, page.get_by_label("Telefon"), "31 32 33 34")
    type_into(page, page.get_by_label("By, hvor du bor"), "Rødvig")
    page.keyboard.press("Escape")  # close the town suggestions
    type_into(page, page.get_by_label(re.compile("Et par ord om")), "Jeg har tid og lyst.")
    tab_to(page, page.get_by_label(re.compile("Jeg giver lov")))  # the hidden robot field is skipped
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Meld dig"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/tak$"))


def keyboard_login(page, email: str, password: str) -> None:
    """Log in on the login page with the keyboard only."""
    page.goto("/login")
    type_into(page, page.get_by_label("E-mail"), email)
    type_into(page, page.get_by_label("Adgangskode"), password)
    page.keyboard.press("Enter")


def test_login_and_meeting_log_by_keyboard(browser, live_app):
    page = new_page(browser, live_app, viewport=PHONE)
    keyboard_login(page, "poul@stevns.example", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Hej Poul")).to_be_visible()
    tab_to(page, page.get_by_role("link", name="Registrér et møde"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Møde med"))).to_be_visible()
    tab_to(page, page.get_by_label("Dato"))  # today is already filled in
    tab_to(page, page.get_by_label("Mødtes", exact=True))
    page.keyboard.press("ArrowDown")  # radio buttons move with the arrow keys
    expect(page.get_by_label("Telefon eller video")).to_be_checked()
    tab_to(page, page.get_by_label("Hvor længe"))
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Hvor længe")).to_have_value("45")
    type_into(page, page.get_by_label(re.compile("Privat note")), "Snakkede om køreskolen.")
    tab_to(page, page.get_by_role("button", name="Gem", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Tak — mødet er registreret.")).to_be_visible()


def test_choice_by_keyboard(browser, live_app):
    page = new_page(browser, live_app, viewport=PHONE)
    page.goto(citizen_link(live_app, "Freja Sørensen"))
    tab_to(page, page.get_by_role("button", name="Log ind"))
    page.keyboard.press("Enter")  # with suggestions waiting, the login lands on them
    expect(page.get_by_role("heading", name="Vælg din rollemodel")).to_be_visible()
    choice = page.get_by_role("link", name=re.compile("^Vælg ")).nth(1)
    name = choice.inner_text().removeprefix("Vælg ")
    tab_to(page, choice)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name=f"Ja, jeg vælger {name}"))
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", name="Din rollemodel")).to_be_visible()
    expect(page.get_by_text(name).first).to_be_visible()
