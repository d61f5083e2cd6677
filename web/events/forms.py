"""Forms for events: the event itself (in Copenhagen time) and who to invite."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from models import EventKind, Stage

from ..core.labels import EVENT_KINDS, STAGES
from ..recruitment.forms import CheckboxesField, in_range
from ..recruitment.pipeline_forms import BAD_CHOICE

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
BAD_TIME = _l("Write the date and time, like 2026-03-01 17:00.")
# Whom an event is usually for: the step its invitations start from.
DEFAULT_STAGE = {EventKind.INFO: Stage.CALLED, EventKind.TRAINING: Stage.SCREENED,
                 EventKind.LEARNING: Stage.ACTIVE}


def to_utc(local: datetime) -> datetime:
    """Read a wall-clock time as Copenhagen time and return the UTC instant."""
    return local.replace(tzinfo=COPENHAGEN).astimezone(UTC)


def to_local(instant: datetime) -> datetime:
    """Return the Copenhagen wall-clock time of a UTC instant, for a form field."""
    return instant.astimezone(COPENHAGEN).replace(tzinfo=None)


class EventForm(FlaskForm):
    """An information meeting, training day or learning meeting."""

    kind = SelectField(_l("Kind"), choices=[(k, EVENT_KINDS[k]) for k in EventKind.ALL],
                       invalid_choice_message=BAD_CHOICE)
    title = StringField(_l("Title"), validators=[
        InputRequired(_l("Write a title.")), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Starts (Danish time)"), format="%Y-%m-%dT%H:%M",
                                   invalid_value_message=BAD_TIME,
                                   validators=[DataRequired(BAD_TIME)])
    duration_minutes = IntegerField(_l("Length in minutes"), default=120, validators=[
        InputRequired(_l("Write the length in minutes.")),
        in_range(15, 720, _l("Write a length from 15 to 720 minutes."))],
        invalid_value_message=_l("Write the length in whole minutes."))
    place = StringField(_l("Place"), validators=[
        InputRequired(_l("Write where it takes place.")), Length(max=200)])
    capacity = IntegerField(_l("Places (leave empty for no limit)"), validators=[
        Optional(), in_range(1, 500, _l("Write a number from 1 to 500, or leave it empty."))],
        invalid_value_message=_l("Write a whole number, or leave it empty."))
    topic = TextAreaField(_l("Topic and programme"), validators=[Optional(), Length(max=1000)])
    # Filled in by the view from the role models' wishes (models.topics), most wanted first.
    topics = CheckboxesField(
        _l("Topics from the role models' wishes that this meeting takes up"), coerce=int,
        choices=[], invalid_choice_message=BAD_CHOICE,
        description=_l("Most wanted first. A ticked topic leaves the list of wishes and is "
                       "shown as taken up by this meeting. Only learning meetings take up topics."))

    def copy_to(self, event) -> None:
        """Write the answers onto the event, storing the start in UTC."""
        event.kind = self.kind.data
        event.title = self.title.data.strip()
        event.starts_at = to_utc(self.starts_at.data)
        event.duration_minutes = self.duration_minutes.data
        event.place = self.place.data.strip()
        event.capacity = self.capacity.data
        event.topic = (self.topic.data or "").strip()


class InviteForm(FlaskForm):
    """Invite everyone at a step, or people picked one by one, or both."""

    stage = SelectField(_l("Everyone at the step"), invalid_choice_message=BAD_CHOICE, choices=[
        ("", _l("Nobody by step"))] + [(s, STAGES[s]) for s in Stage.ALL if s != Stage.STOPPED])
    people = CheckboxesField(_l("Or pick role models"), coerce=int,
                             invalid_choice_message=BAD_CHOICE)

    def validate_stage(self, field):
        """Ask for at least one way of choosing whom to invite."""
        if not field.data and not self.people.data:
            raise ValidationError(_l("Choose a step or at least one role model."))
