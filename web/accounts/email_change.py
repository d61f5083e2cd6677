"""A change of someone's login e-mail made by staff: it takes effect only when the person
confirms it, logged in as themselves, from a link sent to the new address; the old address is
told at once. Until then the old address stays the login (and gets any password reset)."""
import secrets
from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select, update

from models import ALL_TENANTS, User, Volunteer, set_tenant, utcnow
from models.security import EmailChange

from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..core.limits import limiter
from .reset import mail_message, send_now
from .tokens import token_hash

bp = Blueprint("email_change", __name__, template_folder="templates", url_prefix="/email")
CHANGE_DAYS = 7


def ask_to_change(db, user: User, new_email: str, by: User) -> None:
    """Ask ``user`` to confirm ``new_email`` as their login, telling the old address too
    (replaces any earlier request; the caller commits)."""
    db.execute(update(EmailChange).where(
        EmailChange.user_id == user.id, EmailChange.used_at.is_(None)).values(used_at=utcnow()))
    token = secrets.token_urlsafe(32)
    db.add(EmailChange(user_id=user.id, new_email=new_email, token_hash=token_hash(token),
                       created_by_id=by.id, expires_at=utcnow() + timedelta(days=CHANGE_DAYS)))
    link = current_app.config["BASE_URL"].rstrip("/") + url_for("email_change.confirm",
                                                                token=token)
    send_now(mail_message(new_email, _("Confirm your new e-mail for Rollemodel"), _(
        "Your coordinator has changed the e-mail you log in to Rollemodel with to this address."
        "\n\nLog in as you usually do, then open this link within %(d)d days to confirm it:\n"
        "%(link)s\n\nUntil you confirm, you log in with your old e-mail. If you did not expect "
        "this, do nothing and tell your coordinator.", d=CHANGE_DAYS, link=link)))
    if user.email:
        send_now(mail_message(user.email, _("Your e-mail for Rollemodel is being changed"), _(
            "Your coordinator has asked to change the e-mail you log in to Rollemodel with to "
            "%(new)s.\n\nNothing changes until you confirm it from that address. Until then you "
            "log in with this address as before. If you did not ask for this, tell your "
            "coordinator.", new=new_email)))


def pending(db, user_id: int) -> EmailChange | None:
    """The unconfirmed, unexpired change of this account's e-mail, if any."""
    return db.exec(select(EmailChange).where(
        EmailChange.user_id == user_id, EmailChange.used_at.is_(None),
        EmailChange.expires_at > utcnow())).first()


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def confirm(token):
    """Confirm a new login e-mail; only the account's own, logged-in person can."""
    db = get_session()
    set_tenant(db, ALL_TENANTS)  # the change row is not tenant-scoped
    row = db.exec(select(EmailChange).where(EmailChange.token_hash == token_hash(token))).first()
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        return render_template("auth/link_invalid.html"), 410
    mine = current_user.is_authenticated and current_user.id == row.user_id
    form = ConfirmForm()
    if not mine:
        # Holding the new address is not enough: whoever asked for the change may hold it.
        return render_template("auth/email_confirm.html", row=row, mine=False, form=form), 403
    if form.validate_on_submit():
        user = db.get(User, row.user_id)
        if user is None or not user.is_active:
            abort(410)
        taken = db.exec(select(User).where(User.email == row.new_email, User.id != user.id)
                        .execution_options(all_tenants=True)).first()
        if taken is not None:
            row.used_at = utcnow()
            db.commit()
            flash(_("Another account already uses this e-mail. Ask your coordinator."))
            return redirect(url_for("home.index"))
        user.email = row.new_email
        profile = db.exec(select(Volunteer).where(Volunteer.user_id == user.id)).first()
        if profile is not None:
            profile.email = row.new_email
        row.used_at = utcnow()
        db.commit()
        flash(_("Your new e-mail is saved. Log in with it from now on."))
        return redirect(url_for("home.index"))
    return render_template("auth/email_confirm.html", row=row, mine=True, form=form)
