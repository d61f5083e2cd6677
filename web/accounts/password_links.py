"""Giving an active volunteer access: their account and a single-use link to choose a password."""
import secrets
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import PasswordField
from wtforms.validators import EqualTo, InputRequired, ValidationError

from models import ALL_TENANTS, PasswordLink, Role, User, Volunteer, set_tenant, utcnow

from ..core.db import get_session
from ..core.limits import limiter
from .passwords import hash_password, password_problem
from .reset import mail_message, send_now
from .sessions import start_session
from .tokens import token_hash

bp = Blueprint("welcome", __name__, template_folder="templates")
LINK_DAYS = 7


class PasswordForm(FlaskForm):
    """A new password, typed twice."""

    password = PasswordField(_l("Choose a password"), validators=[
        InputRequired(_l("Write a password."))])
    repeat = PasswordField(_l("The same password again"), validators=[
        InputRequired(_l("Write the password again.")),
        EqualTo("password", _l("The two passwords are not the same."))])

    def validate_password(self, field):
        """Apply the password policy."""
        problem = password_problem(field.data)
        if problem:
            raise ValidationError(problem)


def email_taken(db, email: str | None, volunteer: Volunteer) -> bool:
    """Tell whether another volunteer here, or any other account, already uses ``email``."""
    if not email:
        return False
    other = db.exec(select(Volunteer).where(
        Volunteer.email == email, Volunteer.id != volunteer.id)).first()
    users = db.exec(select(User).where(User.email == email).execution_options(all_tenants=True))
    return other is not None or any(u.id != volunteer.user_id for u in users)


def ensure_account(db, volunteer: Volunteer) -> tuple[User | None, str | None]:
    """Return the volunteer's login account, creating it; or None and why it cannot be made."""
    if volunteer.user_id:
        return db.get(User, volunteer.user_id), None
    if not volunteer.email:
        return None, _("Add an e-mail address to the profile first; it is the login name.")
    if email_taken(db, volunteer.email, volunteer):
        return None, _("Another account already uses this e-mail. Change the e-mail first.")
    user = User(municipality_id=volunteer.municipality_id, role=Role.VOLUNTEER,
                name=volunteer.name, email=volunteer.email, phone=volunteer.phone)
    db.add(user)
    db.flush()
    volunteer.user_id = user.id
    return user, None


def has_been_used(user: User) -> bool:
    """Tell whether the account has ever had a password or been logged into (by any way).

    Only an account that never has may get a link that sets its password: for any other, such a
    link would let whoever holds it become that person."""
    return user.password_hash is not None or user.last_login_at is not None


def make_link(db, user: User, created_by: User) -> str:
    """Create a single-use link to choose a first password, replacing unused ones; return it."""
    if has_been_used(user):
        raise ValueError("a set-password link is only for an account never used")
    for old in db.exec(select(PasswordLink).where(
            PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None))):
        old.used_at = utcnow()  # only the newest link works
    token = secrets.token_urlsafe(24)
    db.add(PasswordLink(
        municipality_id=user.municipality_id, user_id=user.id, token_hash=token_hash(token),
        created_by_id=created_by.id, expires_at=utcnow() + timedelta(days=LINK_DAYS)))
    return url_for("welcome.choose_password", token=token, _external=True)


def mail_link(user: User, link: str, municipality: str | None) -> bool:
    """Mail a first-password link to the person's own address, in their language; False when
    they have no address. The mail goes straight out and the link is never kept in the outbox."""
    if not user.email:
        return False
    where = municipality or "Rollemodel"
    with force_locale(user.language or "da"):
        subject = _("Your login for Rollemodel")
        body = _(
            "Hello %(name)s,\n\n%(where)s has made a login for you in Rollemodel. Open this link "
            "within %(days)d days and choose a password:\n%(link)s\n\nAfterwards you log in with "
            "this e-mail address, %(email)s, and your password.\n\nIf you did not expect this "
            "e-mail, you can ignore it.", name=user.name.split()[0], where=where, days=LINK_DAYS,
            link=link, email=user.email)
    send_now(mail_message(user.email, subject, body))
    return True


def _valid_link(db, token: str) -> PasswordLink:
    """Find an unused, unexpired link, or answer 410."""
    row = db.exec(select(PasswordLink).where(PasswordLink.token_hash == token_hash(token))).first()
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        abort(410)
    return row


@bp.route("/adgang/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def choose_password(token):
    """Let a new volunteer choose a password with their link, then log them in."""
    db = get_session()
    set_tenant(db, ALL_TENANTS)  # the link names its user; nobody is logged in yet
    row = _valid_link(db, token)
    user = db.get(User, row.user_id)
    if user is None or not user.is_active or has_been_used(user):
        abort(410)  # a password chosen since (or a login) makes every older link void
    form = PasswordForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("auth/welcome.html", form=form, user=user), status
    user.password_hash = hash_password(form.password.data)
    user.session_version += 1  # a new password ends every other session of the account
    row.used_at = utcnow()
    start_session(user)
    db.commit()
    flash(_("Welcome! Your password is saved. Next time, log in with your e-mail and it."))
    return redirect(url_for("home.index"))
