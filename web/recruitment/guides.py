"""The call guide (first phone call) and the match guide (the matching interview)."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from models import Role, Stage, Volunteer, today
from models.recruitment import move

from ..core.db import get_session
from ..privacy.access import get_or_404, role_required
from .forms import MatchProfileForm, availability_field, not_in_future
from .photos import put_photo, take_photo
from .pipeline_forms import BAD_CHOICE, BAD_DATE, step_time

bp = Blueprint("guides", __name__, template_folder="templates", url_prefix="/volunteers")
NOTE_FIELDS = ("heard_from", "experience", "time", "commitment", "info_meeting", "questions")
YES_UNSURE_NO = [("yes", _l("Yes")), ("unsure", _l("Not sure yet")), ("no", _l("No"))]


def _text(label, description, long=False):
    """A short optional answer with the question as its hint."""
    kind = TextAreaField if long else StringField
    return kind(label, description=description, validators=[Optional(), Length(max=500)])


class CallGuideForm(FlaskForm):
    """The questions of the first phone call with someone who showed interest."""

    called_on = DateField(_l("Called on"), default=today,
                          invalid_value_message=BAD_DATE,
                          validators=[DataRequired(BAD_DATE), not_in_future])
    heard_from = _text(_l("Heard about us from"), _l(
        "How did you hear about the role-model network?"))
    motivation = TextAreaField(_l("Motivation"), validators=[Optional(), Length(max=1000)],
                               description=_l("What makes you want to be a role model for a "
                                              "young person?"))
    experience = _text(_l("Experience with young people"), _l(
        "Do you know young people, from work, a club or your family?"), long=True)
    time = _text(_l("Time"), _l(
        "How much time do you have? Can you meet a young person at least every 14 days?"))
    availability = availability_field()
    commitment = RadioField(_l("Learning meetings and training days"), choices=YES_UNSURE_NO,
                            description=_l("Can you come to a learning meeting every month or "
                                           "two, and to two training days before you start?"),
                            validators=[InputRequired(_l("Choose an answer."))],
                            invalid_choice_message=BAD_CHOICE)
    info_meeting = RadioField(_l("Information meeting"), choices=YES_UNSURE_NO,
                              description=_l("Would you like to come to an information meeting "
                                             "to hear more?"),
                              validators=[InputRequired(_l("Choose an answer."))],
                              invalid_choice_message=BAD_CHOICE)
    questions = _text(_l("Questions and promises"), _l(
        "What did they ask about, and what did we promise to send?"), long=True)


def _advance(db, volunteer: Volunteer, stage: str, on, note: str) -> bool:
    """Move the volunteer on to ``stage`` if they are at an earlier step; tell whether moved."""
    order = Stage.PIPELINE
    if volunteer.status not in order or order.index(volunteer.status) >= order.index(stage):
        return False
    move(session=db, volunteer=volunteer, stage=stage, by_id=current_user.id,
         at=step_time(on), note=note)
    return True


@bp.route("/<int:volunteer_id>/call-guide", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def call_guide(volunteer_id):
    """Fill in the call guide; saving it moves an interested person on to 'called'."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    notes = volunteer.call_notes or {}
    form = CallGuideForm(data={**{k: notes.get(k) for k in NOTE_FIELDS},
                               "motivation": volunteer.motivation,
                               "availability": volunteer.availability})
    if form.validate_on_submit():
        db = get_session()
        volunteer.call_notes = {k: (getattr(form, k).data or "").strip() for k in NOTE_FIELDS}
        volunteer.call_notes["called_on"] = form.called_on.data.isoformat()
        volunteer.motivation = (form.motivation.data or "").strip()
        volunteer.availability = form.availability.data
        _advance(db, volunteer, Stage.CALLED, form.called_on.data, "call_guide")
        db.commit()
        flash(_("The call guide is saved."))
        return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id))
    status = 400 if form.is_submitted() else 200
    return render_template("volunteers/call_guide.html", form=form, v=volunteer), status


class MatchGuideForm(MatchProfileForm):
    """The matching interview: the match profile and the day it was held."""

    held_on = DateField(_l("Interview held on"), default=today,
                        invalid_value_message=BAD_DATE,
                        validators=[DataRequired(BAD_DATE), not_in_future])


@bp.route("/<int:volunteer_id>/match-guide", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def match_guide(volunteer_id):
    """Hold the matching interview; saving writes the match profile and moves them on."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    form = MatchGuideForm(obj=volunteer)
    if form.validate_on_submit():
        name = take_photo(form.photo)
        if not form.photo.errors:
            db = get_session()
            form.copy_to(volunteer)
            cleanup = put_photo(volunteer, name)
            _advance(db, volunteer, Stage.INTERVIEWED, form.held_on.data, "match_guide")
            db.commit()
            cleanup()
            flash(_("The match profile is saved."))
            return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id))
    status = 400 if form.is_submitted() else 200
    return render_template("volunteers/match_guide.html", form=form, v=volunteer), status
