"""How each user hears from Rollemodel, and the coordinator's reminder day counts."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, TelField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from models import Municipality, Role

from ..core.db import get_session
from ..core.phones import can_take_sms, normalise_phone
from ..privacy.access import role_required

bp = Blueprint("notifications", __name__, template_folder="templates", url_prefix="/notifications")


class ChannelsForm(FlaskForm):
    """E-mail and/or SMS, and the number for SMS."""

    notify_email = BooleanField(_l("By e-mail"))
    notify_sms = BooleanField(_l("By text message (SMS)"))
    phone = TelField(_l("Mobile number"), validators=[Length(max=40)])

    def validate_notify_email(self, field):
        """Need at least one way, and an address for e-mail."""
        if not field.data and not self.notify_sms.data:
            raise ValidationError(_("Choose at least one way to hear from us."))
        if field.data and not current_user.email:
            raise ValidationError(_("We have no e-mail address for you. Choose SMS instead."))

    def validate_phone(self, field):
        """SMS needs a valid mobile number; it is kept as +45…."""
        text = (field.data or "").strip()
        if self.notify_sms.data and not text:
            raise ValidationError(_("Write your mobile number to get SMS."))
        number = normalise_phone(text)
        if text and (number is None or not can_take_sms(number)):
            raise ValidationError(_("Write a Danish mobile number with 8 digits, e.g. 20 30 40 50."))
        field.data = number
        field.data = number or None


def _days(label, low, high):
    """An integer field for a number of days between ``low`` and ``high``."""
    return IntegerField(label, validators=[
        InputRequired(_l("Write a number of days.")),
        NumberRange(low, high, _l("Choose between %(min)s and %(max)s days.")),
    ])


class RulesForm(FlaskForm):
    """The municipality's day counts for prompts, alerts and proposals."""

    first_prompt_days = _days(_l("First reminder to the role model after"), 1, 60)
    second_prompt_days = _days(_l("Second reminder after"), 2, 90)
    risk_alert_days = _days(_l("Pair at risk (you get an alert) after"), 3, 180)
    proposal_expiry_days = _days(_l("Suggestions to a young person expire after"), 1, 60)

    def validate_second_prompt_days(self, field):
        """The second reminder comes after the first."""
        first = self.first_prompt_days.data
        if None not in (first, field.data) and field.data <= first:
            raise ValidationError(_("Must be more days than the first reminder."))

    def validate_risk_alert_days(self, field):
        """The alert comes after the second reminder."""
        second = self.second_prompt_days.data
        if None not in (second, field.data) and field.data <= second:
            raise ValidationError(_("Must be more days than the second reminder."))


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.COORDINATOR, Role.VOLUNTEER, Role.CITIZEN)
def index():
    """Let the user choose e-mail and/or SMS."""
    form = ChannelsForm(obj=current_user)
    if form.validate_on_submit():
        db = get_session()
        current_user.notify_email = form.notify_email.data
        current_user.notify_sms = form.notify_sms.data
        current_user.phone = form.phone.data
        db.add(current_user)
        db.commit()
        flash(_("Saved. We will reach you the way you chose."))
        return redirect(url_for("notifications.index"))
    return render_template("scheduling/notifications.html", form=form), 400 if form.errors else 200


@bp.route("/rules", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def rules():
    """Let the coordinator set the municipality's day counts."""
    db = get_session()
    town = db.get(Municipality, current_user.municipality_id)
    form = RulesForm(obj=town)
    if form.validate_on_submit():
        for name in ("first_prompt_days", "second_prompt_days", "risk_alert_days",
                     "proposal_expiry_days"):
            setattr(town, name, form[name].data)
        db.commit()
        flash(_("The reminder rules are saved."))
        return redirect(url_for("notifications.rules"))
    return render_template("scheduling/rules.html", form=form), 400 if form.errors else 200
