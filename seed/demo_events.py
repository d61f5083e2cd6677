"""Demo learning meetings, training day, information meeting and hotline requests."""
from datetime import timedelta

from models import Event, EventInvite, EventKind, HotlineRequest, Stage

from .dates import at, days_ago, working_day
from .profiles import HOTLINE_ANSWER, HOTLINE_TEXTS

PLACES = {"stevns": "Jobcenter Stevns, Store Heddinge", "hedensted": "Jobcenter Hedensted, Hedensted"}
# (kind, title, topic, days from today, who is invited)
EVENTS = [
    (EventKind.LEARNING, "Læringsmøde", "Sådan taler vi om job og uddannelse uden at presse", -30,
     (Stage.ACTIVE, Stage.PAUSED)),
    (EventKind.LEARNING, "Læringsmøde", "Erfaringsudveksling og oplæg om unges hverdag", 24,
     (Stage.ACTIVE, Stage.PAUSED)),
    (EventKind.TRAINING, "Uddannelsesdag 1", "Rollen som rollemodel, tavshedspligt og grænser", 12,
     (Stage.INTERVIEWED, Stage.SCREENED)),
    (EventKind.INFO, "Informationsmøde", "Hør om at blive rollemodel for en ung", 8,
     (Stage.INTERESTED, Stage.CALLED)),
]


def make_events(session, rnd, muni, coordinator, volunteers) -> None:
    """Create past and coming events with invitations, answers and (for past ones) attendance."""
    for kind, title, topic, offset, stages in EVENTS:
        day = working_day(days_ago(-offset))
        event = Event(municipality_id=muni.id, kind=kind, title=title, topic=topic,
                      place=PLACES[muni.slug], starts_at=at(day, 17 if kind == EventKind.LEARNING else 9),
                      duration_minutes=120 if kind != EventKind.TRAINING else 360,
                      capacity=20, created_by_id=coordinator.id,
                      created_at=at(day - timedelta(days=30), 10))
        session.add(event)
        session.flush()
        for v in volunteers:
            if v.status in stages:
                session.add(_invite(rnd, muni, event, v, day, past=offset < 0))


def _invite(rnd, muni, event, volunteer, day, past: bool) -> EventInvite:
    """Invite one volunteer; most answer, and most who said yes came."""
    roll = rnd.random()
    answer = "yes" if roll < 0.65 else "no" if roll < 0.85 else None
    if not past and rnd.random() < 0.4:
        answer = None  # coming events: many have not answered yet
    invite = EventInvite(municipality_id=muni.id, event_id=event.id, volunteer_id=volunteer.id,
                         answer=answer)
    if answer:
        answered = day - timedelta(days=rnd.randint(3, 14)) if past else days_ago(rnd.randint(1, 5))
        invite.answered_at = at(answered, 19)
    if past:
        invite.attended = answer == "yes" and rnd.random() < 0.9
    return invite


def make_hotline(session, rnd, muni, coordinator, volunteers) -> None:
    """One answered hotline request and one still open."""
    active = [v for v in volunteers if v.status == Stage.ACTIVE]
    first, second = rnd.sample(active, 2)
    texts = rnd.sample(HOTLINE_TEXTS, 2)
    asked = days_ago(12)
    session.add(HotlineRequest(municipality_id=muni.id, volunteer_id=first.id, text=texts[0],
                               created_at=at(asked, 20), answer=HOTLINE_ANSWER,
                               answered_at=at(asked + timedelta(days=1), 9),
                               answered_by_id=coordinator.id, closed_at=at(asked + timedelta(days=2), 12)))
    session.add(HotlineRequest(municipality_id=muni.id, volunteer_id=second.id, text=texts[1],
                               created_at=at(days_ago(1), 21)))
