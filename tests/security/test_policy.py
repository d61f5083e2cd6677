"""Every URL of the app, for every role, with ids of the user's own and another municipality."""
import pytest

from models import Citizen, FundApplication, LearningTopic, Match, Role, Volunteer
from web.privacy.policy import LOOKUP

from .conftest import csrf_of, login_as, object_ids, url_for_rule

# Posting to these would end the walker's own session; they are tested in test_auth.
SKIP = {"auth.logout", "static"}
ALLOWED_FOR_OTHERS = {302, 400, 403, 404, 405, 410}


def _rules(app):
    """Every URL rule of the app, GET-able ones first, then post-only ones."""
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in SKIP]
    return sorted(rules, key=lambda r: ("GET" not in r.methods, r.rule))


def _walk(app, client, ids, foreign_marker, token, label, with_args_only=False):
    """Request every rule with ``ids``; return the answers as (url, status)."""
    seen = []
    for rule in _rules(app):
        if with_args_only and not rule.arguments:
            continue  # the same URL was already asked in the first walk
        url = url_for_rule(rule, ids)
        if url is None:
            continue
        if "GET" in rule.methods:
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token})
        body = response.get_data(as_text=True)
        assert response.status_code < 500, f"{label} {url} -> {response.status_code}"
        assert foreign_marker not in body, f"{label} {url} shows another municipality's data"
        seen.append((rule, url, response.status_code))
    return seen


ROLES = ["anonymous", Role.ADMIN, Role.COORDINATOR, Role.VOLUNTEER, Role.CITIZEN]


@pytest.mark.parametrize("role", ROLES)
def test_every_url_keeps_the_walls(app, db_url, world, make, db, role):
    if db_url.startswith("postgresql") and role in ("anonymous", Role.ADMIN):
        pytest.skip("the same code paths as on SQLite; the PostgreSQL run covers logged-in roles")
    me, other = world["stevns"], world["hedensted"]
    user = {
        "anonymous": None, Role.ADMIN: make.user(None, Role.ADMIN) if role == Role.ADMIN else None,
        Role.COORDINATOR: me["coordinator"], Role.VOLUNTEER: me["volunteer_user"],
        Role.CITIZEN: me["citizen_user"],
    }[role]
    client = login_as(app, user) if user else app.test_client()
    token = csrf_of(client)
    foreign = _walk(app, client, object_ids(other), other["marker"], token, f"{role}/other")
    for rule, url, status in foreign:
        if rule.arguments & {"citizen_id", "volunteer_id", "match_id", "meeting_id", "event_id",
                             "invite_id", "proposal_id", "option_id", "request_id",
                             "application_id", "topic_id"}:
            assert status in ALLOWED_FOR_OTHERS, f"{role} reached {url} of another town: {status}"
    _walk(app, client, object_ids(me), other["marker"], token, f"{role}/own", True)
    # Nothing of the other municipality changed, whatever was posted.
    db.expire_all()
    assert db.get(Citizen, other["citizen"].id).name == "Cille MarkørHedensted"
    assert db.get(Volunteer, other["volunteer"].id).name == "Vera MarkørHedensted"
    assert db.get(Match, other["match"].id).status == "active"
    assert db.get(FundApplication, other["application"].id).status == "pending"
    assert db.get(LearningTopic, other["topic"].id).removed_at is None


def test_every_looked_up_kind_is_in_the_policy(app):
    import pathlib
    import re

    used = set()
    for path in pathlib.Path(app.root_path).rglob("*.py"):
        used |= set(re.findall(r"get_or_404\((\w+),", path.read_text()))
    used.discard("model")
    assert used <= set(LOOKUP), used - set(LOOKUP)


def test_coordinators_never_open_a_meeting_log(app, world):
    from flask_login import login_user

    from web.privacy.access import get_or_404
    from werkzeug.exceptions import NotFound

    from models import Meeting

    me = world["stevns"]
    with app.test_request_context():
        login_user(me["coordinator"])
        with pytest.raises(NotFound):
            get_or_404(Meeting, me["meeting"].id)
