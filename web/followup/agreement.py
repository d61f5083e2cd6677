"""A good start and a good ending: what a pair agrees, and the coordinator's thank-you.

At the start the pair agrees how they keep in touch (``models.voice.RHYTHMS``: several times a
week, weekly, a weekly call, every 14 days — never looser) and, if they like, a planned end
date. Either side of the pair can set or change it on their pair page; the scheduler's
reminders follow the agreed rhythm, and two weeks before the planned end both are asked to
plan a last meeting. When a pair has ended, the coordinator sends each side a thank-you once.
"""
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField
from wtforms.validators import InputRequired, Optional, ValidationError

from models import Citizen, Match, MatchStatus, Role, Volunteer, today, utcnow

from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..core.labels import RHYTHMS
from ..privacy.access import get_or_404, role_required
from ..scheduling import messages

bp = Blueprint("agreement", __name__, template_folder="templates", url_prefix="/matches")
LONGEST_PLAN_DAYS = 3 * 366  # a planned end further away than three years is a typo


class AgreementForm(FlaskForm):
    """How the pair keeps in touch, and when they plan to end (optional)."""

    rhythm = RadioField(_l("How do you keep in touch?"), choices=list(RHYTHMS.items()),
                        validators=[InputRequired(_l("Choose how you keep in touch."))])
    planned_end_on = DateField(_l("Planned end date (if you have agreed one)"),
                               validators=[Optional()])

    def validate_planned_end_on(self, field):
        """A planned end lies ahead, and not years ahead."""
        if field.data is None:
            return
        if field.data <= today():
            raise ValidationError(_("Choose a day after today."))
        if field.data > today() + timedelta(days=LONGEST_PLAN_DAYS):
            raise ValidationError(_("Choose a day within three years."))


def own_live_match(match_id: int) -> Match:
    """The logged-in role model's or young person's own live match, or 404."""
    match = get_or_404(Match, match_id)
    profile = Volunteer if current_user.role == Role.VOLUNTEER else Citizen
    me = get_session().get(profile, match.volunteer_id if profile is Volunteer
                           else match.citizen_id)
    if me is None or me.user_id != current_user.id or match.status not in MatchStatus.LIVE:
        abort(404)
    return match


@bp.route("/<int:match_id>/agreement", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER, Role.CITIZEN)
def edit(match_id):
    """Set or change what the pair agreed."""
    match = own_live_match(match_id)
    form = AgreementForm(data={"rhythm": match.rhythm, "planned_end_on": match.planned_end_on})
    if form.validate_on_submit():
        match.rhythm, match.planned_end_on = form.rhythm.data, form.planned_end_on.data
        get_session().commit()
        flash(_("Saved. Your reminders now follow what you agreed."))
        return redirect(url_for("matches.pair", match_id=match.id))
    return render_template("agreement/edit.html", form=form, match=match), \
        400 if form.is_submitted() else 200


@bp.route("/<int:match_id>/thanks", methods=["POST"])
@role_required(Role.COORDINATOR)
def thanks(match_id):
    """The coordinator thanks both sides of an ended pair, once."""
    match = get_or_404(Match, match_id)
    if not ConfirmForm().validate_on_submit() or match.status != MatchStatus.ENDED:
        abort(400)
    if match.thanked_at is None:
        match.thanked_at = utcnow()
        messages.notify_thanks(get_session(), match)
        get_session().commit()
    flash(_("Your thank-you is sent to both."))
    return redirect(url_for("matches.detail", match_id=match.id))
