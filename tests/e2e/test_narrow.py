"""Every main page readable on a 320 px screen and at 200% zoom: the page itself never scrolls sideways.

Wide tables may scroll inside their own ``.table-wrap``; the page body may not.
"""
import pytest
from sqlmodel import select

from models import ALL_TENANTS, Citizen, Event, Match, MatchStatus, Proposal, Volunteer, scoped_session
from seed.demo import DEMO_PASSWORD

from .conftest import SHOTS, citizen_link, login, page_width

pytestmark = pytest.mark.browser
# A 320 px phone, and a 1280 px screen zoomed to 200% (640 CSS pixels on a double-density screen).
SCREENS = {"320": ({"width": 320, "height": 640}, 1), "zoom200": ({"width": 640, "height": 450}, 2)}
PUBLIC = ["/login", "/m/stevns/bliv-rollemodel", "/forgot"]


def _ids(app) -> dict:
    """Look up the demo rows whose pages are visited."""
    with scoped_session(app.extensions["engine"], ALL_TENANTS) as db:
        poul = db.exec(select(Volunteer).where(Volunteer.name == "Poul Poulsen")).one()
        match = db.exec(select(Match).where(Match.volunteer_id == poul.id,
                                            Match.status == MatchStatus.ACTIVE)).first()
        freja = db.exec(select(Citizen).where(Citizen.name == "Freja Sørensen")).one()
        proposal = db.exec(select(Proposal).where(Proposal.citizen_id == freja.id)).first()
        event = db.exec(select(Event).where(Event.municipality_id == poul.municipality_id)).first()
        return {"v": poul.id, "m": match.id, "c": freja.id, "p": proposal.id, "e": event.id}


def _coordinator_pages(ids) -> list[str]:
    """The coordinator's main pages."""
    return ["/coordinator", "/volunteers/", f"/volunteers/{ids['v']}",
            f"/volunteers/{ids['v']}/match-guide", "/citizens/", "/citizens/new",
            f"/citizens/{ids['c']}", "/proposals/", f"/proposals/{ids['p']}", "/matches/",
            f"/matches/{ids['m']}", "/events/", f"/events/{ids['e']}", "/hotline/", "/reports/"]


def _volunteer_pages(ids) -> list[str]:
    """The role model's main pages."""
    return ["/volunteer", f"/meetings/new/{ids['m']}", f"/meetings/match/{ids['m']}",
            "/profile/", "/hotline/", "/my-data"]


def _too_wide(page, paths, width: int, label: str) -> list[str]:
    """Visit each page and return those wider than the screen (saving a screenshot of each)."""
    wide = []
    for path in paths:
        page.goto(path)
        if page_width(page) > width:
            name = f"too-wide-{label}-{path.strip('/').replace('/', '-') or 'home'}"
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
            wide.append(f"{path}: {page_width(page)} px")
    return wide


@pytest.mark.parametrize("screen", SCREENS)
def test_main_pages_fit_narrow_screens_and_zoom(browser, live_app, screen):
    viewport, scale = SCREENS[screen]
    width, ids = viewport["width"], _ids(live_app)
    SHOTS.mkdir(parents=True, exist_ok=True)

    def page_for():
        """A fresh context: one person per browser, as in life."""
        context = browser.new_context(viewport=viewport, device_scale_factor=scale,
                                      locale="da-DK", base_url=live_app.config["BASE_URL"])
        return context.new_page()

    wide = _too_wide(page_for(), PUBLIC, width, screen)
    coordinator = page_for()
    login(coordinator, "koordinator@stevns.example", DEMO_PASSWORD)
    wide += _too_wide(coordinator, _coordinator_pages(ids), width, screen)
    volunteer = page_for()
    login(volunteer, "poul@stevns.example", DEMO_PASSWORD)
    wide += _too_wide(volunteer, _volunteer_pages(ids), width, screen)
    citizen = page_for()
    citizen.goto(citizen_link(live_app, "Freja Sørensen"))
    citizen.get_by_role("button", name="Log ind").click()
    wide += _too_wide(citizen, ["/citizen", "/choose/", "/citizens/me", "/my-data"], width, screen)
    assert not wide, f"pages wider than {width} px:\n" + "\n".join(wide)
