"""First passwords are chosen by their owners from their own mailbox: the admin invites a
coordinator by e-mail, and a new role model's link is mailed to them (issue 16, point 8)."""
import email
import re

from sqlmodel import select

from models import PasswordLink, Role, User

from ..conftest import Auth
from .conftest import login_as

NEW = "blå-tromme-sommer-hest-42"


def _mail(raw: str) -> tuple[str, str]:
    """(recipient, body) of one mail."""
    msg = email.message_from_string(raw)
    return msg["To"], msg.get_payload(decode=True).decode()


def _path(text: str) -> str:
    """The set-password path in a text."""
    return re.search(r"https?://[^/\s\"]+(/adgang/[^\s\"<]+)", text).group(1)


def test_the_admin_invites_a_coordinator_who_chooses_their_own_password(app, db, make, smtp):
    town = make.municipality("bornholm", "Bornholm")
    admin = Auth(login_as(app, make.user(None, Role.ADMIN)))
    page = admin.post("/admin/coordinators", {
        "c-municipality": town.id, "c-name": "Karen Holm", "c-email": "Karen@Bornholm.example"},
        follow_redirects=True).get_data(as_text=True)
    assert "karen@bornholm.example" in page and "/adgang/" not in page  # the admin never sees it
    assert "Har ikke valgt en adgangskode endnu" in page
    (to, body), = [_mail(m) for m in smtp.wait(1)]
    assert to == "karen@bornholm.example" and "Bornholm" in body and "Hej Karen" in body
    user = db.exec(select(User).where(User.email == "karen@bornholm.example")).one()
    assert user.role == Role.COORDINATOR and user.password_hash is None
    # A new link replaces the first; only the newest works.
    first = _path(body)
    admin.post(f"/admin/users/{user.id}/invite")
    second = _path(_mail(smtp.wait(2)[1])[1])
    owner = Auth(app.test_client())
    assert owner.client.get(first).status_code == 410
    assert owner.post(second, {"password": NEW, "repeat": NEW}).status_code == 302
    assert owner.client.get("/coordinator").status_code == 200
    # Once chosen, no new link can be sent: the admin cannot take the account over.
    assert admin.post(f"/admin/users/{user.id}/invite").status_code == 404
    assert "Har ikke valgt" not in admin.client.get("/admin/").get_data(as_text=True)


def test_a_new_role_models_link_is_mailed_to_them(app, db, make, smtp):
    town = make.municipality()
    coordinator = make.user(town, Role.COORDINATOR)
    volunteer = make.ready_volunteer(town, email="lone@example.dk")
    page = Auth(login_as(app, coordinator)).post(
        f"/volunteers/{volunteer.id}/access").get_data(as_text=True)
    assert "Linket er sendt til" in page
    (to, body), = [_mail(m) for m in smtp.wait(1)]
    assert to == "lone@example.dk" and _path(body) == _path(page)
    assert db.exec(select(PasswordLink)).one().used_at is None
