"""Logging in with MitID (young people) or the municipality's own login (staff), and the
callback both come back to. The account, its role and its municipality are always
Rollemodel's own records; the provider only proves which of its subjects came back."""
from flask import Blueprint, abort, current_app, redirect, request, url_for
from sqlmodel import select

from models import ALL_TENANTS, Municipality, MunicipalLogin, Role, User, set_tenant, utcnow
from models.logins import find_login

from ..core.db import get_session
from ..core.limits import limiter
from . import oidc
from .external_logins import bind_subject, may_bind, start
from .refusals import refused
from .sessions import start_session
from .two_factor import begin_challenge, wants_code

bp = Blueprint("oidc", __name__, template_folder="templates")


def init_app(app) -> None:
    """Offer the login page the sign-in buttons that are set up."""
    oidc.init_app(app)

    @app.context_processor
    def _sign_in_options():
        """Give templates ``sign_in_options()``: MitID on or off, and the municipalities' logins."""
        return {"sign_in_options": sign_in_options}


def sign_in_options() -> dict:
    """Which other logins the login page shows (one query)."""
    municipalities = get_session().exec(
        select(Municipality.slug, Municipality.name)
        .join(MunicipalLogin, MunicipalLogin.municipality_id == Municipality.id)
        .where(MunicipalLogin.enabled).order_by(Municipality.name)).all()
    return {"mitid": oidc.mitid_provider(current_app.config) is not None,
            "municipalities": municipalities}


@bp.route("/login/mitid")
@limiter.limit("30 per minute")
def mitid():
    """Start a young person's login with MitID."""
    provider = oidc.mitid_provider(current_app.config)
    if provider is None:
        abort(404)
    return start(provider, "login")


@bp.route("/login/municipality")
def municipal_choice():
    """Go on to the login of the municipality picked in the list."""
    return redirect(url_for("oidc.municipal", slug=request.args.get("slug", "")[:60] or "-"))


@bp.route("/login/municipality/<slug>")
@limiter.limit("30 per minute")
def municipal(slug):
    """Start a coordinator's or admin's login with their municipality's identity provider."""
    db = get_session()
    found = db.exec(select(Municipality).where(Municipality.slug == slug)).first()
    provider = oidc.municipal_provider(db, found.id) if found else None
    if provider is None:
        abort(404)
    return start(provider, "login")


@bp.route("/login/oidc/callback")
@limiter.limit("30 per minute")
def callback():
    """Finish a sign-in: check everything the provider sent, then log in or bind."""
    db = get_session()
    tenant = db.info.get("tenant")
    set_tenant(db, ALL_TENANTS)  # the answer names a subject, not yet an account
    try:
        provider, flow, claims = oidc.finish(db)
    except oidc.Refused as err:
        return refused(err.reason, str(err))
    if flow.get("purpose") == "bind":
        set_tenant(db, tenant)
        return bind_subject(db, provider, flow, claims)
    return _log_in(db, provider, claims)


def _log_in(db, provider, claims):
    """Log in the account bound to the verified subject, if it may use this provider."""
    binding = find_login(db, claims["iss"], claims["sub"])
    is_mitid = provider.key == oidc.MITID
    if binding is None:
        return refused("unknown_mitid" if is_mitid else "unknown_staff")
    user = db.get(User, binding.user_id, execution_options={"all_tenants": True})
    if binding.provider != provider.key or (
            user is not None and user.role == Role.COORDINATOR
            and user.municipality_id != provider.municipality_id and not is_mitid):
        return refused("unknown_mitid" if is_mitid else "other_municipality")
    if user is None or not user.is_active:
        return refused("disabled")
    if not may_bind(user, provider):
        return refused("not_allowed")
    binding.last_used_at = utcnow()
    if wants_code(user):
        db.commit()
        return begin_challenge(user)  # a second factor turned on is asked for here too
    start_session(user)
    db.commit()
    return redirect(url_for("home.index"))
