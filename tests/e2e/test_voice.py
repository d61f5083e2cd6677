"""The young person's voice on a 390 px phone: the one-tap check-in, and the two buttons that
are always one tap away ("talk to someone" and "another role model"), checked with axe and
photographed; the coordinator sees the request on their home."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from models import ALL_TENANTS, Citizen, Match, MatchStatus, scoped_session, today

from .conftest import PHONE, check_accessibility, citizen_link, login, new_page

pytestmark = pytest.mark.browser


def _young_in_a_pair(app, skip=()) -> str:
    """The name of a demo young person in an active pair that started two weeks ago or more."""
    with scoped_session(app.extensions["engine"], ALL_TENANTS) as db:
        names = db.exec(select(Citizen.name).join(Match, Match.citizen_id == Citizen.id)
                        .where(Match.status == MatchStatus.ACTIVE,
                               Match.started_on <= today() - timedelta(days=14))
                        .order_by(Match.id)).all()
    return [n for n in names if n not in skip][0]


def test_check_in_and_the_two_buttons_on_a_phone(browser, live_app):
    name = _young_in_a_pair(live_app)
    young = new_page(browser, live_app, viewport=PHONE)
    young.goto(citizen_link(live_app, name))
    young.get_by_role("button", name="Log ind").click()
    expect(young.get_by_role("heading", name="Hvordan går det?")).to_be_visible()
    expect(young.get_by_role("button", name="Jeg vil gerne tale med en")).to_be_visible()
    expect(young.get_by_role("link", name="Jeg vil gerne have en anden rollemodel")).to_be_visible()
    check_accessibility(young, "voice-citizen-home-390")
    young.get_by_role("button", name="Ikke godt").click()
    expect(young.get_by_text("Tak! Du svarede: Ikke godt.")).to_be_visible()
    check_accessibility(young, "voice-check-in-answered-390")
    share = young.get_by_label("Min koordinator må se mit svar")
    expect(share).not_to_be_checked()  # private unless the young person says otherwise
    share.check()
    young.get_by_role("button", name="Ja, ring til mig").click()
    expect(young.get_by_text("Din koordinator kontakter dig senest").first).to_be_visible()
    check_accessibility(young, "voice-talk-requested-390")
    young.get_by_role("link", name="Mine oplysninger: hvad kommunen ved om mig").click()
    expect(young.get_by_role("heading", name='Mine svar på "Hvordan går det?"')).to_be_visible()
    check_accessibility(young, "voice-my-data-390")

    office = new_page(browser, live_app, viewport=PHONE)
    login(office, "koordinator@stevns.example", "rollemodel-demo-2026")
    office.goto("/coordinator")
    box = office.locator("section", has=office.get_by_role(
        "heading", name="Unge, der har bedt om kontakt (1)"))
    expect(box.get_by_text(name)).to_be_visible()
    office.get_by_role("link", name="Se og klar henvendelserne").click()
    expect(office.get_by_text("Har delt sit svar på")).to_be_visible()
    check_accessibility(office, "voice-coordinator-requests-390")
    office.get_by_role("button", name="Markér som klaret").click()
    expect(office.get_by_text("Markeret som klaret.")).to_be_visible()

    # The other button: another role model, no reason asked.
    young.goto("/citizen")
    young.get_by_role("link", name="Jeg vil gerne have en anden rollemodel").click()
    expect(young.get_by_text("Du behøver ikke sige hvorfor")).to_be_visible()
    check_accessibility(young, "voice-switch-390")
    young.get_by_role("button", name="Ja, jeg vil gerne have en anden rollemodel").click()
    expect(young.get_by_text("Du har ikke gjort noget forkert ved at spørge.")).to_be_visible()
    check_accessibility(young, "voice-after-switch-390")
