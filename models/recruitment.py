"""The volunteer pipeline: numbering sign-ups, moving people between steps, training days."""
import re
from datetime import date, datetime

from sqlmodel import Session, select

from .activity import Event, EventInvite, EventKind
from .base import utcnow
from .matching import Match, MatchStatus
from .people import Stage, Volunteer, VolunteerStep

EXTERNAL_ID = re.compile(r"^V-(\d+)$")


def next_external_id(*, session: Session) -> str:
    """Return the next free "V-0001"-style number in the session's municipality."""
    taken = session.exec(
        select(Volunteer.external_id).where(Volunteer.external_id.like("V-%"))
    ).all()
    numbers = [int(m.group(1)) for ext in taken if (m := EXTERNAL_ID.match(ext))]
    return f"V-{max(numbers, default=0) + 1:04d}"


def move(
    *, session: Session, volunteer: Volunteer, stage: str, by_id: int | None,
    at: datetime | None = None, note: str | None = None,
) -> VolunteerStep:
    """Put the volunteer on ``stage`` and record the dated step with who moved them."""
    at = at or utcnow()
    volunteer.status = stage
    volunteer.status_changed_at = at
    if stage != Stage.PAUSED:
        volunteer.pause_until = None
    if stage != Stage.STOPPED:
        volunteer.stop_reason = None
    step = VolunteerStep(
        municipality_id=volunteer.municipality_id, volunteer_id=volunteer.id,
        stage=stage, at=at, by_id=by_id, note=note,
    )
    session.add(step)
    return step


def pause(*, session: Session, volunteer: Volunteer, until: date, by_id: int | None,
          note: str | None = None, at: datetime | None = None) -> None:
    """Put a volunteer on pause until ``until``, with their active matches: a paused pair is
    not late, so the reminders and the risk list leave it alone."""
    at = at or utcnow()
    move(session=session, volunteer=volunteer, stage=Stage.PAUSED, by_id=by_id, at=at, note=note)
    volunteer.pause_until = until
    for match in session.exec(select(Match).where(Match.volunteer_id == volunteer.id,
                                                  Match.status == MatchStatus.ACTIVE)):
        match.status, match.paused_at = MatchStatus.PAUSED, at


def resume(*, session: Session, volunteer: Volunteer, by_id: int | None,
           note: str | None = "resumed", at: datetime | None = None) -> None:
    """Bring a paused volunteer back, with the matches their pause put on hold (a pair the
    coordinator paused before stays paused)."""
    since = volunteer.status_changed_at
    move(session=session, volunteer=volunteer, stage=Stage.ACTIVE, by_id=by_id, at=at, note=note)
    for match in session.exec(select(Match).where(
            Match.volunteer_id == volunteer.id, Match.status == MatchStatus.PAUSED,
            Match.paused_at >= since)):
        match.status, match.paused_at = MatchStatus.ACTIVE, None


def find_by_email(*, session: Session, email: str) -> Volunteer | None:
    """Return the session municipality's volunteer with this e-mail (lower case), if any."""
    return session.exec(select(Volunteer).where(Volunteer.email == email)).first()


def record_signup(*, session: Session, municipality_id: int, fields: dict,
                  consent_version: str) -> Volunteer:
    """Create an interested volunteer, or update the one who signed up with the same e-mail."""
    volunteer = find_by_email(session=session, email=fields["email"])
    again = volunteer is not None
    if volunteer is None:
        volunteer = Volunteer(
            municipality_id=municipality_id, status=Stage.INTERESTED,
            external_id=next_external_id(session=session), **fields,
        )
        session.add(volunteer)
    else:
        for key, value in fields.items():
            if value:  # an empty answer the second time keeps what we had
                setattr(volunteer, key, value)
    volunteer.consent_at = utcnow()
    volunteer.consent_version = consent_version
    session.flush()
    if not again or volunteer.status == Stage.STOPPED:
        # Someone who stopped and signs up again starts over.
        move(session=session, volunteer=volunteer, stage=Stage.INTERESTED, by_id=None,
             note="signup_again" if again else "signup")
    else:
        # Same step as before: note it, but keep how long they have waited.
        session.add(VolunteerStep(
            municipality_id=volunteer.municipality_id, volunteer_id=volunteer.id,
            stage=volunteer.status, note="signup_again",
        ))
    return volunteer


def record_training_day(volunteer: Volunteer, held_on: date, attended: bool) -> None:
    """Count (or un-count) a training day the volunteer attended on ``held_on``."""
    days = [d for d in (volunteer.training_day1_on, volunteer.training_day2_on) if d]
    if attended and held_on not in days:
        days.append(held_on)
    if not attended and held_on in days:
        days.remove(held_on)
    days = sorted(days)[:2]
    volunteer.training_day1_on = days[0] if days else None
    volunteer.training_day2_on = days[1] if len(days) > 1 else None


def is_training(event: Event) -> bool:
    """Tell whether attending ``event`` counts as a training day."""
    return event.kind == EventKind.TRAINING


def profile_events(*, session: Session, volunteer: Volunteer) -> list[tuple[EventInvite, Event]]:
    """Return the events the volunteer was invited to, newest first, with their answers."""
    return session.exec(
        select(EventInvite, Event).join(Event, Event.id == EventInvite.event_id)
        .where(EventInvite.volunteer_id == volunteer.id).order_by(Event.starts_at.desc())
    ).all()
