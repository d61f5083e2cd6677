"""A volunteer pauses themselves (holiday, leave) with an expected return date, and resumes."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import DateField, RadioField
from wtforms.validators import InputRequired, ValidationError

from models import Event, EventInvite, Role, Stage, Volunteer, invitations, today, utcnow
from models import recruitment

from ..accounts.own_profile import current_volunteer
from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..privacy.access import role_required
from ..scheduling import messages
from ..scheduling.notices import coordinators, notify

bp = Blueprint("pause", __name__, template_folder="templates", url_prefix="/pause")

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
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


def answers_inside(session, volunteer: Volunteer, until) -> list[tuple[EventInvite, Event]]:
    """The volunteer's yeses (and waiting-list places) for events between now and the end of
    ``until``: the pause form asks about each of them (one query)."""
    last = datetime.combine(until + timedelta(days=1), time(0), tzinfo=COPENHAGEN)
    return session.exec(
        select(EventInvite, Event).join(Event, Event.id == EventInvite.event_id)
        .where(EventInvite.volunteer_id == volunteer.id,
               EventInvite.answer.in_((invitations.YES, invitations.WAIT)),
               Event.starts_at >= utcnow(), Event.starts_at < last)
        .order_by(Event.starts_at)).all()


def kept_answers(inside) -> dict[int, str] | None:
    """The volunteer's answer to "do you still come?" for each event inside the pause, or
    None while one is not answered (the page then asks)."""
    answers = {invite.id: request.form.get(f"keep-{invite.id}") for invite, _e in inside}
    return answers if all(a in ("yes", "no") for a in answers.values()) else None


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER)
def index():
    """Show the pause form, or the current pause with a button to come back."""
    me = current_volunteer()
    form = PauseForm()
    inside, unanswered = [], False
    if me.status == Stage.ACTIVE and form.validate_on_submit():
        db = get_session()
        inside = answers_inside(db, me, form.until.data)
        kept = kept_answers(inside)
        if kept is not None:
            recruitment.pause(session=db, volunteer=me, until=form.until.data, by_id=current_user.id,
                  note=form.reason.data)
            for invite, event in inside:
                if kept[invite.id] == "no":
                    _answer, moved = invitations.answer(db, invite, event, "no", utcnow())
                    messages.notify_event_places(db, moved)
            notify(db, "notify_volunteer_paused", me, coordinators(db), kind="volunteer_paused",
                   key=f"pause:{me.id}:{int(me.status_changed_at.timestamp())}",
                   link=url_for("home.coordinator"))
            db.commit()
            flash(_("You are on pause until %(d)s. Your coordinator has been told.",
                    d=format_date(me.pause_until)))
            return redirect(url_for("home.volunteer"))
        unanswered = any(f"keep-{i.id}" in request.form for i, _e in inside)
    return render_template("pause/index.html", me=me, form=form, resume_form=ConfirmForm(),
                           inside=inside, unanswered=unanswered)


@bp.route("/resume", methods=["POST"])
@role_required(Role.VOLUNTEER)
def resume():
    """End one's own pause."""
    me = current_volunteer()
    if me.status != Stage.PAUSED or not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    recruitment.resume(session=db, volunteer=me, by_id=current_user.id)
    notify(db, "notify_volunteer_resumed", me, coordinators(db), kind="volunteer_resumed",
           key=f"resume:{me.id}:{int(me.status_changed_at.timestamp())}",
           link=url_for("home.coordinator"))
    db.commit()
    flash(_("Welcome back! You are active again."))
    return redirect(url_for("home.volunteer"))
