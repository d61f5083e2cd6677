"""An account's other ways to log in: "use MitID next time" for young people, and the
municipality's own login for coordinators and admins. Binding happens only while logged in
(a young person with the coordinator's single-use link, staff with their password), so the
provider's subject is tied to the account by someone who already proved who they are."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from models import Municipality, MunicipalLogin, Role, User
from models.logins import ExternalLogin, bind_login, find_login

from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..privacy.access import role_required
from . import oidc
from .refusals import refused

bp = Blueprint("external_logins", __name__, template_folder="templates",
               url_prefix="/account/logins")
ROLES = (Role.CITIZEN, Role.COORDINATOR, Role.ADMIN)


def may_bind(user: User, provider: oidc.Provider) -> bool:
    """Tell whether ``user`` may log in through ``provider`` (role and municipality ours)."""
    if provider.key == oidc.MITID:
        return user.role == Role.CITIZEN
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.COORDINATOR and user.municipality_id == provider.municipality_id


def _providers(db, user: User) -> list[tuple[oidc.Provider, str]]:
    """The providers this user may bind, with the name shown for each."""
    if user.role == Role.CITIZEN:
        mitid = oidc.mitid_provider(current_app.config)
        return [(mitid, "MitID")] if mitid else []
    query = (select(Municipality.id, Municipality.name)
             .join(MunicipalLogin, MunicipalLogin.municipality_id == Municipality.id)
             .where(MunicipalLogin.enabled).order_by(Municipality.name))
    if user.role != Role.ADMIN:
        query = query.where(Municipality.id == user.municipality_id)
    found = []
    for mid, name in db.exec(query).all():
        provider = oidc.municipal_provider(db, mid)
        if provider is not None:
            found.append((provider, name))
    return found


def callback_url() -> str:
    """The one address every provider sends the browser back to (register it there)."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for("oidc.callback")


def start(provider: oidc.Provider, purpose: str, user_id=None):
    """Send the browser to ``provider``, or explain why it cannot be reached."""
    try:
        return oidc.begin(provider, purpose, callback_url(), user_id)
    except oidc.Refused as err:
        return refused(err.reason, str(err))


def mitid_offer() -> bool:
    """Tell whether the logged-in young person could choose "use MitID next time"."""
    if current_user.role != Role.CITIZEN or oidc.mitid_provider(current_app.config) is None:
        return False
    return get_session().exec(select(ExternalLogin.id).where(
        ExternalLogin.user_id == current_user.id,
        ExternalLogin.provider == oidc.MITID)).first() is None


def init_app(app) -> None:
    """Offer templates ``mitid_offer()``."""
    app.jinja_env.globals["mitid_offer"] = mitid_offer


@bp.route("/")
@role_required(*ROLES)
def index():
    """Show which logins this account can use, and connect or remove them."""
    db = get_session()
    user = db.get(User, current_user.id, execution_options={"all_tenants": True})
    bound = {row.provider: row for row in db.exec(
        select(ExternalLogin).where(ExternalLogin.user_id == user.id)).all()}
    return render_template("auth/external_logins.html", providers=_providers(db, user),
                           bound=bound, form=ConfirmForm())


@bp.route("/<key>/connect", methods=["POST"])
@role_required(*ROLES)
def connect(key):
    """Go to the provider to connect its login to this account."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    user = db.get(User, current_user.id, execution_options={"all_tenants": True})
    provider = next((p for p, _name in _providers(db, user) if p.key == key), None)
    if provider is None:
        abort(404)
    return start(provider, "bind", user.id)


@bp.route("/<key>/remove", methods=["POST"])
@role_required(*ROLES)
def remove(key):
    """Stop using a provider's login for this account (the other ways still work)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    row = db.exec(select(ExternalLogin).where(ExternalLogin.user_id == current_user.id,
                                              ExternalLogin.provider == key)).first()
    if row is None:
        abort(404)
    db.delete(row)
    db.commit()
    flash(_("The login is no longer connected to your account."))
    return redirect(url_for("external_logins.index"))


def bind_subject(db, provider: oidc.Provider, flow: dict, claims: dict):
    """Connect the verified subject to the logged-in account that started the binding."""
    if not current_user.is_authenticated or current_user.id != flow.get("user"):
        return refused("state", "the binding was started by another account")
    user = db.get(User, current_user.id, execution_options={"all_tenants": True})
    if not may_bind(user, provider):
        return refused("not_allowed")
    taken = find_login(db, claims["iss"], claims["sub"])
    if taken is not None and taken.user_id != user.id:
        return refused("taken")
    if taken is None or taken.provider != provider.key:
        if taken is not None:
            db.delete(taken)
            db.flush()
        bind_login(db, user_id=user.id, provider=provider.key, issuer=claims["iss"],
                   subject=claims["sub"])
    db.commit()
    flash(_("Done. Next time you can log in with MitID.") if provider.key == oidc.MITID
          else _("Done. Next time you can log in with your municipality's login."))
    return redirect(url_for("external_logins.index"))
