"""A volunteer pauses themselves (holiday, leave) with an expected return date, and resumes."""
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import DateField, RadioField
from wtforms.validators import InputRequired, ValidationError

from models import Match, MatchStatus, Role, Stage, Volunteer, VolunteerStep, today, utcnow

from ..accounts.own_profile import current_volunteer
from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..privacy.access import role_required
from ..scheduling.notices import coordinators, notify

bp = Blueprint("pause", __name__, template_folder="templates", url_prefix="/pause")

MAX_PAUSE_DAYS = 366
REASONS = {
    "holiday": _l("Holiday"),
    "leave": _l("Leave (for example parental leave)"),
    "other": _l("Something else"),
}


class PauseForm(FlaskForm):
    """Why (a choice, never free text) and until when."""

    reason = RadioField(_l("Why are you pausing?"), default="holiday",
                        choices=list(REASONS.items()),
                        validators=[InputRequired(_l("Choose a reason."))])
    until = DateField(_l("When do you expect to be back?"),
                      validators=[InputRequired(_l("Choose the date you expect to be back."))])

    def validate_until(self, field):
        """Ask for a date after today and within a year."""
        if field.data is None:  # unreadable date: the field's own message is shown
            return
        if field.data <= today():
            raise ValidationError(_("Choose a date after today."))
        if field.data > today() + timedelta(days=MAX_PAUSE_DAYS):
            raise ValidationError(_("Choose a date within a year. You can pause again later."))


def pause_volunteer(session, volunteer: Volunteer, until, reason: str, by_id: int) -> None:
    """Put a volunteer and their active matches on pause (the caller commits)."""
    now = utcnow()
    volunteer.status, volunteer.pause_until, volunteer.status_changed_at = Stage.PAUSED, until, now
    session.add(VolunteerStep(volunteer_id=volunteer.id, stage=Stage.PAUSED, at=now,
                              by_id=by_id, note=reason))
    for match in session.exec(select(Match).where(
        Match.volunteer_id == volunteer.id, Match.status == MatchStatus.ACTIVE
    )):
        # A paused pair is not late: the reminders and the risk list leave it alone.
        match.status, match.paused_at = MatchStatus.PAUSED, now


def resume_volunteer(session, volunteer: Volunteer, by_id: int) -> None:
    """Bring a paused volunteer back, with the matches their pause put on hold."""
    since = volunteer.status_changed_at
    now = utcnow()
    volunteer.status, volunteer.pause_until, volunteer.status_changed_at = Stage.ACTIVE, None, now
    session.add(VolunteerStep(volunteer_id=volunteer.id, stage=Stage.ACTIVE, at=now,
                              by_id=by_id, note="resumed"))
    for match in session.exec(select(Match).where(
        Match.volunteer_id == volunteer.id, Match.status == MatchStatus.PAUSED,
        Match.paused_at >= since,
    )):
        match.status, match.paused_at = MatchStatus.ACTIVE, None


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER)
def index():
    """Show the pause form, or the current pause with a button to come back."""
    me = current_volunteer()
    form = PauseForm()
    if me.status == Stage.ACTIVE and form.validate_on_submit():
        db = get_session()
        pause_volunteer(db, me, form.until.data, form.reason.data, current_user.id)
        notify(db, "notify_volunteer_paused", me, coordinators(db), kind="volunteer_paused",
               key=f"pause:{me.id}:{int(me.status_changed_at.timestamp())}",
               link=url_for("home.coordinator"))
        db.commit()
        flash(_("You are on pause until %(d)s. Your coordinator has been told.",
                d=format_date(me.pause_until)))
        return redirect(url_for("home.volunteer"))
    return render_template("pause/index.html", me=me, form=form, resume_form=ConfirmForm())


@bp.route("/resume", methods=["POST"])
@role_required(Role.VOLUNTEER)
def resume():
    """End one's own pause."""
    me = current_volunteer()
    if me.status != Stage.PAUSED or not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    resume_volunteer(db, me, current_user.id)
    notify(db, "notify_volunteer_resumed", me, coordinators(db), kind="volunteer_resumed",
           key=f"resume:{me.id}:{int(me.status_changed_at.timestamp())}",
           link=url_for("home.coordinator"))
    db.commit()
    flash(_("Welcome back! You are active again."))
    return redirect(url_for("home.volunteer"))
