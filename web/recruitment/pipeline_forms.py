"""Forms on a volunteer's profile: moving between steps, screening and training days."""
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from models import Stage, today, utcnow

from ..core.labels import STAGES
from .forms import not_in_future

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
BAD_DATE = _l("Write the date as a calendar date, like 2026-03-01.")
BAD_CHOICE = _l("Choose among the options shown.")


def step_time(on: datetime | None) -> datetime:
    """Return when a step happened: now if it is today, else midday Copenhagen time that day."""
    if on is None or on == today():
        return utcnow()
    return datetime.combine(on, time(12), tzinfo=COPENHAGEN).astimezone(UTC)


def next_stage(current: str) -> str:
    """Return the pipeline step after ``current`` (a paused or stopped person goes back to
    active); an active role model has no next step, so nothing is chosen for the coordinator
    (a pause or a stop is never one click away by default)."""
    if current in Stage.PIPELINE[:-1]:
        return Stage.PIPELINE[Stage.PIPELINE.index(current) + 1]
    return Stage.ACTIVE if current != Stage.ACTIVE else ""


class MoveForm(FlaskForm):
    """Move a volunteer to a step; a pause needs a return date, a stop a reason."""

    stage = SelectField(_l("Move to the step"), invalid_choice_message=BAD_CHOICE,
                        choices=[("", _l("Choose…"))] + [(s, STAGES[s]) for s in Stage.ALL],
                        validators=[InputRequired(_l("Choose a step."))])
    on_date = DateField(_l("Date"), default=today, invalid_value_message=BAD_DATE,
                        validators=[DataRequired(BAD_DATE), not_in_future])
    pause_until = DateField(_l("Expected back (when pausing)"), invalid_value_message=BAD_DATE,
                            validators=[Optional()])
    reason = StringField(_l("Reason (when stopping)"), validators=[Optional(), Length(max=300)])
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=300)])

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        if not self.is_submitted():
            self.stage.data = next_stage(current)

    def validate_stage(self, field):
        """Refuse a move to the step the volunteer is already at (except a new pause date)."""
        if field.data == self.current and field.data != Stage.PAUSED:
            raise ValidationError(_l("The role model is already at this step."))

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then what a pause or a stop needs besides them."""
        ok = super().validate(extra_validators)
        if self.stage.data == Stage.PAUSED and not self.pause_until.errors:
            if not self.pause_until.data:
                self.pause_until.errors = [_l("Write when the role model expects to be back.")]
            elif self.pause_until.data <= today():
                self.pause_until.errors = [_l("The return date must be after today.")]
        if self.stage.data == Stage.STOPPED and not (self.reason.data or "").strip():
            self.reason.errors = [_l("Write a short reason for stopping.")]
        return ok and not (self.pause_until.errors or self.reason.errors)


class ScreeningForm(FlaskForm):
    """That a certificate was checked: which, when and the result (never the document)."""

    certificate = RadioField(_l("Certificate"), choices=[
        ("child", _l("Child certificate (børneattest)")),
        ("criminal", _l("Criminal record certificate (straffeattest)"))],
        validators=[InputRequired(_l("Choose which certificate was checked."))],
        invalid_choice_message=BAD_CHOICE)
    checked_on = DateField(_l("Checked on"), default=today, invalid_value_message=BAD_DATE,
                           validators=[DataRequired(BAD_DATE), not_in_future])
    result = RadioField(_l("Result"), choices=[("ok", _l("OK")), ("not_ok", _l("Not OK"))],
                        validators=[InputRequired(_l("Choose the result."))],
                        invalid_choice_message=BAD_CHOICE)


class TrainingForm(FlaskForm):
    """A training day attended, recorded directly on the profile."""

    day = RadioField(_l("Training day"), choices=[("1", _l("Day 1")), ("2", _l("Day 2"))],
                     validators=[InputRequired(_l("Choose day 1 or day 2."))],
                     invalid_choice_message=BAD_CHOICE)
    held_on = DateField(_l("Attended on"), default=today, invalid_value_message=BAD_DATE,
                        validators=[DataRequired(BAD_DATE), not_in_future])
