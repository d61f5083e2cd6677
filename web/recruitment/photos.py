"""Profile photos: checked uploads, and serving them only inside the municipality."""
import os

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlmodel import select

from models import Citizen, Match, Proposal, ProposalOption, ProposalStatus, Role, Volunteer
from models.photos import MAX_BYTES, PhotoError, delete_photo, photo_path, store_photo

from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..privacy.access import get_or_404, role_required

bp = Blueprint("photos", __name__, template_folder="templates")

PHOTO_ERRORS = {
    "too_large": _l("The photo is too large. Choose one under 5 MB."),
    "not_image": _l("We could not read the file as a picture. Choose a photo."),
    "bad_format": _l("Use a JPEG, PNG or WebP photo."),
    "bomb": _l("The photo has far too many pixels. Choose a smaller photo."),
}


class PhotoForm(FlaskForm):
    """One photo file."""

    photo = FileField(_l("Photo"), description=_l("JPEG, PNG or WebP, at most 5 MB."))


def take_photo(field) -> str | None:
    """Store the file uploaded in ``field`` and return its name; on refusal add the error."""
    upload = field.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    try:
        # Read one byte past the limit so a larger file is noticed without reading it all.
        return store_photo(upload.read(MAX_BYTES + 1), current_app.config["PHOTO_DIR"])
    except PhotoError as err:
        field.errors = [*field.errors, PHOTO_ERRORS[err.code]]
        return None


def put_photo(volunteer: Volunteer, name: str | None):
    """Give the volunteer a newly stored photo and return a function that removes the old one."""
    old = volunteer.photo
    if name:
        volunteer.photo = name

    def cleanup():
        """Delete the replaced files once the new name is committed."""
        if name and old and old != name:
            delete_photo(current_app.config["PHOTO_DIR"], old)

    return cleanup


def drop_photo(volunteer: Volunteer) -> None:
    """Take the volunteer's photo away and commit, then delete its files."""
    old, volunteer.photo = volunteer.photo, None
    get_session().commit()
    if old:
        delete_photo(current_app.config["PHOTO_DIR"], old)


def save_photo(field, volunteer: Volunteer) -> bool:
    """Store the photo uploaded in ``field`` on ``volunteer`` and commit; False leaves an error."""
    name = take_photo(field)
    if name is None and not field.errors:
        field.errors = [_("Choose a photo to upload.")]
    if field.errors:
        return False
    cleanup = put_photo(volunteer, name)
    get_session().commit()
    cleanup()
    return True


def may_see_photo(db, volunteer: Volunteer) -> bool:
    """Tell whether the logged-in user may see this volunteer's photo (one query at most)."""
    if current_user.role in (Role.COORDINATOR, Role.ADMIN):
        return True  # the municipality's own staff (get_or_404 kept the wall)
    if current_user.role == Role.VOLUNTEER:
        return volunteer.user_id == current_user.id
    if current_user.role != Role.CITIZEN:
        return False
    me = select(Citizen.id).where(Citizen.user_id == current_user.id).scalar_subquery()
    suggested = (select(ProposalOption.id)
                 .join(Proposal, Proposal.id == ProposalOption.proposal_id)
                 .where(ProposalOption.volunteer_id == volunteer.id, Proposal.citizen_id == me,
                        Proposal.status != ProposalStatus.DRAFT))
    matched = select(Match.id).where(Match.volunteer_id == volunteer.id, Match.citizen_id == me)
    return db.exec(select(sa.or_(sa.exists(suggested), sa.exists(matched)))).one()


@bp.route("/photos/<int:volunteer_id>")
@bp.route("/photos/<int:volunteer_id>/thumb", defaults={"thumb": True})
@login_required
def show(volunteer_id, thumb=False):
    """Send a volunteer's photo to whoever may see it: staff of the municipality, the volunteer,
    and a young person to whom they were suggested or who has them as role model."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    if not may_see_photo(get_session(), volunteer):
        abort(404)
    path = photo_path(current_app.config["PHOTO_DIR"], volunteer.photo, thumb)
    if path is None or not os.path.exists(path):
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=300)
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/volunteers/<int:volunteer_id>/photo", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def upload(volunteer_id):
    """Let the coordinator upload or replace a volunteer's photo."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    form = PhotoForm()
    if form.validate_on_submit() and save_photo(form.photo, volunteer):
        flash(_("The photo is saved."))
        return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id))
    status = 400 if form.is_submitted() else 200
    return render_template("volunteers/photo.html", form=form, volunteer=volunteer,
                           remove_form=ConfirmForm()), status


@bp.route("/volunteers/<int:volunteer_id>/photo/remove", methods=["POST"])
@role_required(Role.COORDINATOR)
def remove(volunteer_id):
    """Let the coordinator remove a volunteer's photo (young people then see a drawing)."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    if ConfirmForm().validate_on_submit() and volunteer.photo:
        drop_photo(volunteer)
        flash(_("The photo is removed."))
    return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id))
