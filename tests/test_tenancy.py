"""A user of one municipality never reaches another's data."""
import pytest
from sqlmodel import select

from models import Citizen, Role, TenantError, Volunteer, scoped_session


@pytest.fixture
def two_towns(make):
    """Two municipalities, each with a coordinator, a volunteer and a citizen."""
    made = {}
    for slug in ("stevns", "hedensted"):
        town = make.municipality(slug, slug.title())
        made[slug] = {
            "town": town,
            "coordinator": make.user(town, Role.COORDINATOR),
            "volunteer": make.volunteer(town, name=f"Frivillig {slug.title()}"),
            "citizen": make.citizen(town, name=f"Borger {slug.title()}"),
        }
    return made


OBJECT_URLS = [
    "/citizens/{citizen}",
]
OBJECT_POSTS = [
    "/citizens/{citizen}/login-link",
]


def test_other_municipalitys_objects_are_404(auth, two_towns):
    me, other = two_towns["stevns"], two_towns["hedensted"]
    auth.login(me["coordinator"])
    ids = {"citizen": other["citizen"].id, "volunteer": other["volunteer"].id}
    for url in OBJECT_URLS:
        assert auth.client.get(url.format(**ids)).status_code == 404, url
    for url in OBJECT_POSTS:
        assert auth.post(url.format(**ids)).status_code == 404, url
    own = {"citizen": me["citizen"].id, "volunteer": me["volunteer"].id}
    for url in OBJECT_URLS:
        assert auth.client.get(url.format(**own)).status_code == 200, url


def test_lists_show_only_own_municipality(auth, two_towns):
    auth.login(two_towns["stevns"]["coordinator"])
    page = auth.client.get("/coordinator").get_data(as_text=True)
    assert "Borger Stevns" in page  # waiting for a proposal, on the overview
    assert "Hedensted" not in page


def test_session_scope_filters_reads_and_refuses_foreign_writes(app, two_towns):
    stevns, hedensted = two_towns["stevns"]["town"], two_towns["hedensted"]["town"]
    with scoped_session(app.extensions["engine"], stevns.id) as session:
        names = {v.name for v in session.exec(select(Volunteer))}
        assert names == {"Frivillig Stevns"}
        session.add(Citizen(municipality_id=hedensted.id, external_id="X", name="Indtrængende"))
        with pytest.raises(TenantError):
            session.flush()


def test_unscoped_session_cannot_read_tenant_data(app, two_towns):
    with scoped_session(app.extensions["engine"], None) as session:
        with pytest.raises(TenantError):
            session.exec(select(Citizen)).all()


def test_roles_are_kept_apart(auth, client, make, two_towns):
    town = two_towns["stevns"]["town"]
    volunteer_user = make.user(town, Role.VOLUNTEER)
    auth.login(volunteer_user)
    assert client.get("/coordinator").status_code == 403
    assert client.get("/admin/").status_code == 403
    assert client.get(f"/citizens/{two_towns['stevns']['citizen'].id}").status_code == 403
