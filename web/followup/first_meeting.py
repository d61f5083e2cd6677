"""A pair's first meeting: the coordinator sets the municipality's offer (a partner café's free
coffee, Frederikshavn's idea) and an optional voucher code; both of the pair see it on their
page until the first meeting is logged."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional, Regexp, ValidationError

from models import Municipality, Role

from ..core.db import get_session
from ..privacy.access import role_required

bp = Blueprint("first_meeting", __name__, template_folder="templates",
               url_prefix="/first-meeting")


class OfferForm(FlaskForm):
    """The offer in the municipality's own words, and the code to show at the café."""

    offer = TextAreaField(_l("The offer, as the pair will read it"), validators=[
        Optional(), Length(max=500, message=_l("Keep it under 500 characters."))])
    code = StringField(_l("Voucher code (optional)"), validators=[
        Optional(), Length(max=40, message=_l("Keep the code under 40 characters.")),
        Regexp(r"^[A-Za-z0-9ÆØÅæøå-]+$", message=_l("Use letters, digits and dashes only."))])

    def validate_code(self, field):
        """A code needs an offer that says what it is for."""
        if (field.data or "").strip() and not (self.offer.data or "").strip():
            raise ValidationError(_("Write the offer too, so the pair knows what the code is for."))


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit():
    """Set or clear the municipality's first-meeting offer and its code."""
    db = get_session()
    town = db.get(Municipality, current_user.municipality_id)
    form = OfferForm(offer=town.first_meeting_offer, code=town.first_meeting_code or "")
    if form.validate_on_submit():
        town.first_meeting_offer = " ".join((form.offer.data or "").split())
        town.first_meeting_code = (form.code.data or "").strip() or None
        db.commit()
        flash(_("The offer is saved. New pairs see it until their first meeting is logged.")
              if town.first_meeting_offer else _("The offer is removed."))
        return redirect(url_for("first_meeting.edit"))
    return render_template("first_meeting/edit.html", form=form, town=town), \
        400 if form.errors else 200

