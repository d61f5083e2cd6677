"""A second login factor (TOTP) that coordinators and admins can turn on."""
import hmac

import pyotp
from flask import (
    Blueprint, current_app, flash, redirect, render_template, request, session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from models import ALL_TENANTS, Role, User, set_tenant, utcnow
from models.security import SecondFactorUse

from ..core.db import get_session
from ..core.limits import limiter
from ..core.qr import qr_svg
from ..privacy.access import role_required
from .oidc import decrypt_secret, encrypt_secret
from .sessions import failed, start_session, throttle_wait, wait_words

bp = Blueprint("totp", __name__, template_folder="templates")
STAFF = (Role.COORDINATOR, Role.ADMIN)
PENDING = "totp_pending"
SETUP = "totp_setup"


class CodeForm(FlaskForm):
    """The six digits from the authenticator app."""

    code = StringField(_l("Code from your app"), validators=[DataRequired(), Length(max=12)])


def _digits(code: str) -> str:
    """Keep only the digits the user typed (apps show the code with a space)."""
    return "".join(ch for ch in code if ch.isdigit())


def matching_step(secret: str, code: str, now=None) -> int | None:
    """Return the time step ``code`` belongs to (±30 s of clock drift), or None."""
    totp = pyotp.TOTP(secret)
    now = now or utcnow()
    current = totp.timecode(now)
    code = _digits(code)
    for offset in (0, -1, 1):
        expected = totp.generate_otp(current + offset)
        if len(code) == len(expected) and hmac.compare_digest(code, expected):
            return current + offset
    return None


def seal_totp(secret: str) -> str:
    """Encrypt a TOTP secret for the database (``LOGIN_SECRET_KEY``, kept outside it, as the
    private notes' key is): a copy of the database alone gives nobody the codes."""
    return encrypt_secret(secret)


def totp_of(user: User) -> str | None:
    """The user's TOTP secret, decrypted (None when off or the key changed)."""
    return decrypt_secret(user.totp_secret)


def accept_code(db, user: User, code: str) -> bool:
    """Check ``code`` for ``user`` and use it up, so the same code never works twice."""
    secret = totp_of(user)
    step = matching_step(secret, code) if secret else None
    if step is None:
        return False
    used = db.get(SecondFactorUse, user.id)
    if used is not None and step <= used.last_step:
        return False
    if used is None:
        used = SecondFactorUse(user_id=user.id)
        db.add(used)
    used.last_step = step
    return True


def wants_code(user: User) -> bool:
    """Tell whether ``user`` must give a code after their password."""
    return bool(user.totp_secret) and user.role in STAFF


def begin_challenge(user: User):
    """Remember that the password was right and ask for the code next."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session[PENDING] = {"user": user.get_id(), "at": utcnow().timestamp()}
    return redirect(url_for("totp.challenge"))


def _pending_user(db) -> User | None:
    """Return the user waiting to give a code, if the wait has not run out."""
    pending = session.get(PENDING) or {}
    age = utcnow().timestamp() - float(pending.get("at", 0))
    if not pending or age > current_app.config["TOTP_PENDING_SECONDS"]:
        return None
    try:
        ident, version = (int(p) for p in str(pending["user"]).split(":"))
    except (KeyError, ValueError):
        return None
    user = db.get(User, ident, execution_options={"all_tenants": True})
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def challenge():
    """Ask for the code after the password; counts failures like the password form."""
    db = get_session()
    set_tenant(db, ALL_TENANTS)  # nobody is logged in yet; the pending login names the user
    user = _pending_user(db)
    if user is None:
        session.pop(PENDING, None)
        flash(_("Please log in again."))
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        key = f"totp:{user.id}"
        wait = throttle_wait(db, key, request.remote_addr)
        if wait:
            form.code.errors.append(wait_words(wait))
            return render_template("security/totp_challenge.html", form=form), 429
        if accept_code(db, user, form.code.data):
            start_session(user)
            db.commit()
            return redirect(url_for("home.index"))
        failed(db, key, request.remote_addr)
        db.commit()
        form.code.errors.append(_("The code is wrong or too old. Try the newest code."))
    return render_template("security/totp_challenge.html", form=form)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@role_required(*STAFF)
def setup():
    """Turn on the second factor: scan the QR code, then type a code to prove it works."""
    db = get_session()
    user = db.get(User, current_user.id)
    if user.totp_secret:
        return render_template("security/totp_on.html", form=CodeForm())
    secret = session.get(SETUP) or pyotp.random_base32()
    session[SETUP] = secret
    form = CodeForm()
    if form.validate_on_submit():
        user.totp_secret = seal_totp(secret)
        if accept_code(db, user, form.code.data):
            session.pop(SETUP, None)
            db.commit()
            flash(_("Two-step login is on. From now on you give a code after your password."))
            return redirect(url_for("totp.setup"))
        db.rollback()
        form.code.errors.append(_("The code is wrong or too old. Try the newest code."))
    uri = pyotp.TOTP(secret).provisioning_uri(
        name=user.email or str(user.id), issuer_name=current_app.config["TOTP_ISSUER"]
    )
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render_template(
        "security/totp_setup.html", form=form, qr=qr_svg(uri), secret=grouped
    ), (400 if form.errors else 200)


@bp.route("/account/two-factor/off", methods=["POST"])
@role_required(*STAFF)
def turn_off():
    """Turn the second factor off; a current code is needed so a stolen session cannot."""
    db = get_session()
    user = db.get(User, current_user.id)
    form = CodeForm()
    if user.totp_secret and form.validate_on_submit() and accept_code(db, user, form.code.data):
        user.totp_secret = None
        db.commit()
        flash(_("Two-step login is off."))
        return redirect(url_for("totp.setup"))
    form.code.errors = [*form.code.errors, _("The code is wrong or too old. Try the newest code.")]
    return render_template("security/totp_on.html", form=form), 400
