"""Logging in and out: passwords for staff and volunteers, one-time links for citizens."""
from datetime import timedelta

from flask import (
    Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from sqlmodel import select
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from models import ALL_TENANTS, LoginToken, Role, User, set_tenant, utcnow

from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..core.limits import limiter
from .passwords import check_password
from .sessions import failed, start_session, throttle_wait, wait_words
from .tokens import token_hash
from .two_factor import begin_challenge, wants_code

bp = Blueprint("auth", __name__, template_folder="templates")
login_manager = LoginManager()
csrf = CSRFProtect()


class LoginForm(FlaskForm):
    """E-mail and password (the address is only looked up, so any text is accepted)."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


def init_app(app) -> None:
    """Set up Flask-Login, CSRF protection, rate limits and the per-request tenant."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    csrf.init_app(app)
    limiter.init_app(app)
    app.permanent_session_lifetime = timedelta(seconds=app.config["PERMANENT_SESSION_LIFETIME"])
    app.before_request(bind_tenant)
    app.register_blueprint(bp)


@login_manager.user_loader
def load_user(user_id: str):
    """Load the user named in the session, if the session is still current."""
    try:
        ident, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    user = get_session().get(User, ident, execution_options={"all_tenants": True})
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user


def bind_tenant():
    """Bind this request's database session to the logged-in user's municipality."""
    if not current_user.is_authenticated:
        return None
    started = session.get("login_at", 0)
    if utcnow().timestamp() - started > current_app.config["ABSOLUTE_SESSION_SECONDS"]:
        logout_user()
        session.clear()
        flash(_("You were logged out because the session ran out. Please log in again."))
        return redirect(url_for("auth.login"))
    tenant = ALL_TENANTS if current_user.role == Role.ADMIN else current_user.municipality_id
    set_tenant(get_session(), tenant)
    return None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        db = get_session()
        set_tenant(db, ALL_TENANTS)  # the login itself reads and writes accounts of any municipality
        email = form.email.data.strip().lower()
        wait = throttle_wait(db, email, request.remote_addr)
        if wait:
            form.email.errors.append(wait_words(wait))
            return render_template("auth/login.html", form=form), 429
        user = db.exec(
            select(User).where(User.email == email).execution_options(all_tenants=True)
        ).first()
        may = user is not None and user.role != Role.CITIZEN and user.is_active
        # The hash is always checked (against a dummy when the account may not log in with a
        # password), so every failure takes as long: timing tells nobody who has an account.
        right = check_password(user.password_hash if may else None, form.password.data)
        if may and right:
            if wants_code(user):
                return begin_challenge(user)  # the session starts only after the code
            start_session(user)
            db.commit()
            return redirect(url_for("home.index"))
        failed(db, email, request.remote_addr)
        db.commit()
        form.password.errors.append(_("The e-mail or the password is wrong."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out everywhere: every session of this user stops working."""
    if current_user.is_authenticated:
        db = get_session()
        user = db.get(User, current_user.id, execution_options={"all_tenants": True})
        user.session_version += 1
        db.commit()
        logout_user()
    session.clear()
    flash(_("You are logged out."))
    return redirect(url_for("auth.login"))


@bp.route("/l/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def link_login(token):
    """Log a citizen in with their link (a GET only shows the button; link previews use GET)."""
    db = get_session()
    set_tenant(db, ALL_TENANTS)  # the link names its user; nobody is logged in yet
    row = db.exec(
        select(LoginToken).where(LoginToken.token_hash == token_hash(token))
        .execution_options(all_tenants=True)
    ).first()
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        return render_template("auth/link_invalid.html"), 410
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        user = db.get(User, row.user_id, execution_options={"all_tenants": True})
        if user is None or not user.is_active:
            abort(410)
        row.used_at = utcnow()
        start_session(user)
        db.commit()
        return redirect(url_for("home.index"))
    return render_template("auth/link_login.html", form=form)
