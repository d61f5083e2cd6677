"""Every message the service sends, and small ``notify_*`` functions for the views.

A text never names or describes the other person: it says that something is
waiting and links into the service, where the reader logs in. Texts are rendered
in the recipient's own language.
"""
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlmodel import select

from models import Citizen, Match, Role, User, Volunteer

from ..core.i18n import locale_for

from .outbox import channels_for, insert_rows, outbox_rows

# kind -> (subject, body); bodies may use %(days)d, %(kind)s, %(when)s, %(yes)s, %(no)s.
TEXTS = {
    "prompt1": (
        _l("Time for a meeting?"),
        _l("It is %(days)d days since a meeting with your young person was logged. "
           "When you have met, log the meeting in Rollemodel — it only takes a minute."),
    ),
    "prompt2": (
        _l("A friendly reminder from Rollemodel"),
        _l("It is now %(days)d days since a meeting was logged. Meeting at least every 14 days "
           "makes the difference. Log in to log a meeting, or ask your coordinator for help."),
    ),
    "risk": (
        _l("A pair needs attention"),
        _l("A pair has had no meeting logged for %(days)d days. Log in to see which pair."),
    ),
    "invite": (
        _l("Invitation: %(kind)s, %(when)s"),
        _l("You are invited: %(kind)s, %(when)s. Log in to see more.\n\n"
           "Can you come? Answer with one click:\nYes: %(yes)s\nNo: %(no)s"),
    ),
    "remind7": (
        _l("In a week: %(kind)s, %(when)s"),
        _l("A reminder: %(kind)s, %(when)s.\n\nYes, I am coming: %(yes)s\nNo, I cannot come: %(no)s"),
    ),
    "remind1": (
        _l("Tomorrow: %(kind)s, %(when)s"),
        _l("See you tomorrow: %(kind)s, %(when)s.\n\nYes, I am coming: %(yes)s\n"
           "No, I cannot come: %(no)s"),
    ),
    "proposal_sent": (
        _l("Role models to choose from"),
        _l("You have new suggestions for a role model in Rollemodel. Log in to see them and choose."),
    ),
    "choice_made": (
        _l("News in Rollemodel"),
        _l("A young person has made a choice. Log in to read more."),
    ),
    "match_started": (
        _l("Your match has started"),
        _l("You have a new match in Rollemodel. Log in to see how to get in touch and plan "
           "the first meeting."),
    ),
    "match_ended": (
        _l("A match has ended"),
        _l("A match in Rollemodel has ended. Log in to read more."),
    ),
    "hotline_answered": (
        _l("Answer from your coordinator"),
        _l("Your question to the hotline has been answered. Log in to read the answer."),
    ),
    "hotline_urgent": (
        _l("Urgent question on the hotline"),
        _l("An urgent question has come in on the hotline. Log in to read it."),
    ),
    "fund_applied": (
        _l("New application to the fund"),
        _l("A role model has applied to the fund. Log in to read the application and answer it."),
    ),
    "fund_decided": (
        _l("Answer on your application to the fund"),
        _l("Your coordinator has answered your application to the fund. Log in to read the "
           "answer."),
    ),
    "milestone_first_meeting": (
        _l("A good start!"),
        _l("Your first meeting with your young person is logged. Thank you for taking the first "
           "step together — it is often the hardest one. Log in to see your story so far."),
    ),
    "milestone_three_months": (
        _l("Three months together"),
        _l("You and your young person have been a pair for three months now. Thank you for "
           "showing up, again and again: it makes a real difference. Log in to see your story."),
    ),
    "milestone_six_months": (
        _l("Half a year together"),
        _l("Six months! You and your young person have kept going for half a year. Thank you for "
           "your time and your patience. Log in to see your story."),
    ),
    "milestone_one_year": (
        _l("A whole year together"),
        _l("You and your young person have now been a pair for a whole year. That is rare and "
           "precious — thank you from all of us. Log in to see your story."),
    ),
    "confidentiality": (
        _l("Please sign the duty of confidentiality"),
        _l("Before your next match, read and sign the duty of confidentiality (tavshedserklæring) "
           "in Rollemodel. Log in to read it; it takes two minutes. A match you have now goes on "
           "as before."),
    ),
    "event_place": (
        _l("A place has opened up for you"),
        _l("A place has opened up at a meeting you wanted to come to, so you are now on the "
           "list of those coming. Log in to see it, or to say no if you cannot come after all."),
    ),
    "volunteer_paused": (
        _l("A role model is on pause"),
        _l("A role model has paused. Log in to see who."),
    ),
    "volunteer_resumed": (
        _l("A role model is back"),
        _l("A role model is active again. Log in to see who."),
    ),
    "checkin": (
        _l("How are things going?"),
        _l("How are things going with you and your role model? Log in and answer with one "
           "tap. Only you see your answer."),
    ),
    "closing_soon": (
        _l("Time to plan your last meeting"),
        _l("The end date you agreed is two weeks away or less. Plan a last meeting together, "
           "to look back on what you have done. Log in to see the date."),
    ),
    "contact_request": (
        _l("A young person would like to talk"),
        _l("A young person has asked you to get in touch. Log in to see who and by when."),
    ),
    "again_request": (
        _l("A young person would like a role model again"),
        _l("A young person who had finished would like a role model again. Log in to see who."),
    ),
    "switch_requested": (
        _l("A young person would like another role model"),
        _l("A young person has asked for another role model. Log in to see who and make new "
           "suggestions."),
    ),
    "match_ended_kindly": (
        _l("Your match has ended"),
        _l("Your match in Rollemodel has ended. Thank you for the time and care you have given "
           "— it matters. Your coordinator is happy to talk if you would like to. Log in to "
           "see your page."),
    ),
    "thanks_volunteer": (
        _l("Thank you from your coordinator"),
        _l("Your time as a pair has come to an end. Thank you for being there for your young "
           "person: the hours you gave make a difference. Log in to see your story."),
    ),
    "thanks_citizen": (
        _l("Thank you from your coordinator"),
        _l("Your time with your role model has come to an end. Thank you for taking part — we "
           "wish you all the best. The door is always open: if you would like a role model "
           "again later, you can ask for one on your page."),
    ),
}


