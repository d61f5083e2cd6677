"""Coordinators and admins with their municipality's own login (OpenID Connect), against a
real provider on the loopback. Role and municipality always come from Rollemodel's records."""
import pyotp
import requests
from sqlmodel import select

from models import ExternalLogin, MunicipalLogin, Role

from ..security.conftest import sealed
from .conftest import redirect_to_provider


def _connect(client, auth, provider, key, sub):
    """Connect the logged-in staff member's account to ``sub`` at the municipality's login."""
    location = redirect_to_provider(auth.post(f"/account/logins/{key}/connect"))
    return client.get(provider.approve(location, sub))


def _staff_login(client, provider, slug, sub):
    """Log in through a municipality's login as ``sub``; return the callback's response."""
    location = redirect_to_provider(client.get(f"/login/municipality/{slug}"))
    return client.get(provider.approve(location, sub))


def _who(client) -> int:
    """The status of a coordinator-only page: 200 logged in as coordinator, else a redirect."""
    return client.get("/citizens/").status_code


def test_coordinator_connects_then_logs_in(client, auth, db, town, coordinator, provider,
                                           municipal_login):
    municipal_login(town)
    auth.login(coordinator)
    page = client.get("/account/logins/").get_data(as_text=True)
    assert "Login fra Stevns" in page
    done = _connect(client, auth, provider, f"municipality:{town.id}", "entra-oid-1")
    assert done.status_code == 302
    row = db.exec(select(ExternalLogin)).one()
    assert (row.user_id, row.provider, row.subject) == (
        coordinator.id, f"municipality:{town.id}", "entra-oid-1")
    auth.logout()

    assert "Log ind med login fra Stevns" in client.get("/login").get_data(as_text=True)
    response = _staff_login(client, provider, "stevns", "entra-oid-1")
    assert response.status_code == 302
    assert _who(client) == 200


def test_claims_never_give_a_role_or_a_municipality(client, auth, db, make, town, coordinator,
                                                    provider, municipal_login):
    other = make.municipality("hedensted", "Hedensted")
    make.citizen(other, name="Anden Kommunes Borger")
    municipal_login(town)
    auth.login(coordinator)
    _connect(client, auth, provider, f"municipality:{town.id}", "entra-claims")
    auth.logout()
    requests.put(f"{provider.issuer}/users/entra-claims", timeout=10, json={
        "role": "admin", "roles": ["admin"], "municipality": "hedensted", "groups": ["admins"]})
    assert _staff_login(client, provider, "stevns", "entra-claims").status_code == 302
    assert client.get("/admin/").status_code == 403
    assert "Anden Kommunes Borger" not in client.get("/citizens/").get_data(as_text=True)


def test_unknown_subject_is_refused_clearly(client, town, coordinator, provider,
                                            municipal_login):
    municipal_login(town)
    response = _staff_login(client, provider, "stevns", "nobody-we-know")
    assert response.status_code == 403
    assert "Rollemodel kender ikke dette login" in response.get_data(as_text=True)
    assert _who(client) == 302


def test_subject_bound_in_another_municipality_is_refused(client, auth, make, town,
                                                          coordinator, provider,
                                                          municipal_login):
    other = make.municipality("hedensted", "Hedensted")
    municipal_login(town)
    municipal_login(other)  # the same provider (issuer) serves both municipalities
    auth.login(coordinator)
    _connect(client, auth, provider, f"municipality:{town.id}", "entra-shared")
    auth.logout()
    response = _staff_login(client, provider, "hedensted", "entra-shared")
    assert response.status_code == 403
    assert "hører til en konto i en anden kommune" in response.get_data(as_text=True)
    assert _who(client) == 302
    assert _staff_login(client, provider, "stevns", "entra-shared").status_code == 302


def test_coordinator_cannot_connect_another_municipalitys_login(auth, make, town, coordinator,
                                                                municipal_login):
    other = make.municipality("hedensted", "Hedensted")
    municipal_login(other)
    auth.login(coordinator)
    assert auth.post(f"/account/logins/municipality:{other.id}/connect").status_code == 404


def test_disabled_account_is_refused(client, auth, db, town, coordinator, provider,
                                     municipal_login):
    municipal_login(town)
    auth.login(coordinator)
    _connect(client, auth, provider, f"municipality:{town.id}", "entra-off")
    auth.logout()
    coordinator.is_active = False
    db.add(coordinator)
    db.commit()
    response = _staff_login(client, provider, "stevns", "entra-off")
    assert response.status_code == 403 and _who(client) == 302


def test_two_step_login_still_asks_for_the_code(client, auth, db, town, coordinator, provider,
                                                municipal_login):
    municipal_login(town)
    auth.login(coordinator)
    _connect(client, auth, provider, f"municipality:{town.id}", "entra-totp")
    auth.logout()
    secret = pyotp.random_base32()
    coordinator.totp_secret = sealed(client.application, secret)
    db.add(coordinator)
    db.commit()
    response = _staff_login(client, provider, "stevns", "entra-totp")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login/code")
    assert _who(client) == 302


def test_admin_can_use_a_municipality_login(client, auth, make, town, provider,
                                            municipal_login):
    admin = make.user(None, Role.ADMIN)
    municipal_login(town)
    auth.login(admin)
    _connect(client, auth, provider, f"municipality:{town.id}", "entra-admin")
    auth.logout()
    assert _staff_login(client, provider, "stevns", "entra-admin").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_removing_the_login_stops_it(client, auth, db, town, coordinator, provider,
                                     municipal_login):
    municipal_login(town)
    auth.login(coordinator)
    key = f"municipality:{town.id}"
    _connect(client, auth, provider, key, "entra-remove")
    assert auth.post(f"/account/logins/{key}/remove").status_code == 302
    assert db.exec(select(ExternalLogin)).first() is None
    auth.logout()
    assert _staff_login(client, provider, "stevns", "entra-remove").status_code == 403


def test_admin_sets_up_a_municipality_login(client, auth, db, make, town, provider):
    admin = make.user(None, Role.ADMIN)
    auth.login(admin)
    page = client.get(f"/admin/municipalities/{town.id}").get_data(as_text=True)
    assert "/login/oidc/callback" in page
    bad = auth.post(f"/admin/municipalities/{town.id}", data={"issuer": provider.issuer})
    assert bad.status_code == 400 and "både issuer og klient-id" in bad.get_data(as_text=True)
    assert db.get(MunicipalLogin, town.id) is None
    plain = auth.post(f"/admin/municipalities/{town.id}", data={
        "issuer": "http://idp.stevns.example", "client_id": "rm-stevns"})
    assert plain.status_code == 400 and db.get(MunicipalLogin, town.id) is None
    saved = auth.post(f"/admin/municipalities/{town.id}", data={
        "issuer": provider.issuer, "client_id": "rm-stevns", "client_secret": "top-secret",
        "enabled": "y", "accessibility_url": "https://was.digst.dk/stevns-dk"})
    assert saved.status_code == 302
    row = db.get(MunicipalLogin, town.id)
    assert row.client_id == "rm-stevns" and "top-secret" not in (row.client_secret_encrypted or "")
    stored = row.client_secret_encrypted
    auth.post(f"/admin/municipalities/{town.id}", data={
        "issuer": provider.issuer, "client_id": "rm-stevns", "enabled": "y"})
    db.expire_all()
    assert db.get(MunicipalLogin, town.id).client_secret_encrypted == stored  # blank keeps it
    auth.logout()
    assert client.get("/login/municipality/stevns").status_code == 302
