"""The support pages load with the same number of statements whatever the data size: topics and
votes, fund applications, milestones this month, a role model's story."""
from datetime import timedelta
from types import SimpleNamespace

import pytest

from models import (
    Event, EventInvite, EventKind, FundApplication, FundBudget, FundStatus, LearningTopic,
    Meeting, Role, TopicVote, today, utcnow,
)
from models.recognition import add_months, month_of

from .conftest import QueryCount, add_pairs

COORDINATOR_PAGES = ("/topics/", "/fund/applications/", "/fund/applications/?status=approved",
                     "/fund/budget/", "/support", "/coordinator",
                     "/events/new?kind=learning_meeting", "/first-meeting/")
VOLUNTEER_PAGES = ("/topics/", "/fund/", "/volunteer")


def _grow(db, town, n, me):
    """Add ``n`` of everything the support pages list, with ``me`` (a volunteer) in it all."""
    first, _last = month_of(today())
    pairs = add_pairs(db, town, n, started_days_ago=(today() - add_months(first, -3)).days)
    db.add_all([Meeting(municipality_id=town.id, match_id=m.id, volunteer_id=m.volunteer_id,
                        held_on=first) for m in pairs])
    voters = [m.volunteer_id for m in pairs] + [me.id]
    topics = [LearningTopic(municipality_id=town.id, title=f"Emne {len(voters)}-{i}")
              for i in range(n)]
    db.add_all(topics)
    db.flush()
    db.add_all([TopicVote(municipality_id=town.id, topic_id=t.id, volunteer_id=v)
                for t in topics for v in voters[:3]])
    event = Event(municipality_id=town.id, kind=EventKind.LEARNING, title="Læringsmøde",
                  starts_at=utcnow() - timedelta(days=3))
    db.add(event)
    db.flush()
    topics[0].covered_by_event_id = event.id
    db.add(EventInvite(municipality_id=town.id, event_id=event.id, volunteer_id=me.id,
                       attended=True))
    for i, status in enumerate([FundStatus.PENDING, FundStatus.APPROVED] * n):
        db.add(FundApplication(municipality_id=town.id, volunteer_id=voters[i % len(voters)],
                               purpose="gym", amount=10, description="Træning", status=status,
                               decided_on=today() if status == FundStatus.APPROVED else None))
    db.commit()


@pytest.fixture
def me(db, town, make):
    """A role model with a login in the coordinator's town, and the year's fund."""
    user = make.user(town, Role.VOLUNTEER, name="Mig Selv")
    volunteer = make.ready_volunteer(town, user=user, name="Mig Selv", external_id="MIG")
    db.add(FundBudget(municipality_id=town.id, year=today().year, amount=1_000_000))
    db.commit()
    return SimpleNamespace(id=volunteer.id, user=user)


def _count(app, client, url) -> int:
    """The statements of one GET of ``url`` after a warm-up."""
    assert client.get(url).status_code == 200, url
    with QueryCount(app.extensions["engine"]) as counter:
        assert client.get(url).status_code == 200, url
    return counter.count


def test_coordinator_support_pages_do_not_grow_with_the_rows(app, db, town, queries, me):
    _grow(db, town, 1, me)
    few = {url: queries(url) for url in COORDINATOR_PAGES}
    _grow(db, town, 60, me)
    assert {url: queries(url) for url in COORDINATOR_PAGES} == few


def test_volunteer_support_pages_do_not_grow_with_the_rows(app, db, town, me):
    from tests.conftest import Auth

    volunteer = Auth(app.test_client())
    assert volunteer.login(me.user).status_code == 302
    _grow(db, town, 1, me)
    few = {url: _count(app, volunteer.client, url) for url in VOLUNTEER_PAGES}
    _grow(db, town, 60, me)
    assert {url: _count(app, volunteer.client, url) for url in VOLUNTEER_PAGES} == few
    assert few["/volunteer"] <= 5 and few["/topics/"] <= 4 and few["/fund/"] <= 7, few
