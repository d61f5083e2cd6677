"""Journey steps from a young person's registration to a logged meeting."""
import re
from datetime import timedelta

from playwright.sync_api import expect

from models import today

from .conftest import check_accessibility


def register_citizen(page, name: str) -> None:
    """Register a young person who wants to become a carpenter, with their consent."""
    page.goto("/citizens/new")
    check_accessibility(page, "citizen-register")
    page.get_by_label("Fulde navn").fill(name)
    page.locator("#birth_year").fill("2004")
    page.locator("#gender").select_option("m")
    page.locator("#town").fill("Store Heddinge")
    page.locator("#phone").fill("40 50 60 70")
    page.locator("#interests").fill("fodbold, fiskeri")
    page.locator("#wishes").fill("tømrer")
    page.locator("#languages").fill("dansk")
    page.locator("input[name=availability][value=weekday_evening]").check()
    page.locator("input[name=legal_basis][value=consent]").check()
    page.get_by_label("Den unge har læst teksten og siger ja").check()
    page.get_by_role("button", name="Opret", exact=True).click()
    expect(page.get_by_text(f"{name} er oprettet.")).to_be_visible()
    check_accessibility(page, "citizen-detail")


def propose(page, volunteer: str) -> str:
    """Let the engine suggest role models, make sure ``volunteer`` is among them, send; return the link."""
    page.get_by_role("link", name="Find rollemodeller").click()
    page.get_by_role("button", name="Find rollemodeller").click()
    # The coordinator sees the young person's cards: first name and age, the fit in words.
    first_name = volunteer.split()[0]
    headings = page.locator("li.option h2").all_inner_texts()
    assert 2 <= len(headings) <= 3, headings
    expect(page.locator("li.option .fit").first).to_contain_text("match")
    if not any(h.startswith(first_name) for h in headings):
        first = page.locator("li.option").first
        first.locator("summary", has_text="Byt").click()
        first.get_by_label("Foreslå i stedet").select_option(label=re.compile(volunteer))
        first.get_by_label("Hvorfor byttes der?").fill("Hun var tømrer, som han gerne vil være.")
        first.get_by_role("button", name="Byt", exact=True).click()
    card = page.locator("li.option", has=page.locator("h2", has_text=first_name))
    expect(card).to_be_visible()
    # The score and the model wait behind Details.
    expect(card.get_by_text(re.compile("^Model$"))).to_be_hidden()
    card.locator("summary", has_text="Detaljer").click()
    expect(card.get_by_text(volunteer)).to_be_visible()
    assert page.locator("ul.reasons li").count() >= 2  # the engine says why, in words
    check_accessibility(page, "proposal")
    page.get_by_role("button", name=re.compile("^Send til")).click()
    check_accessibility(page, "proposal-sent")
    return page.locator("#link").input_value()


def choose(phone, link: str, first_name: str) -> None:
    """The young person opens their link on a phone and chooses ``first_name``."""
    phone.goto(link)
    phone.get_by_role("button", name="Log ind").click()  # lands on the suggestions at once
    expect(phone.get_by_role("heading", name="Vælg din rollemodel")).to_be_visible()
    check_accessibility(phone, "citizen-choice")
    phone.get_by_role("link", name=f"Vælg {first_name}").click()
    check_accessibility(phone, "citizen-confirm")
    phone.get_by_role("button", name=f"Ja, jeg vælger {first_name}").click()
    expect(phone.get_by_role("heading", name="Din rollemodel")).to_be_visible()
    check_accessibility(phone, "citizen-home-matched")


def first_login(phone, password_link: str, password: str) -> None:
    """The new role model chooses a password with their link and signs the duty of
    confidentiality, the last thing between them and a match."""
    phone.goto(password_link)
    check_accessibility(phone, "volunteer-choose-password")
    phone.get_by_label("Vælg en adgangskode").fill(password)
    phone.get_by_label("Den samme adgangskode igen").fill(password)
    phone.get_by_role("button", name="Gem adgangskode og log ind").click()
    phone.get_by_role("link", name="Læs og underskriv").click()
    expect(phone.get_by_role("heading", name="Tavshedserklæring", exact=True)).to_be_visible()
    check_accessibility(phone, "confidentiality-sign")
    phone.get_by_label("Jeg har læst tavshedserklæringen").check()
    phone.get_by_role("button", name="Underskriv").click()
    expect(phone.get_by_text("Du har underskrevet tavshedserklæringen.")).to_be_visible()
    expect(phone.get_by_role("link", name="Læs og underskriv")).to_have_count(0)


def log_meeting(phone, young: str) -> None:
    """The logged-in role model logs a first meeting with their young person."""
    phone.goto("/volunteer")
    expect(phone.get_by_text(young).first).to_be_visible()
    check_accessibility(phone, "volunteer-home")
    phone.get_by_role("link", name="Registrér et møde").click()
    expect(phone.get_by_label("Dato")).to_have_value(today().isoformat())  # met today
    phone.locator("input[name=form][value=activity]").check()
    phone.get_by_label("Hvor længe").select_option("90")
    phone.get_by_label(re.compile("Privat note")).fill("Vi så på tømrerlærepladser.")
    check_accessibility(phone, "meeting-log")
    phone.get_by_role("button", name="Gem", exact=True).click()
    expect(phone.get_by_text("Tak — mødet er registreret.")).to_be_visible()


def plan_learning_meeting(page) -> None:
    """Plan a learning meeting ten days ahead and invite every active role model."""
    page.goto("/events/new?kind=learning_meeting")
    page.get_by_label("Titel").fill("Læringsmøde: den første samtale")
    when = today() + timedelta(days=10)
    page.get_by_label(re.compile("Starter")).fill(f"{when.isoformat()}T17:00")
    page.get_by_label("Sted").fill("Jobcentret, mødelokale 2")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.get_by_role("button", name="Inviter", exact=True).click()
    expect(page.get_by_text(re.compile(r"\d+ inviteret\."))).to_be_visible()
