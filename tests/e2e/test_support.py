"""Support for the role models in the browser, in Danish and English, on a phone and a desk:
topics and votes, the fund, milestones and the story, the duty of confidentiality and the
first meeting's coffee. Every page is checked with axe-core and photographed at both widths."""
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from models import (
    ALL_TENANTS, Match, MatchStatus, Meeting, Municipality, User, Volunteer, scoped_session,
    today, utcnow,
)
from models.recognition import add_months
from seed.demo import DEMO_PASSWORD

from .conftest import DESK, PHONE, check_accessibility, citizen_link, login, new_page

pytestmark = pytest.mark.browser
COORDINATOR, POUL = "koordinator@stevns.example", "poul@stevns.example"


def _both(pages, url: str, name: str) -> None:
    """Open ``url`` on the phone and the desk page of one person; check and photograph both."""
    for page, width in pages:
        page.goto(url)
        check_accessibility(page, f"{name}-{width}")


def _pages(browser, live_app, email: str, locale="da-DK"):
    """A phone (390 px) and a desk (1280 px) page, both logged in as ``email``."""
    made = []
    for viewport in (PHONE, DESK):
        page = new_page(browser, live_app, viewport=viewport, locale=locale)
        login(page, email, DEMO_PASSWORD, "Adgangskode")
        made.append((page, viewport["width"]))
    return made


def _scheduler(app, later=False) -> dict:
    """Sweep and send as the scheduler does, at ten this morning (Copenhagen): before nine
    the day's messages have not begun."""
    from web.scheduling.runner import run_send, run_sweep
    from web.scheduling.sender import Sender

    # (or now, if that is later: what the pages queued just now is due from now)
    morning = datetime.combine(today(), time(10), tzinfo=ZoneInfo("Europe/Copenhagen"))
    now = max(morning, utcnow() + timedelta(minutes=1)) + timedelta(hours=later)
    run_sweep(app, now)
    return run_send(app, Sender(app.config), now)


def _prepare(app) -> dict:
    """Give the demo a pair reaching three months today, a role model who has not signed yet,
    and find the pair of last week that has not met (for the coffee)."""
    with scoped_session(app.extensions["engine"], ALL_TENANTS) as db:
        stevns = db.exec(select(Municipality).where(Municipality.slug == "stevns")).one()
        live = db.exec(select(Match, Volunteer).join(Volunteer, Volunteer.id == Match.volunteer_id)
                       .where(Match.municipality_id == stevns.id,
                              Match.status == MatchStatus.ACTIVE)).all()
        met = {m for m in db.exec(select(Meeting.match_id)).all()}
        fresh_match, fresh = next((m, v) for m, v in live if m.id not in met)
        three = add_months(today(), -3)
        celebrated = next(v for m, v in live if m.id in met and m.started_on > three
                          and v.name != "Poul Poulsen")
        for m, v in live:
            if v.id == celebrated.id:
                m.started_on = three
        unsigned = next(v for m, v in live if v.id not in (fresh.id, celebrated.id)
                        and v.name != "Poul Poulsen")
        unsigned.confidentiality_version = unsigned.confidentiality_signed_at = None
        from models import Citizen

        young = db.get(Citizen, fresh_match.citizen_id).name
        found = {"fresh": db.get(User, fresh.user_id).email, "fresh_match": fresh_match.id,
                 "young": young, "celebrated": celebrated.name,
                 "celebrated_email": db.get(User, celebrated.user_id).email,
                 "unsigned": db.get(User, unsigned.user_id).email}
        db.commit()
    return found


