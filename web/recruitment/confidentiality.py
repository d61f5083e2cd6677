"""The duty of confidentiality (tavshedserklæring): the volunteer reads and signs it here.

Signing the current version is a condition for being matched (``models.capacity``); the
version and the moment are recorded, as a screening is. A new version of the text asks for
a new signature before the next match and leaves the running matches alone.
"""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField
from wtforms.validators import DataRequired

from models import Role, utcnow
from models.confidentiality import current_version, has_signed, sign, text

from ..accounts.own_profile import current_volunteer
from ..core.db import get_session
from ..privacy.access import role_required

bp = Blueprint("confidentiality", __name__, template_folder="templates")


class SignForm(FlaskForm):
    """The promise, ticked, and the version of the text that was read."""

    version = HiddenField()
    agree = BooleanField(
        _l("I have read the duty of confidentiality, and I promise to keep it"),
        validators=[DataRequired(_l("Tick the box to sign."))])


@bp.route("/confidentiality", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER)
def sign_page():
    """Show the current text and let the volunteer sign it (once per version)."""
    db = get_session()
    volunteer = current_volunteer()
    version = current_version()
    form = SignForm(version=version)
    status = 200
    if form.validate_on_submit() and not has_signed(volunteer):
        if form.version.data == version:
            sign(volunteer, version, utcnow())
            db.commit()
            flash(_("Thank you. You have signed the duty of confidentiality."))
            return redirect(url_for("home.volunteer"))
        # The text changed while it was being read: what was ticked is not what is in force.
        form.agree.errors = [_("The text has just been updated. Read the new version, then sign.")]
        form.version.data = version
    if form.errors:
        status = 400
    return render_template(
        "confidentiality/sign.html", form=form, volunteer=volunteer, version=version,
        signed=has_signed(volunteer), text=text(version, get_locale().language),
    ), status
