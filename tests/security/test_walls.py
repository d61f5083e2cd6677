"""Tests that would catch a regression in the walls (issue 15, point 9): CSRF on every route that
changes state, and the tenant wall's second check (``tenant_get``) on its own."""
import hashlib

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from models import Citizen, Meeting, Role, Volunteer, scoped_session, set_tenant, tenant_get
from models import tenancy

from .conftest import csrf_of, login_as, object_ids, url_for_rule

CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _fingerprint(engine) -> str:
    """A hash of every row of every table."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_every_state_changing_route_refuses_a_missing_or_foreign_csrf_token(app, world, make):
    town = world["stevns"]
    people = {"coordinator": town["coordinator"], "volunteer": town["volunteer_user"],
              "citizen": town["citizen_user"], "admin": make.user(None, Role.ADMIN)}
    clients = {role: login_as(app, user) for role, user in people.items()}
    clients["anonymous"] = app.test_client()
    foreign = csrf_of(login_as(app, world["hedensted"]["coordinator"]))  # someone else's
    rules = [r for r in app.url_map.iter_rules() if r.methods & CHANGING]
    assert len(rules) > 60
    ids = object_ids(town)
    before = _fingerprint(app.extensions["engine"])
    checked = 0
    for rule in rules:
        url = url_for_rule(rule, ids)
        assert url is not None, rule.rule
        for method in sorted(rule.methods & CHANGING):
            for role, client in clients.items():
                for token in (None, foreign):
                    data = {"name": "Ændret", "text": "x", "answer": "yes", "lang": "en"}
                    if token:
                        data["csrf_token"] = token
                    response = client.open(url, method=method, data=data)
                    assert response.status_code == 400, (role, method, rule.rule, bool(token))
                    checked += 1
    assert checked >= len(rules) * 10
    assert _fingerprint(app.extensions["engine"]) == before  # nothing changed anywhere


@pytest.fixture
def no_filter():
    """Switch the tenant filter off, so only the second check (``tenant_get``) stands."""
    sa.event.remove(tenancy.Session, "do_orm_execute", tenancy._filter_by_tenant)
    yield
    sa.event.listen(tenancy.Session, "do_orm_execute", tenancy._filter_by_tenant)


def test_tenant_get_alone_keeps_other_municipalities_out(app, world, no_filter):
    mine, theirs = world["stevns"], world["hedensted"]
    with scoped_session(app.extensions["engine"], mine["town"].id) as session:
        for model, key in ((Citizen, "citizen"), (Volunteer, "volunteer"), (Meeting, "meeting")):
            assert session.get(model, theirs[key].id) is not None  # the filter is really off
            assert tenant_get(session, model, theirs[key].id) is None
            assert tenant_get(session, model, mine[key].id).id == mine[key].id
        set_tenant(session, tenancy.ALL_TENANTS)
        assert tenant_get(session, Citizen, theirs["citizen"].id) is not None


def test_every_page_of_one_record_checks_its_municipality_without_the_filter(app, world,
                                                                          no_filter):
    mine, theirs = world["stevns"], world["hedensted"]
    ids = object_ids(theirs)
    numbered = [r for r in app.url_map.iter_rules()
                if "GET" in r.methods and any(a.endswith("_id") for a in r.arguments)]
    assert len(numbered) > 20
    for role in ("coordinator", "volunteer_user", "citizen_user"):
        client = login_as(app, mine[role])
        for rule in numbered:
            url = url_for_rule(rule, ids)
            response = client.get(url)
            body = response.get_data(as_text=True)
            assert theirs["marker"] not in body, (role, url, response.status_code)
            assert response.status_code in (302, 403, 404), (role, url, response.status_code)