def render(kind: str, language: str, /, **params) -> tuple[str, str]:
    """Return the subject and body of a message, in ``language``."""
    subject, body = TEXTS[kind]
    with force_locale(locale_for(language)):
        # Labels such as the event kind are lazy strings: translate them here too.
        params = {k: v if isinstance(v, (int, str)) else str(v) for k, v in params.items()}
        return str(subject) % params, str(body) % params


def _queue(session, users, kind: str, key: str, link: str, **params) -> int:
    """Queue one message of ``kind`` for each user, each in their own language."""
    rows = []
    for user in users:
        subject, body = render(kind, user.language, **params)
        rows += outbox_rows(
            user_id=user.id, municipality_id=user.municipality_id,
            channels=channels_for(email=user.email, phone=user.phone,
                                  notify_email=user.notify_email, notify_sms=user.notify_sms),
            kind=kind, key=f"{key}:u{user.id}", subject=subject, body=body, link=link,
        )
    return insert_rows(session, rows)


def coordinators_of(session, municipality_id: int) -> list[User]:
    """Return the active coordinators of one municipality."""
    return session.exec(select(User).where(
        User.role == Role.COORDINATOR, User.is_active.is_(True),
        User.municipality_id == municipality_id,  # also right in an all-municipality session
    )).all()


def _account(session, profile) -> list[User]:
    """Return the login of a volunteer or citizen profile, as a list (empty without one)."""
    user = session.get(User, profile.user_id) if profile and profile.user_id else None
    return [user] if user is not None and user.is_active else []


def _volunteer(session, volunteer_id):
    """Return a volunteer profile by id."""
    return session.get(Volunteer, volunteer_id) if volunteer_id else None


def notify_proposal_sent(session, proposal) -> int:
    """Tell a young person that role models wait for their choice."""
    citizen = session.get(Citizen, proposal.citizen_id)
    return _queue(session, _account(session, citizen), "proposal_sent",
                  f"proposal_sent:p{proposal.id}", "/")


def notify_choice_made(session, proposal) -> int:
    """Tell the coordinators (and the chosen role model) that a young person has chosen."""
    started = session.exec(select(Match.id).where(Match.proposal_id == proposal.id)).first()
    # When the match started at once, the role model hears that instead; one message is enough.
    chosen = [] if started else _account(session, _volunteer(session, proposal.chosen_volunteer_id))
    users = chosen + coordinators_of(session, proposal.municipality_id)
    return _queue(session, users, "choice_made", f"choice_made:p{proposal.id}", "/")


