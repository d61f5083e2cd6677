"""The forms for a young citizen's profile, checked by the same rules as the CSV import."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, EmailField, RadioField, SelectField, SelectMultipleField,
    StringField, TelField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from models import AVAILABILITY, GENDERS, today
from models import lifecycle

from ..core.labels import FINISHED_REASONS

from ..core.labels import AVAILABILITY as AVAILABILITY_LABELS
from ..core.labels import GENDERS as GENDER_LABELS
from ..imports import csv_io
from ..recruitment.forms import phone_number

# The consent texts a young person may have agreed to, by version. A text is never
# edited once used: write a new version, so every record says exactly what was shown.
CONSENT_TEXTS = {
    "2026-1": (
        "Jeg siger ja til, at jobcentret gemmer mit navn, fødselsår, køn, by, telefon, e-mail, "
        "interesser, ønsker til uddannelse eller job, sprog og hvornår jeg kan mødes. "
        "Oplysningerne bruges kun til at finde en rollemodel, der passer til mig. Jobcentret får "
        "aldrig at vide, hvad jeg og min rollemodel taler om, og det koster mig ingenting at "
        "sige nej. Jeg kan altid trække mit ja tilbage ved at sige det til min koordinator."
    ),
}
CONSENT_VERSION = "2026-1"
LEGAL_BASES = {
    "consent": _l("The young person has given consent"),
    "public_task": _l("Public task: the job centre's employment effort (GDPR art. 6(1)(e))"),
}
GENDER_CHOICES = [("", _l("Not stated")), *((g, GENDER_LABELS[g]) for g in GENDERS)]
PREFERENCE_CHOICES = [("", _l("No preference")), *((g, GENDER_LABELS[g]) for g in GENDERS)]


def rule(check, *args, **kw):
    """Turn a CSV cell check into a form validator that keeps the parsed value on the field."""
    def validator(form, field):
        data = field.data if isinstance(field.data, str) else ""
        try:
            field.parsed = check(data.strip(), *args, **kw)
        except csv_io.Invalid as err:
            message = str(err)
            end = "" if message.endswith((".", "?")) else "."
            raise ValidationError(message[:1].upper() + message[1:] + end) from None
    return validator


def _items(value: str):
    """A comma- (or semicolon-) separated list, as people type it."""
    return csv_io.items(value, separators=",;")


def _availability(form, field):
    """Accept only the known times of the week."""
    if any(v not in AVAILABILITY for v in field.data or []):
        raise ValidationError(_l("Choose among the times shown."))
    field.parsed = [v for v in AVAILABILITY if v in (field.data or [])]


class ProfileForm(FlaskForm):
    """What the young person can correct themselves: contact, interests, wishes, times."""

    phone = TelField(_l("Phone"), validators=[Optional(), phone_number])
    email = EmailField(_l("E-mail"), validators=[
        Optional(), Length(max=254, message=_l("The e-mail is too long.")),
        Email(message=_l("Write an e-mail address like name@example.dk."))])
    interests = StringField(_l("Interests"), validators=[rule(_items)])
    wishes = StringField(_l("Wishes for education or work"),
                         validators=[rule(csv_io.text, max_len=500)])
    languages = StringField(_l("Languages"), validators=[rule(_items)])
    availability = SelectMultipleField(
        _l("Can meet"), choices=[(a, AVAILABILITY_LABELS[a]) for a in AVAILABILITY],
        validate_choice=False,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validators=[_availability])

    def profile_values(self) -> dict:
        """The checked values of the fields above, ready to store."""
        return {
            "phone": (self.phone.data or "").strip() or None,
            "email": (self.email.data or "").strip().lower() or None,
            "interests": self.interests.parsed, "wishes": self.wishes.parsed,
            "languages": self.languages.parsed, "availability": self.availability.parsed,
        }


class CitizenForm(ProfileForm):
    """Everything a coordinator records for matching, and the legal basis."""

    name = StringField(_l("Full name"), validators=[rule(csv_io.text, max_len=120, required=True)])
    birth_year = StringField(_l("Year of birth"), render_kw={"inputmode": "numeric"},
                             validators=[rule(csv_io.young_birth_year, required=True)])
    gender = SelectField(_l("Gender"), choices=GENDER_CHOICES, validate_choice=False,
                         validators=[rule(csv_io.gender)])
    town = StringField(_l("Town"), render_kw={"list": "towns", "autocomplete": "off"},
                       validators=[rule(csv_io.town)])
    preferred_gender = SelectField(_l("Would rather have a role model who is"),
                                   choices=PREFERENCE_CHOICES, validate_choice=False,
                                   validators=[rule(csv_io.gender)])
    max_distance_km = StringField(_l("Longest distance to the role model (km)"),
                                  render_kw={"inputmode": "numeric"},
                                  validators=[rule(csv_io.integer, low=1, high=500)])
    legal_basis = RadioField(_l("Legal basis for storing the data"),
                             choices=list(LEGAL_BASES.items()), validate_choice=False)
    consent = BooleanField(_l("The young person has read the text and says yes"))

    def validate_legal_basis(self, field):
        """Require one of the known legal bases."""
        if field.data not in LEGAL_BASES:
            raise ValidationError(_l("Choose the legal basis."))

    def validate_consent(self, field):
        """Consent as the basis needs the young person's yes to the current text."""
        if self.legal_basis.data == "consent" and not field.data:
            raise ValidationError(_l("Tick the box when the young person has said yes — or "
                                     "choose another legal basis."))

    def citizen_values(self) -> dict:
        """The checked values of every matching field, ready to store."""
        return {
            **self.profile_values(),
            "name": self.name.parsed, "birth_year": self.birth_year.parsed,
            "gender": self.gender.parsed, "town": self.town.parsed,
            "preferred_gender": self.preferred_gender.parsed,
            "max_distance_km": self.max_distance_km.parsed,
        }


def initial(citizen) -> dict:
    """A citizen's stored values as the forms show them (lists as comma-separated text)."""
    data = {name: getattr(citizen, name) for name in (
        "name", "birth_year", "gender", "town", "wishes", "preferred_gender", "max_distance_km",
        "phone", "email", "availability", "legal_basis")}
    data.update({name: ", ".join(getattr(citizen, name)) for name in ("interests", "languages")})
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["birth_year"], data["max_distance_km"] = str(data["birth_year"]), str(data["max_distance_km"])
    data["consent"] = (citizen.legal_basis == "consent"
                       and citizen.consent_text_version == CONSENT_VERSION)
    return data


def reason_field(label):
    """A required choice of why a young person finished (no pre-selected answer)."""
    return SelectField(label, validators=[InputRequired(_l("Choose why."))],
                       choices=[SelectChoice("", _l("Choose…"))]
                       + [SelectChoice(r, FINISHED_REASONS[r]) for r in lifecycle.FINISHED_REASONS],
                       validate_choice=False)


class FinishForm(FlaskForm):
    """Why the young person has finished, and on which day (today unless told)."""

    reason = reason_field(_l("Why have they finished?"))
    on = DateField(_l("Finished on"), default=today,
                   validators=[InputRequired(_l("Write the date, like 2026-03-01."))],
                   invalid_value_message=_l("Write the date, like 2026-03-01."))

    def validate_reason(self, field):
        """Accept only the reasons shown."""
        if field.data not in lifecycle.FINISHED_REASONS:
            raise ValidationError(_l("Choose why."))

    def validate_on(self, field):
        """Refuse a day in the future."""
        if field.data and field.data > today():
            raise ValidationError(_l("The date cannot be in the future."))
