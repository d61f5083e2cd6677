"""Topics for learning meetings: open ones most wanted first, votes, and what a meeting covered.

Votes are counted, never shown by name: neither the coordinator nor other volunteers see who
asked for what, so a volunteer can ask for help with something hard without saying so aloud.
"""
import sqlalchemy as sa
from sqlmodel import Session, delete, func, select

from .activity import Event, EventKind
from .base import utcnow
from .support import LearningTopic, TopicVote

OPEN_SHOWN = 200  # open topics listed at most; a network that wants more has a long list anyway
COVERED_SHOWN = 50  # covered topics shown as history, newest meetings first

VOTES = (select(func.count(TopicVote.id)).where(TopicVote.topic_id == LearningTopic.id)
         .correlate(LearningTopic).scalar_subquery().label("votes"))


def _mine():
    """Column: whether the volunteer bound as ``volunteer`` has voted for the topic."""
    return (select(TopicVote.id).where(TopicVote.topic_id == LearningTopic.id,
                                       TopicVote.volunteer_id == sa.bindparam("volunteer"))
            .correlate(LearningTopic).exists().label("mine"))


def is_open():
    """SQL condition on LearningTopic: still on the list (not covered, not removed)."""
    return LearningTopic.covered_by_event_id.is_(None) & LearningTopic.removed_at.is_(None)


MOST_WANTED = (VOTES.desc(), LearningTopic.created_at, LearningTopic.id)
OPEN = (select(LearningTopic.id, LearningTopic.title, LearningTopic.details,
               LearningTopic.created_at, VOTES, _mine())
        .where(is_open()).order_by(*MOST_WANTED).limit(OPEN_SHOWN))
FEW = OPEN.limit(sa.bindparam("few"))
COVERED = (select(LearningTopic.id, LearningTopic.title, VOTES, Event.id.label("event_id"),
                  Event.title.label("event_title"), Event.starts_at)
           .join(Event, Event.id == LearningTopic.covered_by_event_id)
           .where(LearningTopic.removed_at.is_(None))
           .order_by(Event.starts_at.desc(), *MOST_WANTED).limit(COVERED_SHOWN))
# The topics an event's form offers: the open ones and the ones this event already covers.
FOR_EVENT = (select(LearningTopic.id, LearningTopic.title, VOTES,
                    (LearningTopic.covered_by_event_id == sa.bindparam("event")).label("covered"))
             .where(LearningTopic.removed_at.is_(None),
                    LearningTopic.covered_by_event_id.is_(None)
                    | (LearningTopic.covered_by_event_id == sa.bindparam("event")))
             .order_by(*MOST_WANTED).limit(OPEN_SHOWN))
OF_EVENT = (select(LearningTopic.id, LearningTopic.title, VOTES)
            .where(LearningTopic.covered_by_event_id == sa.bindparam("event"),
                   LearningTopic.removed_at.is_(None)).order_by(*MOST_WANTED))


def open_topics(session: Session, volunteer_id: int | None = None) -> list:
    """The open topics, most votes first (then oldest), each with its votes and whether
    ``volunteer_id`` voted for it (one query)."""
    return session.exec(OPEN, params={"volunteer": volunteer_id or 0}).all()


def most_wanted(session: Session, few: int) -> list:
    """The ``few`` open topics with the most votes (one query)."""
    return session.exec(FEW, params={"volunteer": 0, "few": few}).all()


def covered_topics(session: Session) -> list:
    """The topics learning meetings took up, newest meetings first, with the meeting (one query)."""
    return session.exec(COVERED).all()


def topics_for_event(session: Session, event_id: int | None) -> list:
    """The topics an event's form offers, most wanted first, each marked if the event covers it."""
    return session.exec(FOR_EVENT, params={"event": event_id or 0}).all()


def topics_of_event(session: Session, event_id: int) -> list:
    """The topics one meeting takes up (one query)."""
    return session.exec(OF_EVENT, params={"event": event_id}).all()


def set_covered(session: Session, event: Event, topic_ids) -> None:
    """Make ``topic_ids`` (open ones or this event's) the topics the event covers; the others it
    covered go back on the open list. Only a learning meeting covers topics."""
    wanted = set(topic_ids) if event.kind == EventKind.LEARNING else set()
    session.execute(sa.update(LearningTopic).where(
        LearningTopic.covered_by_event_id == event.id, LearningTopic.id.not_in(wanted or {0})
    ).values(covered_by_event_id=None))
    if wanted:
        session.execute(sa.update(LearningTopic).where(
            LearningTopic.id.in_(wanted), is_open()).values(covered_by_event_id=event.id))


def find_open(session: Session, title: str) -> LearningTopic | None:
    """The open topic with this title (ignoring case and spaces), if there is one."""
    key = " ".join(title.split()).casefold()
    # Compared here, not in SQL: SQLite's lower() knows no æ, ø or å.
    titles = session.exec(select(LearningTopic.id, LearningTopic.title).where(is_open())).all()
    found = next((tid for tid, t in titles if " ".join(t.split()).casefold() == key), None)
    return session.get(LearningTopic, found) if found is not None else None


def suggest(session: Session, *, volunteer_id: int, title: str, details: str = ""
            ) -> tuple[LearningTopic, bool]:
    """Add a topic with the volunteer's vote, or vote for the open one of the same title;
    return the topic and whether it is new."""
    title = " ".join(title.split())
    topic = find_open(session, title)
    new = topic is None
    if new:
        topic = LearningTopic(title=title, details=details.strip(), suggested_by_id=volunteer_id)
        session.add(topic)
        session.flush()
    vote(session, topic=topic, volunteer_id=volunteer_id, on=True)
    return topic, new


def vote(session: Session, *, topic: LearningTopic, volunteer_id: int, on: bool) -> None:
    """Give (``on``) or take back the volunteer's one vote for the topic; again is harmless."""
    mine = select(TopicVote.id).where(TopicVote.topic_id == topic.id,
                                      TopicVote.volunteer_id == volunteer_id)
    voted = session.exec(mine).first() is not None
    if on and not voted:
        session.add(TopicVote(topic_id=topic.id, volunteer_id=volunteer_id))
        session.flush()
    elif not on and voted:
        session.execute(delete(TopicVote).where(TopicVote.topic_id == topic.id,
                                                TopicVote.volunteer_id == volunteer_id))


def remove(topic: LearningTopic) -> None:
    """Take a topic off the list (its votes stay, uncounted)."""
    topic.removed_at = utcnow()
