"""The forms of the volunteers' support: a topic, a vote, a fund application, an answer, a budget."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

from models import FUND_PURPOSES
from models.fund import MAX_AMOUNT

from ..core.labels import FUND_PURPOSES as PURPOSE_LABELS

BAD_CHOICE = _l("Choose among the options shown.")
WHOLE_KRONER = _l("Write the amount in whole kroner, like 350.")


class TopicForm(FlaskForm):
    """A topic a volunteer would like a learning meeting to take up."""

    title = StringField(_l("Topic"), validators=[
        InputRequired(_l("Write the topic in a few words.")),
        Length(min=3, max=120, message=_l("Write the topic in 3 to 120 characters."))])
    details = TextAreaField(_l("What would you like to know or talk about? (optional)"),
                            validators=[Optional(), Length(max=500, message=_l(
                                "Keep it under 500 characters."))])


class VoteForm(FlaskForm):
    """A vote given ("yes") or taken back ("no"), from the button pressed."""

    vote = HiddenField(validators=[AnyOf(("yes", "no"), message=BAD_CHOICE)])


class FundForm(FlaskForm):
    """An application to the fund: what for, how much, and the activity in a few words."""

    purpose = SelectField(_l("What is it for?"), validators=[InputRequired(BAD_CHOICE)],
                          invalid_choice_message=BAD_CHOICE, choices=[
                              ("", _l("Choose…")), *((p, PURPOSE_LABELS[p]) for p in FUND_PURPOSES)])
    amount = IntegerField(_l("Amount in kroner"), invalid_value_message=WHOLE_KRONER, validators=[
        InputRequired(WHOLE_KRONER),
        NumberRange(1, MAX_AMOUNT, _l("Write an amount from 1 to %(max)s kroner."))])
    description = TextAreaField(_l("What will you do together?"), validators=[
        InputRequired(_l("Write a few words about the activity.")),
        Length(max=300, message=_l("Keep it under 300 characters."))])


class DecisionForm(FlaskForm):
    """The coordinator's answer to an application, with an optional message."""

    decision = RadioField(_l("Your answer"), invalid_choice_message=BAD_CHOICE,
                          choices=[("approve", _l("Approve")), ("decline", _l("Decline"))],
                          validators=[InputRequired(_l("Choose approve or decline."))])
    message = TextAreaField(_l("Message to the role model (optional)"), validators=[
        Optional(), Length(max=500, message=_l("Keep it under 500 characters."))])


class BudgetForm(FlaskForm):
    """The fund's budget for one year."""

    year = IntegerField(_l("Year"), invalid_value_message=_l("Write the year, like 2026."),
                        validators=[InputRequired(_l("Write the year, like 2026.")),
                                    NumberRange(2000, 2100, _l("Write a year from 2000 to 2100."))])
    amount = IntegerField(_l("Budget for the year in kroner"), invalid_value_message=WHOLE_KRONER,
                          validators=[InputRequired(WHOLE_KRONER), NumberRange(
                              0, 10_000_000, _l("Write an amount from 0 to 10,000,000 kroner."))])
