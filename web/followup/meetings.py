"""The meeting log: a volunteer records that a meeting took place, never what was said."""
from datetime import date, timedelta
from zoneinfo import ZoneInfo
from types import SimpleNamespace

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import bindparam
from sqlmodel import select
from wtforms import DateField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from models import (
    MEETING_FORMS, Citizen, Match, MatchStatus, Meeting, Role, Volunteer, today, utcnow,
)
from models.cadence import PROMISE_DAYS

from ..core import labels
from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..privacy.access import role_required
from .notes import seal, unseal

bp = Blueprint("meetings", __name__, template_folder="templates", url_prefix="/meetings")

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
EDIT_DAYS = 7  # a log entry can be corrected or removed this long after it was written
DURATIONS = (15, 30, 45, 60, 90, 120, 180, 240)


class MeetingForm(FlaskForm):
    """Date, length and form of a meeting, plus the volunteer's own private note."""

    held_on = DateField(_l("Date"), validators=[InputRequired(_l("Choose the date you met."))])
    duration = SelectField(_l("How long"), coerce=int, default=60)
    form = RadioField(_l("How did you meet?"), default="in_person",
                      validators=[InputRequired(_l("Choose how you met."))])
    note = TextAreaField(_l("Private note (only you can read it)"), validators=[
        Optional(), Length(max=2000, message=_l("Keep the note under 2000 characters."))])

    def __init__(self, *args, started_on=None, paused_on=None, **kwargs):
        """Fill the choices and remember when the match started (and was paused, if it is)."""
        super().__init__(*args, **kwargs)
        self.started_on, self.paused_on = started_on, paused_on
        self.duration.choices = [(m, _("%(n)d minutes", n=m)) for m in DURATIONS]
        self.form.choices = [(code, labels.MEETING_FORMS[code]) for code in MEETING_FORMS]

    def validate_held_on(self, field):
        """Refuse dates in the future and dates before the match started."""
        if field.data is None:  # unreadable date: the field's own message is shown
            return
        if field.data > today():
            raise ValidationError(_("The date cannot be in the future."))
        if self.started_on and field.data < self.started_on:
            raise ValidationError(_("The date is before you were matched (%(d)s).",
                                    d=format_date(self.started_on)))
        if self.paused_on and field.data > self.paused_on:
            raise ValidationError(_("You have been on pause since %(d)s. Log the meetings from "
                                    "before the pause.", d=format_date(self.paused_on)))


def editable(meeting: Meeting) -> bool:
    """Tell whether a log entry is still inside its correction window."""
    return utcnow() - meeting.created_at < timedelta(days=EDIT_DAYS)


# One of the logged-in volunteer's own matches, with what the pages show of it and of the
# young person (one query, built once): nothing when the match is someone else's.
OWN_MATCH = (
    select(Match.id, Match.volunteer_id, Match.status, Match.started_on, Match.paused_at,
           Citizen.name.label("citizen_name"))
    .join(Volunteer, Volunteer.id == Match.volunteer_id)
    .join(Citizen, Citizen.id == Match.citizen_id)
    .where(Match.id == bindparam("match"), Volunteer.user_id == bindparam("user"))
)
# One of the volunteer's own log entries, with its match's start, whose match it is and the
# young person's name (one query, built once).
OWN_MEETING = (
    select(Meeting, Match.volunteer_id.label("match_volunteer_id"), Match.started_on,
           Citizen.name.label("citizen_name"))
    .join(Volunteer, Volunteer.id == Meeting.volunteer_id)
    .join(Match, Match.id == Meeting.match_id)
    .join(Citizen, Citizen.id == Match.citizen_id)
    .where(Meeting.id == bindparam("meeting"), Volunteer.user_id == bindparam("user"))
)


def _own_match(match_id: int, live_only: bool = True):
    """Return one of the volunteer's own matches (live unless told otherwise), or 404."""
    row = get_session().exec(OWN_MATCH, params={"match": match_id,
                                                "user": current_user.id}).first()
    if row is None or (live_only and row.status not in MatchStatus.LIVE):
        abort(404)
    return row


