"""Every POST form found on the GET pages, filled with hostile input: no 500, no live script,
nothing half-saved."""
import hashlib
import io

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import csrf_of, login_as, object_ids, url_for_rule
from .hostile import SCRIPT, hostile_text, post_forms

# Forms that end the fuzzer's own session or switch its language are left out.
SKIP_ACTIONS = ("/logout", "/language")
# Written on purpose even when a form is refused: failed logins and the audit of views.
ALWAYS_WRITTEN = {"login_attempt", "audit_entry", "alembic_version"}


def _snapshot(engine) -> str:
    """Hash the content of every table, to see whether a refused form wrote anything."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in sorted(sa.inspect(conn).get_table_names()):
            if table in ALWAYS_WRITTEN:
                continue
            rows = conn.execute(sa.text(f'SELECT * FROM "{table}"')).all()
            digest.update(repr(sorted(map(repr, rows))).encode())
    return digest.hexdigest()


def _collect_forms(app, client, ids):
    """GET every page without side effects and collect the POST forms on them."""
    forms, pages = {}, []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = url_for_rule(rule, ids)
        if url is None:
            continue
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        pages.append(url)
        for form in post_forms(response.get_data(as_text=True), url):
            if not form["action"].startswith(SKIP_ACTIONS) and form["fields"]:
                forms.setdefault((form["action"], tuple(sorted(form["fields"]))), form)
    return list(forms.values()), pages


def _value(kind, text):
    """Turn hostile text into a value for a field of ``kind`` (files get it as a CSV)."""
    if kind == "file":
        return (io.BytesIO(("name,town\n" + text).encode("utf-8", "replace")), "x.csv")
    return text


ROLES = ["coordinator", "volunteer_user", "citizen_user", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_hostile_input_in_every_form(app, db_url, world, role):
    if db_url.startswith("postgresql") and role != "coordinator":
        pytest.skip("same forms as on SQLite; PostgreSQL fuzzes the coordinator's forms")
    me = world["stevns"]
    client = login_as(app, me[role]) if role != "anonymous" else app.test_client()
    token = csrf_of(client)
    forms, pages = _collect_forms(app, client, object_ids(me))
    assert forms, "no forms found"
    engine = app.extensions["engine"]

    @settings(max_examples=25, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.data())
    def fuzz(data):
        form = data.draw(st.sampled_from(forms))
        values = {name: _value(kind, data.draw(hostile_text))
                  for name, kind in form["fields"].items()}
        values["csrf_token"] = token
        before = _snapshot(engine)
        response = client.post(form["action"], data=values,
                               content_type="multipart/form-data")
        assert response.status_code < 500, (form["action"], response.status_code)
        assert SCRIPT not in response.get_data(as_text=True), form["action"]
        if response.status_code >= 400:
            assert _snapshot(engine) == before, f"{form['action']} refused but saved something"

    fuzz()
    for url in pages:  # whatever was stored, no page shows it as live markup
        assert SCRIPT not in client.get(url).get_data(as_text=True), url
