"""Random sequences of actions by users of two municipalities never show the other's data."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import csrf_of, login_as, object_ids, url_for_rule
from .hostile import hostile_text

ACTORS = [(town, role) for town in ("stevns", "hedensted")
          for role in ("coordinator", "volunteer_user", "citizen_user")]
SKIP = {"auth.logout", "static", "language.switch"}
FIELDS = ["name", "text", "answer", "note", "title", "q", "town", "wishes", "reason", "email"]

action = st.tuples(
    st.sampled_from(range(len(ACTORS))),  # who acts
    st.integers(min_value=0, max_value=10**6),  # which URL rule
    st.booleans(),  # True: ids of the other municipality
    st.booleans(),  # True: post, else get
    st.dictionaries(st.sampled_from(FIELDS), hostile_text, max_size=3),
)


@pytest.fixture
def clients(app, world):
    """One logged-in client (and its CSRF token) per actor."""
    made = {}
    for town, role in ACTORS:
        client = login_as(app, world[town][role])
        made[(town, role)] = (client, csrf_of(client))
    return made


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(action, min_size=1, max_size=6))
def test_no_response_ever_shows_the_other_municipality(app, world, clients, steps):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in SKIP]
    rules.sort(key=lambda r: r.rule)
    for who, rule_no, foreign, post, fields in steps:
        town, role = ACTORS[who]
        other = "hedensted" if town == "stevns" else "stevns"
        client, token = clients[(town, role)]
        rule = rules[rule_no % len(rules)]
        url = url_for_rule(rule, object_ids(world[other if foreign else town]))
        if url is None:
            continue
        if post and "POST" in rule.methods:
            response = client.post(url, data=dict(fields, csrf_token=token))
        elif "GET" in rule.methods:
            response = client.get(url)
        else:
            continue
        body = response.get_data(as_text=True)
        assert response.status_code < 500, (role, url)
        assert world[other]["marker"] not in body, f"{town} {role} saw {other} at {url}"