def _own_meeting(meeting_id: int, match_too: bool = False):
    """Return one of the volunteer's own log entries that can still be changed, with its
    match's start and young person, or 404/403 (404 also when ``match_too`` and the match
    is not the volunteer's)."""
    row = get_session().exec(OWN_MEETING, params={"meeting": meeting_id,
                                                  "user": current_user.id}).first()
    if row is None:
        abort(404)
    if not editable(row.Meeting):
        abort(403)
    if match_too and row.match_volunteer_id != row.Meeting.volunteer_id:
        abort(404)
    return row


def paused_day(match) -> date | None:
    """The Copenhagen day a paused match was paused (None when it is not on pause)."""
    if match.status != MatchStatus.PAUSED or match.paused_at is None:
        return None
    return match.paused_at.astimezone(COPENHAGEN).date()


def first_name(name: str) -> str:
    """The young person's first name, as the role model is shown it."""
    return Citizen.first_name.fget(SimpleNamespace(name=name))


@bp.route("/new/<int:match_id>", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER)
def new(match_id):
    """Log a meeting with one's young person (one query to show the form)."""
    match = _own_match(match_id)
    paused_on = paused_day(match)
    form = MeetingForm(started_on=match.started_on, paused_on=paused_on)
    if form.validate_on_submit():
        db = get_session()
        db.add(Meeting(
            match_id=match.id, volunteer_id=match.volunteer_id, held_on=form.held_on.data,
            duration_minutes=form.duration.data, form=form.form.data,
            private_note=seal(form.note.data),
        ))
        db.commit()
        flash(_("Thank you — the meeting is logged."))
        return redirect(url_for("home.volunteer"))
    if not form.is_submitted():
        form.held_on.data = min(today(), paused_on or today())
    return render_template("meetings/form.html", form=form,
                           first_name=first_name(match.citizen_name), meeting=None,
                           paused_on=paused_on)


@bp.route("/match/<int:match_id>")
@role_required(Role.VOLUNTEER)
def history(match_id):
    """List the meetings logged with one young person, with one's own notes (two queries)."""
    match = _own_match(match_id, live_only=False)
    meetings = get_session().exec(
        select(Meeting).where(Meeting.match_id == match.id,
                              Meeting.volunteer_id == match.volunteer_id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    ).all()
    rows = [(m, unseal(m.private_note), editable(m)) for m in meetings]
    next_due = meetings[0].held_on + timedelta(days=PROMISE_DAYS) if meetings else None
    return render_template("meetings/history.html", match=match,
                           first_name=first_name(match.citizen_name), rows=rows,
                           next_due=next_due, edit_days=EDIT_DAYS,
                           has_notes=any(note for _m, note, _e in rows))


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER)
def edit(meeting_id):
    """Correct a log entry during its first days."""
    row = _own_meeting(meeting_id, match_too=True)
    meeting = row.Meeting
    form = MeetingForm(started_on=row.started_on)
    if form.validate_on_submit():
        meeting.held_on = form.held_on.data
        meeting.duration_minutes = form.duration.data
        meeting.form = form.form.data
        meeting.private_note = seal(form.note.data)
        meeting.updated_at = utcnow()
        get_session().commit()
        flash(_("The meeting is updated."))
        return redirect(url_for("meetings.history", match_id=meeting.match_id))
    if not form.is_submitted():
        form.held_on.data = meeting.held_on
        form.duration.data = meeting.duration_minutes
        form.form.data = meeting.form
        form.note.data = unseal(meeting.private_note)
    return render_template("meetings/form.html", form=form,
                           first_name=first_name(row.citizen_name), meeting=meeting,
                           delete_form=ConfirmForm())


@bp.route("/<int:meeting_id>/delete", methods=["POST"])
@role_required(Role.VOLUNTEER)
def delete(meeting_id):
    """Remove a log entry during its first days."""
    meeting = _own_meeting(meeting_id).Meeting
    if not ConfirmForm().validate_on_submit():
        abort(400)
    match_id = meeting.match_id
    db = get_session()
    db.delete(meeting)
    db.commit()
    flash(_("The meeting is removed from the log."))
    return redirect(url_for("meetings.history", match_id=match_id))
