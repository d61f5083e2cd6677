"""Ids and numbers of every shape (issue 15, point 6): past 64 bits, past a database integer,
negative, superscript digits, exponents. Every route answers 404 or 400, never a 500."""
import pytest

from models import Role

from .conftest import csrf_of, login_as, object_ids

HUGE = ["1180591620717411303424", str(2**63), str(2**31), "99999999999999999999"]
ODD = ["²", "١٢", "-1", "1e309", "0x10", " 7", "9" * 40, "NaN", ""]


def _int_rules(app):
    """Every route with a number in its address."""
    return [r for r in app.url_map.iter_rules()
            if any(type(c).__name__ == "IdConverter" for c in r._converters.values())]


@pytest.fixture
def clients(app, world, make):
    """A logged-in client for each role, with its CSRF token."""
    users = {"coordinator": world["stevns"]["coordinator"],
             "volunteer": world["stevns"]["volunteer_user"],
             "citizen": world["stevns"]["citizen_user"],
             "admin": make.user(None, Role.ADMIN)}
    made = {}
    for role, user in users.items():
        client = login_as(app, user)
        made[role] = (client, csrf_of(client))
    return made


def test_huge_ids_in_every_address_are_not_found(app, world, clients):
    rules = _int_rules(app)
    assert len(rules) > 40
    ids = object_ids(world["stevns"])
    checked = 0
    for rule in rules:
        for huge in HUGE:
            values = {a: ids.get(a, 1) for a in rule.arguments if a not in (rule.defaults or {})}
            for arg, converter in rule._converters.items():
                if type(converter).__name__ == "IdConverter":
                    values[arg] = huge
            path = rule.rule
            for arg, value in values.items():
                path = path.replace(f"<int:{arg}>", str(value)).replace(f"<{arg}>", str(value))
                path = path.replace(f"<string:{arg}>", str(value))
            for role, (client, token) in clients.items():
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    response = client.open(path, method=method, data={"csrf_token": token})
                    assert response.status_code == 404, (role, method, path)
                    checked += 1
    assert checked > 600


def test_odd_numbers_in_query_strings_are_never_a_500(app, world, clients):
    rules = [r for r in app.url_map.iter_rules() if "GET" in r.methods and not r.arguments
             and r.endpoint != "static"]
    for rule in rules:
        for value in HUGE + ODD:
            query = {"id": value, "type": "citizen", "page": value, "year": value,
                     "stage": value, "m": value}
            for role, (client, _token) in clients.items():
                response = client.get(rule.rule, query_string=query)
                assert response.status_code < 500, (role, rule.rule, value)
    client, _token = clients["coordinator"]
    for kind in ("citizen", "volunteer"):
        for value in HUGE + ODD:
            response = client.get("/audit", query_string={"type": kind, "id": value})
            assert response.status_code == 200, value


@pytest.mark.parametrize("value", HUGE + ["²", "١٢", "-1", "1e309", "abc", "0"])
def test_a_proposal_number_of_any_shape_is_a_400(clients, value):
    client, token = clients["coordinator"]
    response = client.post("/proposals/round/send", data={"proposal": value,
                                                            "csrf_token": token})
    assert response.status_code == 400


@pytest.mark.parametrize("value", ["/\nSet-Cookie: x=1", "/home\r\n", "/\x7f", "/\t"])
def test_a_control_character_in_next_is_a_400(clients, value):
    client, token = clients["citizen"]
    response = client.post("/language", data={"lang": "en", "next": value, "csrf_token": token})
    assert response.status_code == 400


def test_a_backslash_in_next_stays_home(clients):
    client, token = clients["citizen"]
    response = client.post("/language", data={"lang": "da", "next": "/\\evil.example",
                                               "csrf_token": token})
    assert response.status_code == 302 and "evil" not in response.headers["Location"]
