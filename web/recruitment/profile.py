"""A role model's own profile: contact details, photo and when they can meet."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from models import Role, Volunteer
from models.towns import town_names

from ..accounts.password_links import email_taken
from ..core.db import get_session
from ..privacy.access import role_required
from .forms import ContactForm, availability_field
from ..core.forms import ConfirmForm
from .photos import PhotoForm, drop_photo, save_photo
from .volunteers import sync_account

bp = Blueprint("profile", __name__, template_folder="templates", url_prefix="/profile")


@bp.context_processor
def _towns():
    """Town names for the town field's suggestions."""
    return {"town_names": town_names}


class OwnProfileForm(ContactForm):
    """What a role model may change about themselves (the rest is the coordinator's)."""

    availability = availability_field()


def _me() -> Volunteer:
    """Return the logged-in role model's profile, or 404 when none is linked."""
    me = get_session().exec(select(Volunteer).where(Volunteer.user_id == current_user.id)).first()
    if me is None:
        abort(404)
    return me


def _render(me, form, photo_form, status=200):
    """Render the profile page with both forms."""
    return render_template("profile/edit.html", me=me, form=form, photo_form=photo_form,
                           remove_form=ConfirmForm()), status


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER)
def edit():
    """Let the role model change their contact details and when they can meet."""
    me = _me()
    form = OwnProfileForm(obj=me)
    del form.name  # the name on the profile is what young people see; the coordinator keeps it
    if form.validate_on_submit():
        email = (form.email.data or "").strip().lower()
        if not email:
            form.email.errors = [_("You log in with your e-mail, so it must be there.")]
        elif email_taken(get_session(), email, me):
            form.email.errors = [_("Another person already uses this e-mail.")]
        else:
            form.copy_contact_to(me)
            me.availability = form.availability.data
            sync_account(get_session(), me)
            get_session().commit()
            flash(_("Your details are saved."))
            return redirect(url_for("profile.edit"))
    status = 400 if form.is_submitted() else 200
    return _render(me, form, PhotoForm(formdata=None), status)


@bp.route("/photo", methods=["POST"])
@role_required(Role.VOLUNTEER)
def photo():
    """Let the role model upload a new photo of themselves."""
    me = _me()
    photo_form = PhotoForm()
    if photo_form.validate_on_submit() and save_photo(photo_form.photo, me):
        flash(_("Your photo is saved."))
        return redirect(url_for("profile.edit"))
    form = OwnProfileForm(formdata=None, obj=me)
    del form.name
    return _render(me, form, photo_form, 400)


@bp.route("/photo/remove", methods=["POST"])
@role_required(Role.VOLUNTEER)
def remove_photo():
    """Let the role model remove their photo."""
    me = _me()
    if ConfirmForm().validate_on_submit() and me.photo:
        drop_photo(me)
        flash(_("Your photo is removed. Young people see a drawing until you add a new one."))
    return redirect(url_for("profile.edit"))
