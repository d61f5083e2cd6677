"""Plain-language labels for the codes stored in the database."""
from flask_babel import format_time
from flask_babel import lazy_gettext as _l

from .formatting import day_words, moment_words
from .phones import phone_words

STAGES = {
    "interested": _l("Interested"),
    "called": _l("Called"),
    "info_meeting": _l("Information meeting"),
    "interviewed": _l("Matching interview"),
    "screened": _l("Screened"),
    "trained": _l("Trained"),
    "active": _l("Active"),
    "paused": _l("Paused"),
    "stopped": _l("Stopped"),
}
AVAILABILITY = {
    "weekday_day": _l("Weekdays, daytime"),
    "weekday_evening": _l("Weekday evenings"),
    "weekend": _l("Weekends"),
}
GENDERS = {"f": _l("Woman"), "m": _l("Man"), "x": _l("Other")}
# The young person's states (codes from models.lifecycle.STATES).
CITIZEN_STATES = {
    "waiting": _l("Waiting for a proposal"),
    "proposed": _l("Proposal being prepared"),
    "choosing": _l("Choosing a role model"),
    "matched": _l("Has a role model"),
    "paused": _l("On pause with their role model"),
    "finished": _l("Finished"),
}
# The same states told to the young person themselves.
CITIZEN_STATES_YOU = {
    "waiting": _l("You are waiting for suggestions of role models"),
    "proposed": _l("Your coordinator is finding role models for you"),
    "choosing": _l("You can choose a role model now"),
    "matched": _l("You have a role model"),
    "paused": _l("You and your role model are taking a break"),
    "finished": _l("You have finished"),
}
# Why a young person left the network (codes from models.lifecycle.FINISHED_REASONS).
FINISHED_REASONS = {
    "job": _l("Got a job"),
    "education": _l("Started an education"),
    "moved": _l("Moved away"),
    "no_longer_wants": _l("No longer wants a role model"),
    "other": _l("Other"),
}
MATCH_STATES = {"active": _l("Active"), "paused": _l("Paused"), "ended": _l("Ended")}
END_REASONS = {
    "completed": _l("Completed"),
    "moved": _l("Moved away"),
    "lost_contact": _l("Lost contact"),
    "no_click": _l("Did not click"),
    "volunteer_stopped": _l("The role model stopped"),
    "young_person_switch": _l("The young person asked for another role model"),
    "other": _l("Other"),
}
# The young person's one-tap answer to "Hvordan går det?" (models.voice.ANSWERS).
CHECK_IN_ANSWERS = {"good": _l("Good"), "so_so": _l("So-so"), "not_good": _l("Not good")}
# How a pair agreed to keep in touch (models.voice.RHYTHMS).
RHYTHMS = {
    "several_weekly": _l("We are in touch several times a week"),
    "weekly": _l("We meet every week"),
    "weekly_call": _l("We talk on the phone every week"),
    "biweekly": _l("We meet every 14 days"),
}
MEETING_FORMS = {
    "in_person": _l("Met in person"),
    "remote": _l("Phone or video"),
    "activity": _l("Activity together"),
}
EVENT_KINDS = {
    "info_meeting": _l("Information meeting"),
    "training_day": _l("Training day"),
    "learning_meeting": _l("Learning meeting"),
}

# What keeps a volunteer from being suggested (codes from models.capacity.MISSING).
MISSING = {
    "not_active": _l("Not moved to the step 'Active' yet"),
    "child_cert": _l("Child certificate (børneattest) not checked OK"),
    "criminal_cert": _l("Criminal record certificate (straffeattest) not checked OK"),
    "training": _l("Has not attended both training days"),
    "confidentiality": _l("Has not signed the current duty of confidentiality (tavshedserklæring)"),
    "unreachable": _l("Has no e-mail or phone number, so the young person cannot get in touch"),
    "no_capacity": _l("Has no free place for another young person"),
    # For one young person (codes from models.capacity.FOR_CITIZEN).
    "ended_match": _l("Was this young person's role model before"),
    "declined": _l("This young person said no to them before"),
    "paused": _l("Is on pause"),
    "stopped": _l("Has stopped"),
}
# Codes stored in VolunteerStep.note by the service itself; other notes are the coordinator's text.
STEP_NOTES = {
    "signup": _l("Signed up on the web page"),
    "signup_again": _l("Signed up again on the web page; the details were updated"),
    "call_guide": _l("Call guide filled in"),
    "match_guide": _l("Match guide filled in"),
}
CADENCE = {
    "on_track": _l("On track"),
    "late": _l("Late"),
    "at_risk": _l("At risk"),
    "paused": _l("Paused"),
}
PROPOSAL_STATES = {
    "draft": _l("Draft, not sent"),
    "open": _l("Sent, waiting for a choice"),
    "chosen": _l("Chosen"),
    "declined": _l("None fitted"),
    "expired": _l("Expired"),
    "cancelled": _l("Withdrawn"),
}

