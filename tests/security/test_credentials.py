"""Staff can never become someone else: every route by which a coordinator or admin touches
another person's login gives staff nothing that logs in as that person (issue 15, point 1)."""
import email
import inspect
import re
import types

from sqlmodel import select

from models import AuditEntry, PasswordLink, Role, Stage, User, utcnow
from models.security import EmailChange, PasswordReset

from ..conftest import Auth
from ..recruitment.test_guides import MATCH
from .conftest import login_as

NEW = "blå-tromme-sommer-hest-42"
# What a piece of code does when it touches a login's credentials.
MARKERS = ("make_link", "make_login_token", "issue_reset", "ask_to_change", "hash_password",
           "password_hash", "session_version", "sync_account", "invite_citizen", "totp_secret",
           "user.email =", "ensure_account", "start_session", "PasswordReset(", "LoginToken")
# Every route that touches credentials, and whose credentials: "own" routes act only on the
# logged-in person's own account (or on one that does not exist yet); "staff" routes act on
# someone else's and are walked below.
CREDENTIAL_ROUTES = {
    "auth.login": "own", "auth.logout": "own", "auth.link_login": "own",
    "reset.forgot": "own", "reset.choose": "own", "welcome.choose_password": "own",
    "email_change.confirm": "own", "totp.setup": "own", "totp.challenge": "own",
    "totp.turn_off": "own", "oidc.callback": "own", "profile.edit": "own",
    "admin.add_coordinator": "own",  # a new account; its link is mailed to its owner only
    "admin.invite_again": "own",  # the same, again, while the account has never been used
    "volunteers.access": "staff", "volunteers.edit": "staff", "volunteers.move": "staff",
    "citizens.login_link": "staff", "proposals.send_round": "staff", "proposals.send": "staff",
    "admin.toggle_active": "staff",  # only ends sessions
    "events.invite": "staff",  # a login with no password and no link, for mailing the invitation
    "gdpr.erase_citizen": "staff", "gdpr.erase_volunteer": "staff",  # only remove a login
}


def _source_closure(func, depth=3) -> str:
    """The source of ``func`` and of the project's functions it calls, a few levels deep."""
    seen, texts, todo = set(), [], [(inspect.unwrap(func), 0)]
    while todo:
        fn, level = todo.pop()
        if fn in seen or not getattr(fn, "__module__", "").startswith(("web", "models")):
            continue
        seen.add(fn)
        try:
            texts.append(inspect.getsource(fn))
        except (OSError, TypeError):
            continue
        if level >= depth:
            continue
        module = inspect.getmodule(fn)
        for name in fn.__code__.co_names:
            target = getattr(module, name, None)
            if isinstance(target, types.ModuleType):
                for attr in fn.__code__.co_names:
                    inner = getattr(target, attr, None)
                    if isinstance(inner, types.FunctionType):
                        todo.append((inner, level + 1))
            elif isinstance(target, types.FunctionType):
                todo.append((target, level + 1))
    return "\n".join(texts)


def test_every_route_touching_credentials_is_known(app):
    found = set()
    for endpoint, view in app.view_functions.items():
        text = _source_closure(view)
        if any(marker in text for marker in MARKERS):
            found.add(endpoint)
    unknown = found - set(CREDENTIAL_ROUTES)
    assert not unknown, f"routes touching credentials without a check here: {sorted(unknown)}"
    assert set(CREDENTIAL_ROUTES) == found


def _session_of(app, user):
    """A client holding a session of ``user``, made without a password."""
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"], sess["_fresh"] = user.get_id(), True
        sess["login_at"], sess.permanent = utcnow().timestamp(), True
    return client


def _links(text: str) -> set[str]:
    """Every path of this service in a page or a mail."""
    return {m.group(1) for m in re.finditer(r"https?://[^/\s\"']+(/[^\s\"'<]*)", text)} | {
        m.group(1) for m in re.finditer(r'(?:href|action|value)="(/[^"]*)"', text)}


def _mail_bodies(messages) -> list[tuple[str, str]]:
    """(recipient, body) of each mail."""
    out = []
    for raw in messages:
        msg = email.message_from_string(raw)
        out.append((msg["To"], msg.get_payload(decode=True).decode()))
    return out


def _logs_in_as(app, path: str, user: User) -> bool:
    """Tell whether a stranger holding ``path`` ends up logged in as ``user`` with it."""
    client = app.test_client()
    auth = Auth(client)
    page = client.get(path)
    if page.status_code != 200:
        return False
    text = page.get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text)
    if token:
        client.post(path, data={"csrf_token": token.group(1), "password": NEW, "repeat": NEW,
                                "again": NEW})
    with client.session_transaction() as sess:
        logged = sess.get("_user_id", "")
    if logged.split(":")[0] == str(user.id):
        return True
    return auth.login(user, password=NEW).status_code == 302


