"""The admin creates municipalities and coordinator accounts."""
from sqlmodel import select

from models import Municipality, Role, User


def test_admin_creates_municipality_and_coordinator(auth, client, make, db):
    auth.login(make.user(None, Role.ADMIN))
    r = auth.post("/admin/municipalities", data={"m-name": "Bornholm", "m-slug": "bornholm"})
    assert r.status_code == 302
    town = db.exec(select(Municipality).where(Municipality.slug == "bornholm")).one()
    r = auth.post("/admin/coordinators", data={
        "c-municipality": town.id, "c-name": "Karen Holm", "c-email": "karen@bornholm.example",
    })
    assert r.status_code == 302
    user = db.exec(select(User).where(User.email == "karen@bornholm.example")).one()
    assert user.role == Role.COORDINATOR and user.municipality_id == town.id
    assert "Karen Holm" in client.get("/admin/").get_data(as_text=True)


def test_bad_input_is_answered_next_to_the_field(auth, make, db):
    auth.login(make.user(None, Role.ADMIN))
    r = auth.post("/admin/municipalities", data={"m-name": "", "m-slug": "Ikke Gyldig!"})
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert 'id="m-slug-error"' in page and "små bogstaver" in page
    assert db.exec(select(Municipality)).all() == []


def test_an_e_mail_with_an_account_is_refused_and_nothing_saved(auth, make, db):
    town = make.municipality()
    taken = make.user(town, Role.VOLUNTEER)
    auth.login(make.user(None, Role.ADMIN))
    r = auth.post("/admin/coordinators", data={
        "c-municipality": town.id, "c-name": "Ib", "c-email": taken.email.upper()})
    assert r.status_code == 400
    assert 'id="c-email-error"' in r.get_data(as_text=True)
    assert db.exec(select(User).where(User.role == Role.COORDINATOR)).all() == []


def test_duplicate_slug_is_refused(auth, make):
    make.municipality("stevns")
    auth.login(make.user(None, Role.ADMIN))
    r = auth.post("/admin/municipalities", data={"m-name": "Stevns", "m-slug": "stevns"})
    assert r.status_code == 400
    assert "allerede brugt" in r.get_data(as_text=True)