def notify_match_started(session, match) -> int:
    """Tell the role model and the young person that their match has started."""
    users = (_account(session, _volunteer(session, match.volunteer_id))
             + _account(session, session.get(Citizen, match.citizen_id)))
    return _queue(session, users, "match_started", f"match_started:m{match.id}", "/")


def notify_match_ended(session, match) -> int:
    """Tell both people of a match (and the coordinators) that it has ended."""
    users = (_account(session, _volunteer(session, match.volunteer_id))
             + _account(session, session.get(Citizen, match.citizen_id))
             + coordinators_of(session, match.municipality_id))
    users = [u for u in users if u.id != match.ended_by_id]  # not the one who ended it
    return _queue(session, users, "match_ended", f"match_ended:m{match.id}", "/")


def notify_hotline_answered(session, request) -> int:
    """Tell a volunteer that the hotline has answered them."""
    stamp = int(request.answered_at.timestamp()) if request.answered_at else 0
    return _queue(session, _account(session, _volunteer(session, request.volunteer_id)),
                  "hotline_answered", f"hotline_answered:h{request.id}:{stamp}", "/hotline/")


def notify_hotline_urgent(session, request) -> int:
    """Tell the coordinators that an urgent hotline question has come in."""
    return _queue(session, coordinators_of(session, request.municipality_id), "hotline_urgent",
                  f"hotline_urgent:h{request.id}", f"/hotline/{request.id}")


def notify_event_places(session, invites) -> int:
    """Tell each volunteer who moved up from an event's waiting list that they have a place."""
    return sum(_queue(session, _account(session, _volunteer(session, invite.volunteer_id)),
                      "event_place", f"event_place:i{invite.id}", "/volunteer")
               for invite in invites)


def notify_volunteer_paused(session, volunteer) -> int:
    """Tell the coordinators that a role model has paused."""
    stamp = int(volunteer.status_changed_at.timestamp())
    return _queue(session, coordinators_of(session, volunteer.municipality_id),
                  "volunteer_paused", f"volunteer_paused:v{volunteer.id}:{stamp}", "/coordinator")


def notify_volunteer_resumed(session, volunteer) -> int:
    """Tell the coordinators that a role model is active again."""
    stamp = int(volunteer.status_changed_at.timestamp())
    return _queue(session, coordinators_of(session, volunteer.municipality_id),
                  "volunteer_resumed", f"volunteer_resumed:v{volunteer.id}:{stamp}", "/coordinator")


def notify_fund_applied(session, application) -> int:
    """Tell the coordinators that a role model has applied to the fund."""
    return _queue(session, coordinators_of(session, application.municipality_id), "fund_applied",
                  f"fund_applied:a{application.id}", f"/fund/applications/{application.id}")


def notify_fund_decided(session, application) -> int:
    """Tell a role model that their application to the fund is answered (not how)."""
    return _queue(session, _account(session, _volunteer(session, application.volunteer_id)),
                  "fund_decided", f"fund_decided:a{application.id}", "/fund/")


def notify_contact_request(session, request) -> int:
    """Tell the coordinators that a young person asks them to get in touch (not who)."""
    kind = "again_request" if request.kind == "again" else "contact_request"
    return _queue(session, coordinators_of(session, request.municipality_id), kind,
                  f"{kind}:r{request.id}", "/contact-requests/")


def notify_switch_requested(session, match) -> int:
    """Tell the role model kindly that the match has ended (never why), and the coordinators
    that the young person asked for another role model."""
    return (_queue(session, _account(session, _volunteer(session, match.volunteer_id)),
                   "match_ended_kindly", f"match_ended:m{match.id}", "/volunteer")
            + _queue(session, coordinators_of(session, match.municipality_id),
                     "switch_requested", f"switch_requested:m{match.id}",
                     f"/matches/{match.id}"))


def notify_thanks(session, match) -> int:
    """The coordinator's thank-you at the end of a pair, to each side in its own words."""
    return (_queue(session, _account(session, _volunteer(session, match.volunteer_id)),
                   "thanks_volunteer", f"thanks:m{match.id}", "/volunteer")
            + _queue(session, _account(session, session.get(Citizen, match.citizen_id)),
                     "thanks_citizen", f"thanks:m{match.id}", "/citizen"))
