"""Erasing a person and applying retention: identity goes, statistics stay (never commits)."""
from datetime import datetime, timedelta

from sqlmodel import delete, select, update

from .activity import EventInvite, HotlineRequest
from . import core
from .core import LoginAttempt, LoginToken, User
from .logins import ExternalLogin
from .matching import Match, MatchStatus, Meeting, Proposal
from .people import Citizen, Stage, Volunteer, VolunteerStep
from .security import EmailChange, PasswordReset, SecondFactorUse
from .support import FundApplication
from .system import Notification

ERASED = "(slettet)"


def _erase_account(session, user_id: int | None) -> None:
    """Disable a login and remove everything in it that names the person."""
    if not user_id:
        return
    user = session.get(User, user_id)
    if user is None:
        return
    if user.email:
        session.execute(delete(LoginAttempt).where(LoginAttempt.email == user.email))
    # Password links arrive with the recruitment feature; erase them when the table exists.
    links = [m for m in (getattr(core, "PasswordLink", None),) if m is not None]
    for model in (LoginToken, PasswordReset, EmailChange, Notification, ExternalLogin, *links):
        session.execute(delete(model).where(model.user_id == user_id))
    session.execute(delete(SecondFactorUse).where(SecondFactorUse.user_id == user_id))
    user.name, user.email, user.phone = ERASED, None, None
    user.password_hash = user.totp_secret = user.calendar_token = None
    user.is_active = False
    user.session_version += 1  # ends every open session at once


def _forget_notes(session, match_ids) -> None:
    """Remove the private notes of these matches (the dates of meetings stay)."""
    session.execute(
        update(Meeting).where(Meeting.match_id.in_(match_ids)).values(private_note=None)
    )


def erase_citizen(session, citizen: Citizen) -> None:
    """Remove a young person's personal fields; matches and proposals stay as numbers."""
    citizen.name, citizen.external_id = ERASED, f"erased-{citizen.id}"
    citizen.email = citizen.phone = citizen.gender = citizen.preferred_gender = None
    citizen.birth_year = citizen.max_distance_km = None
    citizen.town, citizen.wishes = "", ""
    citizen.interests, citizen.languages, citizen.availability = [], [], []
    session.execute(
        update(Proposal).where(Proposal.citizen_id == citizen.id).values(decline_reason=None)
    )
    _forget_notes(session, select(Match.id).where(Match.citizen_id == citizen.id))
    _erase_account(session, citizen.user_id)


def erase_volunteer(session, volunteer: Volunteer) -> str | None:
    """Remove a role model's personal fields; returns the photo name for the caller to delete."""
    photo = volunteer.photo
    for name in ("email", "phone", "birth_year", "gender", "photo", "pause_until",
                 "stop_reason", "consent_version"):
        setattr(volunteer, name, None)
    volunteer.name, volunteer.external_id = ERASED, f"erased-{volunteer.id}"
    for name in ("town", "occupation", "work_history", "education", "offers",
                 "preferences", "motivation"):
        setattr(volunteer, name, "")
    volunteer.interests, volunteer.leisure = [], []
    volunteer.languages, volunteer.availability = [], []
    if hasattr(volunteer, "call_notes"):
        volunteer.call_notes = {}
    volunteer.status, volunteer.capacity = Stage.STOPPED, 0
    session.execute(update(VolunteerStep).where(
        VolunteerStep.volunteer_id == volunteer.id).values(note=None))
    session.execute(update(HotlineRequest).where(
        HotlineRequest.volunteer_id == volunteer.id).values(text=ERASED, answer=None))
    session.execute(update(EventInvite).where(
        EventInvite.volunteer_id == volunteer.id).values(answer_token=None))
    # The amounts stay in the fund's figures; the role model's own words about it go.
    session.execute(update(FundApplication).where(
        FundApplication.volunteer_id == volunteer.id).values(description=ERASED, message=""))
    _forget_notes(session, select(Match.id).where(Match.volunteer_id == volunteer.id))
    _erase_account(session, volunteer.user_id)
    return photo


def apply_retention(session, now: datetime, days: int) -> dict:
    """Delete the meeting logs (and notes) of matches that ended more than ``days`` ago.

    The match itself stays (start, end, reason) so statistics still add up; running it
    twice changes nothing the second time.
    """
    cutoff = (now - timedelta(days=days)).date()
    old = select(Match.id).where(Match.status == MatchStatus.ENDED, Match.ended_on < cutoff)
    meetings = session.execute(delete(Meeting).where(Meeting.match_id.in_(old))).rowcount
    stale = now - timedelta(days=1)
    resets = session.execute(delete(PasswordReset).where(PasswordReset.expires_at < stale))
    return {"meetings_deleted": meetings or 0, "resets_deleted": resets.rowcount or 0}