def test_no_staff_route_gives_staff_a_login_as_a_volunteer(app, db, make, smtp, two_towns):
    town = two_towns["stevns"]
    coordinator, volunteer, vol_user = town["coordinator"], town["volunteer"], town["volunteer_user"]
    volunteer.email = vol_user.email
    db.add(volunteer)
    db.commit()
    staff = Auth(login_as(app, coordinator))
    own_session = login_as(app, vol_user)
    thief = "tyv@example.dk"  # an address the coordinator reads
    pages = [
        staff.post(f"/volunteers/{volunteer.id}/access", follow_redirects=True),
        staff.post(f"/volunteers/{volunteer.id}/edit", {
            **MATCH, "name": volunteer.name, "email": thief, "town": "Store Heddinge"},
            follow_redirects=True),
        staff.post(f"/volunteers/{volunteer.id}/move",
                   {"stage": Stage.ACTIVE, "on_date": utcnow().date().isoformat()},
                   follow_redirects=True),
        staff.post("/password/forgot", {"email": thief}, follow_redirects=True),
    ]
    anonymous = Auth(app.test_client())
    anonymous.post("/password/forgot", {"email": thief})
    mails = _mail_bodies(smtp.wait(3))
    db.expire_all()
    assert db.get(User, vol_user.id).email == vol_user.email  # the old login stays
    assert db.exec(select(PasswordLink)).all() == []  # no set-password link for a used login
    assert {to for to, _ in mails} == {vol_user.email, thief}
    reset_to = [to for to, body in mails if "/password/reset/" in body]
    assert reset_to == [vol_user.email]  # the reset went to the volunteer's own address
    shown = set().union(*(_links(p.get_data(as_text=True)) for p in pages))
    read_by_staff = set().union(*(_links(body) for to, body in mails if to == thief))
    assert any("/email/confirm/" in p for p in read_by_staff)
    for path in sorted(shown | read_by_staff):
        assert not _logs_in_as(app, path, vol_user), path
    # The confirmation link works only for the volunteer, logged in as themselves.
    confirm = next(p for p in read_by_staff if "/email/confirm/" in p)
    assert staff.client.get(confirm).status_code == 403
    assert staff.post(confirm).status_code == 403
    db.expire_all()
    assert db.get(User, vol_user.id).email == vol_user.email
    assert own_session.get("/volunteer").status_code == 200  # nobody ended their session
    own = Auth(own_session)
    assert own.post(confirm).status_code == 302
    db.expire_all()
    assert db.get(User, vol_user.id).email == thief
    actions = {e.action for e in db.exec(select(AuditEntry).where(
        AuditEntry.subject_user_id == vol_user.id))}
    assert {"reset_sent", "email_change"} <= actions


def test_a_first_password_link_is_only_for_a_login_never_used(app, db, make, two_towns):
    town = two_towns["stevns"]
    fresh = make.user(town["town"], Role.VOLUNTEER)
    fresh.password_hash = None
    db.add(fresh)
    db.commit()
    volunteer = make.volunteer(town["town"], user=fresh, email=fresh.email)
    staff = Auth(login_as(app, town["coordinator"]))
    page = staff.post(f"/volunteers/{volunteer.id}/access").get_data(as_text=True)
    path = re.search(r'value="http[^"]*(/adgang/[^"]+)"', page).group(1)
    other = _session_of(app, fresh)  # a session held somewhere (by whoever it may be)
    db.expire_all()
    user = db.get(User, fresh.id)
    user.last_login_at = utcnow()  # the volunteer logged in some other way (e.g. MitID)
    db.commit()
    assert app.test_client().get(path).status_code == 410
    user.last_login_at = None
    db.commit()
    holder = Auth(app.test_client())
    assert holder.post(path, {"password": NEW, "repeat": NEW}).status_code == 302
    assert other.get("/volunteer").status_code == 302  # a new password ends other sessions
    assert holder.client.get("/volunteer").status_code == 200


def test_a_used_login_gets_a_reset_by_mail_and_it_ends_other_sessions(app, db, two_towns, smtp):
    town = two_towns["hedensted"]
    vol_user = town["volunteer_user"]
    staff = Auth(login_as(app, town["coordinator"]))
    thief_session = login_as(app, vol_user)
    page = staff.post(f"/volunteers/{town['volunteer'].id}/access", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "/adgang/" not in text and "/password/reset/" not in text
    assert "egen e-mail" in text
    (to, body), = _mail_bodies(smtp.wait(1))
    assert to == vol_user.email
    path = re.search(r"https?://[^/\s]+(/password/reset/\S+)", body).group(1)
    assert Auth(app.test_client()).post(path, {"password": NEW, "again": NEW}).status_code == 302
    assert thief_session.get("/volunteer").status_code == 302
    assert db.exec(select(PasswordReset)).one().used_at is not None


def test_every_login_link_for_a_citizen_is_said_and_logged(app, db, two_towns):
    town = two_towns["stevns"]
    citizen, cit_user = town["citizen"], town["citizen_user"]
    staff = Auth(login_as(app, town["coordinator"]))
    page = staff.post(f"/citizens/{citizen.id}/login-link").get_data(as_text=True)
    assert "kan logge ind som" in page and "adgangslog" in page
    staff.post(f"/citizens/{citizen.id}/login-link")
    entries = db.exec(select(AuditEntry).where(AuditEntry.action == "login_link")).all()
    assert len(entries) == 2 and {e.subject_user_id for e in entries} == {cit_user.id}
    assert {e.actor_id for e in entries} == {town["coordinator"].id}
    log = login_as(app, cit_user).get("/my-data/access-log.json").get_json()
    made = [e for e in log if e["action"] == "login_link"]
    assert len(made) == 2 and all(town["coordinator"].name in e["by"] for e in made)
    # A staff route never sets a password or a login e-mail for a citizen.
    db.expire_all()
    assert db.get(User, cit_user.id).email == cit_user.email
    assert db.exec(select(EmailChange)).all() == []
