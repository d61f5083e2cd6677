"""Every new address keeps each municipality's volunteers and events to itself."""
import pytest

from models import EventKind, Stage

from .helpers import coordinator_in, event

GETS = [
    "/volunteers/{v}", "/volunteers/{v}/edit", "/volunteers/{v}/call-guide",
    "/volunteers/{v}/match-guide", "/volunteers/{v}/photo", "/photos/{v}", "/photos/{v}/thumb",
    "/events/{e}", "/events/{e}/edit",
]
POSTS = [
    "/volunteers/{v}/move", "/volunteers/{v}/access", "/volunteers/{v}/edit",
    "/volunteers/{v}/call-guide", "/volunteers/{v}/match-guide", "/volunteers/{v}/screening",
    "/volunteers/{v}/training", "/volunteers/{v}/photo", "/events/{e}/edit",
    "/events/{e}/invite", "/events/{e}/attendance",
]


@pytest.fixture
def two(make):
    """Two municipalities, each with a coordinator, a volunteer (with a photo) and an event."""
    made = {}
    for slug in ("stevns", "hedensted"):
        town, coordinator = coordinator_in(make, slug)
        made[slug] = {
            "coordinator": coordinator,
            "v": make.volunteer(town, status=Stage.ACTIVE, name=f"Frivillig {slug.title()}",
                                photo="0" * 32),
            "e": event(make, town, EventKind.LEARNING, title=f"Møde {slug.title()}"),
        }
    return made


def test_other_municipalitys_volunteers_and_events_are_404(auth, two):
    me, other = two["stevns"], two["hedensted"]
    auth.login(me["coordinator"])
    ids = {"v": other["v"].id, "e": other["e"].id}
    for url in GETS:
        assert auth.client.get(url.format(**ids)).status_code == 404, url
    for url in POSTS:
        assert auth.post(url.format(**ids)).status_code == 404, url
    own = {"v": me["v"].id, "e": me["e"].id}
    for url in GETS:
        if "/photos/" not in url:  # the fixture's photo name has no file behind it
            assert auth.client.get(url.format(**own)).status_code == 200, url


def test_lists_show_only_own_municipality(auth, two):
    auth.login(two["stevns"]["coordinator"])
    board = auth.client.get("/volunteers/").get_data(as_text=True)
    events = auth.client.get("/events/").get_data(as_text=True)
    assert "Frivillig Stevns" in board and "Hedensted" not in board
    assert "Møde Stevns" in events and "Hedensted" not in events
    detail = auth.client.get(f"/events/{two['stevns']['e'].id}").get_data(as_text=True)
    assert "Frivillig Hedensted" not in detail  # not offered for invitation


def test_inviting_someone_from_another_municipality_is_refused(auth, db, two):
    auth.login(two["stevns"]["coordinator"])
    url = f"/events/{two['stevns']['e'].id}/invite"
    assert auth.post(url, {"people": [two["hedensted"]["v"].id]}).status_code == 400


def test_anonymous_users_are_sent_to_login(client, two):
    ids = {"v": two["stevns"]["v"].id, "e": two["stevns"]["e"].id}
    for url in GETS + ["/volunteers/", "/events/", "/events/new", "/profile/"]:
        assert client.get(url.format(**ids)).status_code == 302, url