def test_support_in_danish_on_phone_and_desk(browser, live_app, inbox):
    demo = _prepare(live_app)
    poul = _pages(browser, live_app, POUL)
    phone = poul[0][0]
    _both(poul, "/volunteer", "support-volunteer-home")
    expect(phone.get_by_role("heading", name="Din historie")).to_be_visible()

    # Topics: suggest one, vote for another.
    phone.goto("/topics/")
    phone.get_by_label("Emne", exact=True).fill("Hvordan hjælper jeg med en jobansøgning?")
    phone.get_by_role("button", name="Foreslå", exact=True).click()
    expect(phone.get_by_text("Tak. Dit emne er på listen.")).to_be_visible()
    phone.locator("li", has_text="Besøg på erhvervsskolen").get_by_role(
        "button", name="Stem på det").click()
    expect(phone.get_by_text("Din stemme er talt med.")).to_be_visible()
    _both(poul, "/topics/", "support-topics-volunteer")

    # The fund: the young person's name is refused, clearly, then the application goes in.
    phone.goto("/fund/")
    phone.get_by_label("Hvad skal pengene bruges til?").select_option("culture")
    phone.get_by_label("Beløb i kroner").fill("260")
    phone.get_by_label("Hvad skal I lave sammen?").fill("Billetter til Sara og mig på museet")
    phone.get_by_role("button", name="Send ansøgning").click()
    expect(phone.get_by_text("Fjern “Sara”: skriv ikke din unges navn.")).to_be_visible()
    check_accessibility(phone, "support-fund-refused-390")
    phone.get_by_label("Hvad skal I lave sammen?").fill("To billetter til Stevns Museum")
    phone.get_by_role("button", name="Send ansøgning").click()
    expect(phone.get_by_text("Din ansøgning er sendt.")).to_be_visible()
    _both(poul, "/fund/", "support-fund-volunteer")

    desk = _pages(browser, live_app, COORDINATOR)
    office = desk[1][0]
    _both(desk, "/support", "support-hub")
    _both(desk, "/fund/applications/", "support-fund-applications")
    office.goto("/fund/applications/")
    office.get_by_role("row", name=re.compile("Poul Poulsen")).get_by_role("link").click()
    expect(office.get_by_text("To billetter til Stevns Museum")).to_be_visible()
    assert "Sara" not in office.locator("main").inner_text()
    _both(desk, office.url, "support-fund-application")
    office.get_by_label("Bevilg").check()
    office.get_by_label("Besked til rollemodellen (frivilligt)").fill("God tur! Send kvitteringen.")
    office.get_by_role("button", name="Send svar").click()
    expect(office.get_by_text("Ansøgningen er bevilget.")).to_be_visible()
    _both(desk, "/fund/budget/", "support-fund-budget")
    expect(office.get_by_text("Brugt pr. måned")).to_be_visible()

    # Planning the next learning meeting from the wishes, most wanted first.
    _both(desk, "/topics/", "support-topics-coordinator")
    _both(desk, "/events/new?kind=learning_meeting", "support-event-topics")
    labels = office.locator("fieldset.choices label").all_inner_texts()
    assert labels[0].startswith("Når den unge ikke svarer") and len(labels) >= 5
    office.get_by_label("Titel").fill("Læringsmøde: job og ansøgninger")
    office.get_by_label(re.compile("Starter")).fill(
        f"{(today() + timedelta(days=20)).isoformat()}T17:00")
    office.get_by_label("Sted").fill("Jobcentret")
    office.get_by_label(re.compile("Hvordan hjælper jeg med en jobansøgning")).check()
    office.get_by_role("button", name="Gem", exact=True).click()
    expect(office.get_by_text("Hvordan hjælper jeg med en jobansøgning?")).to_be_visible()
    _both(desk, office.url, "support-event-detail")

    # The coffee for the first meeting, and this month's milestones on the home page.
    _both(desk, "/first-meeting/", "support-first-meeting")
    _both(desk, "/coordinator", "support-coordinator-home")
    milestones = office.locator("section", has=office.get_by_role(
        "heading", name="Milepæle i denne måned"))
    expect(milestones.get_by_text(demo["celebrated"]).first).to_be_visible()

    # Poul reads the answer; the new pair sees the coffee on both sides.
    phone.goto("/fund/")
    expect(phone.get_by_text("God tur! Send kvitteringen.")).to_be_visible()
    check_accessibility(phone, "support-fund-answered-390")
    fresh = _pages(browser, live_app, demo["fresh"])
    _both(fresh, f"/matches/{demo['fresh_match']}/pair", "support-pair-coffee")
    expect(fresh[0][0].get_by_text("ROLLE-KAFFE")).to_be_visible()
    for viewport in (PHONE, DESK):
        young = new_page(browser, live_app, viewport=viewport)
        young.goto(citizen_link(live_app, demo["young"]))
        young.get_by_role("button", name="Log ind").click()
        expect(young.get_by_text("Kaffe på os til jeres første møde")).to_be_visible()
        check_accessibility(young, f"support-citizen-home-coffee-{viewport['width']}")

    # A role model who has not signed cannot be matched until they do.
    unsigned = _pages(browser, live_app, demo["unsigned"])
    page = unsigned[0][0]
    page.goto("/volunteer")
    page.get_by_role("link", name="Læs og underskriv").click()
    _both(unsigned, "/confidentiality", "support-confidentiality")
    page.get_by_label("Jeg har læst tavshedserklæringen").check()
    page.get_by_role("button", name="Underskriv").click()
    expect(page.get_by_text("Du har underskrevet tavshedserklæringen.")).to_be_visible()

    # The scheduler sends the warm message and the fund's answer, neither naming anyone.
    stats = _scheduler(live_app)
    assert stats["failed"] == 0
    warm = [m for m in inbox.to(demo["celebrated_email"]) if m["Subject"] == "Tre måneder sammen"]
    # One for each of their pairs that reached three months (this role model has two places).
    assert warm and all("Log ind" in m.get_content() for m in warm)
    assert len({m["Message-ID"] for m in warm}) == len(warm)
    answered = [m for m in inbox.to(POUL) if "puljen" in m["Subject"]]
    assert len(answered) == 1 and "kvittering" not in answered[0].get_content()
    _scheduler(live_app, later=True)
    assert len([m for m in inbox.to(demo["celebrated_email"])
                if m["Subject"] == "Tre måneder sammen"]) == len(warm)  # nothing twice


def test_support_in_english(browser, live_app):
    desk = _pages(browser, live_app, COORDINATOR, locale="en-GB")
    desk[1][0].get_by_role("button", name="English").click()
    _both(desk, "/support", "support-hub-en")
    expect(desk[1][0].get_by_role("heading", name="Support for the role models")).to_be_visible()
    _both(desk, "/fund/budget/", "support-fund-budget-en")
    expect(desk[1][0].get_by_text("Spent per purpose")).to_be_visible()
    _both(desk, "/topics/", "support-topics-coordinator-en")
    poul = _pages(browser, live_app, POUL, locale="en-GB")
    poul[0][0].get_by_role("button", name="English").click()
    _both(poul, "/fund/", "support-fund-volunteer-en")
    expect(poul[0][0].get_by_role("heading", name="The fund", exact=True)).to_be_visible()
    _both(poul, "/topics/", "support-topics-volunteer-en")
    expect(poul[0][0].get_by_role("button", name="Vote for it").first).to_be_visible()
    _both(poul, "/volunteer", "support-volunteer-home-en")
    expect(poul[0][0].get_by_role("heading", name="Your story")).to_be_visible()
    _both(poul, "/confidentiality", "support-confidentiality-en")
    expect(poul[0][0].get_by_text("I promise:")).to_be_visible()
