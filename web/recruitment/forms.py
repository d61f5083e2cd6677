"""Form pieces shared by the volunteer pages: validators, list fields and the match profile."""
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    EmailField, IntegerField, SelectField, SelectMultipleField, StringField, TelField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from models import AVAILABILITY, GENDERS, today
from models.towns import town_coordinates

from ..core.labels import AVAILABILITY as AVAILABILITY_LABELS
from ..core.labels import GENDERS as GENDER_LABELS
from ..core.phones import normalise_phone
from ..imports.csv_io import town_suggestion

PHONE_MESSAGE = _l("Write a Danish phone number with 8 digits, e.g. 20 30 40 50.")


def phone_number(form, field):
    """Accept a valid phone number (Danish unless it starts with + or 00); keep it as +45…."""
    value = (field.data or "").strip()
    if not value:
        return
    number = normalise_phone(value)
    if number is None:
        raise ValidationError(PHONE_MESSAGE)
    field.data = number


def known_town(form, field):
    """Accept only towns we can place on the map (distance matters for matching)."""
    if field.data and town_coordinates(field.data) is None:
        suggestion = town_suggestion(field.data)
        if suggestion:
            raise ValidationError(_("We do not know that town.") + " " + suggestion)
        raise ValidationError(_l(
            "We do not know that town. Write the nearest town, for example Store Heddinge."))


def in_range(low: int, high: int, message):
    """Accept a number from ``low`` to ``high``; a number we could not read is reported already."""

    def check(form, field):
        """Refuse a number outside the range."""
        if field.data is not None and not low <= field.data <= high:
            raise ValidationError(message)

    return check


def not_in_future(form, field):
    """Refuse a date after today (things that were checked or attended)."""
    if field.data and field.data > today():
        raise ValidationError(_l("The date cannot be in the future."))


class ListField(StringField):
    """A comma- or semicolon-separated list of short words, stored as a list."""

    def _value(self):
        """Show the list joined with commas."""
        if self.raw_data:
            return self.raw_data[0]
        return ", ".join(self.data or [])

    def process_formdata(self, valuelist):
        """Split the text into a list of unique, trimmed items."""
        items = re.split(r"[;,\n]", valuelist[0]) if valuelist else []
        self.data = list(dict.fromkeys(i.strip() for i in items if i.strip()))

    def pre_validate(self, form):
        """Keep lists short and each item a word or two."""
        if len(self.data or []) > 20 or any(len(i) > 60 for i in self.data or []):
            raise ValidationError(_l("Write at most 20 items of at most 60 letters each."))


class CheckboxesField(SelectMultipleField):
    """Several choices shown as tick boxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def availability_field():
    """Tick boxes for when someone can meet."""
    return CheckboxesField(
        _l("Can meet"), choices=[(a, AVAILABILITY_LABELS[a]) for a in AVAILABILITY],
        invalid_choice_message=_l("Choose among the options shown."))


class ContactForm(FlaskForm):
    """Name, e-mail, phone and town."""

    name = StringField(_l("Name"), validators=[
        InputRequired(_l("Write the name.")), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[
        Optional(), Length(max=254),
        Email(_l("Write a whole e-mail address, like navn@eksempel.dk."))])
    phone = TelField(_l("Phone"), validators=[Optional(), phone_number])
    town = StringField(_l("Town"), validators=[
        InputRequired(_l("Write the town.")), Length(max=120), known_town],
        render_kw={"list": "towns"})

    CONTACT_FIELDS = ("name", "email", "phone", "town")

    def copy_contact_to(self, volunteer) -> None:
        """Write the contact answers onto the volunteer (e-mail in lower case)."""
        for name in self.CONTACT_FIELDS:
            if name in self:
                setattr(volunteer, name, (getattr(self, name).data or "").strip() or None)
        volunteer.email = volunteer.email.lower() if volunteer.email else None
        volunteer.town = volunteer.town or ""


class MatchProfileForm(FlaskForm):
    """The match profile the match guide produces; every field can be changed later."""

    birth_year = IntegerField(_l("Year of birth"), validators=[
        Optional(), in_range(1920, 2010, _l("Write a year of birth between 1920 and 2010."))],
        invalid_value_message=_l("Write the year with four digits, like 1965."))
    gender = SelectField(_l("Gender"), choices=[("", _l("Not stated"))] + [
        (g, GENDER_LABELS[g]) for g in GENDERS],
        invalid_choice_message=_l("Choose among the options shown."))
    occupation = StringField(_l("Work now"), validators=[Optional(), Length(max=200)],
                             description=_l("What do you work with today, or what did you do last?"))
    work_history = TextAreaField(_l("Work before"), validators=[Optional(), Length(max=1000)],
                                 description=_l("Which jobs have you had before? What did you "
                                                "first train as?"))
    education = StringField(_l("Education"), validators=[Optional(), Length(max=500)],
                            description=_l("Which education or courses do you have?"))
    leisure = ListField(_l("Leisure and associations"), description=_l(
        "Which clubs, associations or activities are you part of? Separate with commas."))
    interests = ListField(_l("Interests"), description=_l(
        "What do you like to do? Separate with commas, like football, cooking, fishing."))
    offers = TextAreaField(_l("What they offer as a role model"),
                           validators=[Optional(), Length(max=1000)], description=_l(
                               "What can you give a young person? What do you bring from your "
                               "own life, for example help finding your way in the system?"))
    languages = ListField(_l("Languages"), description=_l(
        "Which languages do you speak? Separate with commas."))
    availability = availability_field()
    capacity = IntegerField(_l("How many young people at a time"), default=1, description=_l(
        "How many young people can you be a role model for at once? Usually one."), validators=[
        InputRequired(_l("Write a number from 1 to 5.")),
        in_range(1, 5, _l("Write a number from 1 to 5."))],
        invalid_value_message=_l("Write a number from 1 to 5."))
    preferences = TextAreaField(_l("Wishes about the young person"),
                                validators=[Optional(), Length(max=500)], description=_l(
                                    "Any wishes about age, gender or interests? Anything you "
                                    "would rather not take on?"))
    photo = FileField(_l("Photo"), description=_l(
        "A friendly photo where the face is clear: young people choose among profiles with "
        "photos. JPEG, PNG or WebP, at most 5 MB."))

    PROFILE_FIELDS = ("birth_year", "gender", "occupation", "work_history", "education",
                      "leisure", "interests", "offers", "languages", "availability",
                      "capacity", "preferences")

    def copy_to(self, volunteer) -> None:
        """Write the profile answers onto the volunteer."""
        for name in self.PROFILE_FIELDS:
            value = getattr(self, name).data
            setattr(volunteer, name, value.strip() if isinstance(value, str) else value)
        volunteer.gender = volunteer.gender or None


class EditForm(ContactForm, MatchProfileForm):
    """Everything a coordinator may change on a volunteer's profile."""
