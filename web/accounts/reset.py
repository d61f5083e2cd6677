"""Password reset by e-mail, without revealing whether an account exists."""
import hashlib
import logging
import secrets
import smtplib
import threading
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlmodel import select, update
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from models import ALL_TENANTS, Role, User, set_tenant, utcnow
from models.security import PasswordReset

from ..core.db import get_session
from ..core.limits import limiter
from .passwords import hash_password, password_problem
from .sessions import lift_throttles

bp = Blueprint("reset", __name__, template_folder="templates", url_prefix="/password")
log = logging.getLogger(__name__)


class ForgotForm(FlaskForm):
    """The e-mail address to send a reset link to."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    """A new password, typed twice."""

    password = PasswordField(_l("New password"), validators=[DataRequired()])
    again = PasswordField(
        _l("The same password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )

    def validate_password(self, field):
        """Apply the password policy."""
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


def token_hash(token: str) -> str:
    """Hash a reset link's secret; only the hash is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def _account(db, email: str) -> User | None:
    """Return the active staff or volunteer account with this e-mail (citizens use links)."""
    user = db.exec(
        select(User).where(User.email == email).execution_options(all_tenants=True)
    ).first()
    if user is None or not user.is_active or user.role == Role.CITIZEN:
        return None
    return user


def _message(to: str, link: str) -> EmailMessage:
    """Build the reset e-mail; it holds the link and nothing about the account."""
    minutes = current_app.config["RESET_LINK_MINUTES"]
    return mail_message(to, _("Choose a new password for Rollemodel"), _(
        "Someone asked to choose a new password for Rollemodel with this e-mail address.\n\n"
        "Open this link within %(m)d minutes to choose a new password:\n%(link)s\n\n"
        "If it was not you, you can ignore this e-mail. Your password stays the same.",
        m=minutes, link=link,
    ))


def mail_message(to: str, subject: str, body: str) -> EmailMessage:
    """Build a plain e-mail from the service."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = current_app.config["MAIL_FROM"]
    msg["To"] = to
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid("link")  # the outbox's mails are "notification-<id>"
    msg.set_content(body)
    return msg


def _deliver(config: dict, msg: EmailMessage) -> None:
    """Send one message over SMTP; failures are logged without the address or link."""
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as err:
        log.warning("reset mail not delivered: %s", type(err).__name__)


def send_reset(user: User, link: str) -> None:
    """Send the reset mail in the background, so the answer takes as long with or without it."""
    send_now(_message(user.email, link))


def send_now(msg: EmailMessage) -> None:
    """Send a mail holding a secret link straight away, in the background: such links are
    never kept in the outbox, where they would be readable."""
    if current_app.config.get("MAIL_BACKEND") == "log":
        log.info("mail %r not sent (log backend)", msg["Subject"])
        return
    config = {k: current_app.config.get(k) for k in (
        "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD")}
    threading.Thread(target=_deliver, args=(config, msg), daemon=True).start()


def issue_reset(db, user: User) -> None:
    """Make a reset link for ``user`` and mail it to their own address (the caller commits).

    This is the only way staff can help someone with a password back into their account: the
    link goes to the person, never to the page of whoever asked for it."""
    token = secrets.token_urlsafe(32)
    db.add(PasswordReset(
        user_id=user.id, token_hash=token_hash(token),
        expires_at=utcnow() + timedelta(minutes=current_app.config["RESET_LINK_MINUTES"]),
    ))
    link = current_app.config["BASE_URL"].rstrip("/") + url_for("reset.choose", token=token)
    send_reset(user, link)


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def forgot():
    """Ask for a reset link; the answer is the same whether or not the address is known."""
    form = ForgotForm()
    if form.validate_on_submit():
        db = get_session()
        set_tenant(db, ALL_TENANTS)  # nobody is logged in; the address may be of any municipality
        token = secrets.token_urlsafe(32)  # made either way, so both paths do the same work
        user = _account(db, form.email.data.strip().lower())
        if user is not None:
            db.add(PasswordReset(
                user_id=user.id, token_hash=token_hash(token),
                expires_at=utcnow() + timedelta(minutes=current_app.config["RESET_LINK_MINUTES"]),
            ))
            db.commit()
            link = current_app.config["BASE_URL"].rstrip("/") + url_for("reset.choose", token=token)
            send_reset(user, link)
        return render_template("security/reset_sent.html")
    return render_template("security/forgot.html", form=form), (400 if form.errors else 200)


def _valid_reset(db, token: str) -> PasswordReset | None:
    """Return the unused, unexpired reset row for ``token``."""
    row = db.exec(
        select(PasswordReset).where(PasswordReset.token_hash == token_hash(token))
    ).first()
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        return None
    return row


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def choose(token):
    """Choose a new password with a reset link (a GET only shows the form)."""
    db = get_session()
    set_tenant(db, ALL_TENANTS)
    row = _valid_reset(db, token)
    if row is None:
        return render_template("auth/link_invalid.html"), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        user = db.get(User, row.user_id)
        if user is None or not user.is_active:
            return render_template("auth/link_invalid.html"), 410
        user.password_hash = hash_password(form.password.data)
        user.session_version += 1  # every session that a thief may hold ends now
        lift_throttles(db, user)  # whoever was slowed down by guesses, the owner is back in
        db.execute(update(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        ).values(used_at=utcnow()))
        db.commit()
        flash(_("Your new password is saved. Log in with it now."))
        return redirect(url_for("auth.login"))
    return render_template("security/reset_choose.html", form=form), (400 if form.errors else 200)