# What the fund pays for (codes from models.support.FUND_PURPOSES) and where an application is.
FUND_PURPOSES = {
    "gym": _l("Gym or fitness card"),
    "sport": _l("Sports club or season fee"),
    "culture": _l("Ticket (museum, cinema, concert)"),
    "transport": _l("Transport to an activity"),
    "course": _l("Course or materials"),
    "food": _l("Food or a café visit"),
    "other": _l("Something else"),
}
FUND_STATES = {
    "pending": _l("Waiting for an answer"),
    "approved": _l("Approved"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
}
# A pair's milestones (codes from models.recognition.MILESTONES).
MILESTONES = {
    "first_meeting": _l("First meeting"),
    "three_months": _l("Three months"),
    "six_months": _l("Six months"),
    "one_year": _l("One year"),
}


# What an audit log entry says happened (codes from web.privacy.audit).
AUDIT_ACTIONS = {
    "view": _l("Looked at the record"),
    "export": _l("Downloaded the data"),
    "erase": _l("Erased the personal data"),
    "edit": _l("Changed the record"),
    "login_link": _l("Made a login link that logs in as you"),
    "password_link": _l("Made a link to choose the first password"),
    "reset_sent": _l("Sent a link to choose a new password to your own e-mail"),
    "email_change": _l("Asked to change your login e-mail (you confirm it yourself)"),
}
# Headings of the sections in a person's copy of their data (keys from web.privacy.gdpr).
GDPR_SECTIONS = {
    "account": _l("My login"),
    "logins": _l("Other ways I log in (MitID or the municipality's login)"),
    "role_model_profile": _l("My role-model profile"),
    "profile": _l("My profile"),
    "steps": _l("My way into the network"),
    "matches": _l("My matches"),
    "meetings": _l("Meetings I have logged"),
    "hotline": _l("My questions to the hotline"),
    "events": _l("Invitations to meetings and training days"),
    "proposals": _l("Role models suggested to me"),
    "fund": _l("My applications to the fund"),
    "topics": _l("Topics I have asked for at learning meetings"),
    "check_ins": _l("My answers to \"How are things going?\""),
    "contact_requests": _l("When I asked to be contacted"),
}


def init_app(app) -> None:
    """Make the label tables available in every template."""
    app.jinja_env.globals.update(
        STAGES=STAGES, AVAILABILITY=AVAILABILITY, GENDERS=GENDERS,
        CITIZEN_STATES=CITIZEN_STATES, FINISHED_REASONS=FINISHED_REASONS,
        MATCH_STATES=MATCH_STATES, END_REASONS=END_REASONS,
        MEETING_FORMS=MEETING_FORMS, EVENT_KINDS=EVENT_KINDS, RHYTHM_LABELS=RHYTHMS,
    )
    app.jinja_env.globals["CADENCE"] = CADENCE
    app.jinja_env.globals["MISSING"] = MISSING
    app.jinja_env.globals["PROPOSAL_STATES"] = PROPOSAL_STATES
    app.jinja_env.globals.update(FUND_PURPOSES=FUND_PURPOSES, FUND_STATES=FUND_STATES,
                                 MILESTONES=MILESTONES)
    app.jinja_env.filters["format_date"] = _format_date
    app.jinja_env.filters["format_datetime"] = _format_datetime
    app.jinja_env.filters["phone"] = phone_words


def _format_date(value, fmt: str = "medium") -> str:
    """The ``format_date`` filter: a date (or a moment's day) in words, "" for none; always the
    one way each language writes a day (``web.core.formatting``), whatever ``fmt`` asked for."""
    return day_words()(value) if value else ""


def _format_datetime(value, fmt: str = "medium") -> str:
    """The ``format_datetime`` filter: a moment as its day and time, the one way each language
    writes them; ``fmt="HH:mm"`` gives the time of day alone."""
    if not value:
        return ""
    return format_time(value, "HH:mm") if fmt == "HH:mm" else moment_words()(value)
