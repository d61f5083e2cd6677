"""Milestones of a pair and a role model's own story: the calendar rules, the coordinator's
list for the month and the role model's numbers."""
import re
from datetime import date, timedelta

import pytest

from models import (
    Event, EventInvite, EventKind, Match, MatchStatus, Meeting, Stage, Volunteer, scoped_session,
    today, utcnow,
)
from models.recognition import Story, add_months, month_of, reached, starts_reaching

from .conftest import add_pair, login, text


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)), (date(2026, 11, 15), 3, date(2027, 2, 15)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)), (date(2025, 12, 1), 12, date(2026, 12, 1)),
])
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_the_starts_that_reach_a_milestone_in_a_month_are_one_stretch():
    feb = month_of(date(2027, 2, 10))
    assert starts_reaching(3, *feb) == (date(2026, 11, 1), date(2026, 11, 30))
    assert starts_reaching(12, *month_of(date(2028, 2, 1))) == (date(2027, 2, 1), date(2027, 2, 28))
    assert starts_reaching(3, date(2027, 2, 27), date(2027, 2, 28)) == (
        date(2026, 11, 27), date(2026, 11, 30))  # the 29th and 30th reach it on the 28th


def test_story_months_are_whole_months():
    story = Story(date(2026, 1, 31), 1, 0, 0)
    assert story.months(date(2026, 2, 27)) == 0 and story.months(date(2026, 2, 28)) == 1
    assert story.months(date(2027, 1, 31)) == 12 and Story(None, 0, 0, 0).months(today()) == 0


def _reached(app, town, first, last):
    """What the town's pairs reach from ``first`` to ``last``, as (kind, day, name)."""
    with scoped_session(app.extensions["engine"], town.id) as session:
        return [(r.kind, r.on, r.volunteer_name) for r in reached(session, first, last)]


def test_live_pairs_reach_milestones_ended_ones_and_stopped_role_models_do_not(app, db, make,
                                                                                network):
    town = network.stevns.town
    day = date(2026, 6, 15)
    three = add_pair(make, db, town, "Tre Måneder", started_days_ago=(today() - date(2026, 3, 15)).days)
    six = add_pair(make, db, town, "Seks Måneder", started_days_ago=(today() - date(2025, 12, 15)).days)
    year = add_pair(make, db, town, "Et År", started_days_ago=(today() - date(2025, 6, 15)).days)
    ended = add_pair(make, db, town, "Sluttet Par", started_days_ago=(today() - date(2026, 3, 15)).days)
    db.get(Match, ended.match.id).status = MatchStatus.ENDED
    stopped = add_pair(make, db, town, "Stoppet Rollemodel",
                       started_days_ago=(today() - date(2026, 3, 15)).days)
    db.get(Volunteer, stopped.volunteer.id).status = Stage.STOPPED
    db.add(Meeting(municipality_id=town.id, match_id=three.match.id,
                   volunteer_id=three.volunteer.id, held_on=date(2026, 3, 20)))
    db.add(Meeting(municipality_id=town.id, match_id=three.match.id,
                   volunteer_id=three.volunteer.id, held_on=date(2026, 6, 10)))
    db.commit()
    assert _reached(app, town, day, day) == [("three_months", day, "Tre Måneder"),
                                             ("six_months", day, "Seks Måneder"),
                                             ("one_year", day, "Et År")]
    assert _reached(app, town, day - timedelta(days=1), day - timedelta(days=1)) == []
    assert _reached(app, town, date(2026, 3, 1), date(2026, 3, 31)) == [
        ("first_meeting", date(2026, 3, 20), "Tre Måneder"),  # the first, never the later ones
        ("three_months", date(2026, 3, 15), "Seks Måneder")]
    assert _reached(app, network.hedensted.town, day, day) == []


def test_the_coordinators_home_lists_this_months_milestones(app, db, make, network):
    town = network.stevns.town
    first, last = month_of(today())
    three = add_pair(make, db, town, "Tre Måneder",
                     started_days_ago=(today() - add_months(last, -3)).days)
    met = network.stevns.pairs[0]
    db.add(Meeting(municipality_id=town.id, match_id=met.match.id, volunteer_id=met.volunteer.id,
                   held_on=first))
    foreign = network.hedensted.pairs[0]
    db.add(Meeting(municipality_id=foreign.volunteer.municipality_id, match_id=foreign.match.id,
                   volunteer_id=foreign.volunteer.id, held_on=first))
    db.commit()
    page = text(login(app, network.stevns.coordinator).client.get("/coordinator"))
    section = page[page.index("Milepæle i denne måned"):page.index("Næste læringsmøde")]
    assert "Tre måneder (1)" in section and "Tre Måneder" in section
    assert "Første møde (1)" in section and "Poul Poulsen" in section
    assert f"/volunteers/{three.volunteer.id}" in section
    assert "Poul Poulsen</a> med Sara" in section  # the coordinator knows the pair
    assert "Vera Fremmed" not in section and "Cille" not in section and "Jensen" not in section


def test_the_role_models_own_story(app, db, make, network):
    pair = network.stevns.pairs[0]
    town = network.stevns.town
    poul = login(app, pair.user)
    earlier = Match(municipality_id=town.id, citizen_id=make.citizen(town).id,
                    volunteer_id=pair.volunteer.id, started_on=add_months(today(), -7),
                    status=MatchStatus.ENDED, ended_on=add_months(today(), -2))
    db.add(earlier)
    db.flush()
    db.add_all([Meeting(municipality_id=town.id, match_id=m, volunteer_id=pair.volunteer.id,
                        held_on=today() - timedelta(days=d))
                for m, d in ((earlier.id, 150), (earlier.id, 120), (pair.match.id, 5))])
    for kind, came in ((EventKind.LEARNING, True), (EventKind.LEARNING, False),
                       (EventKind.TRAINING, True)):
        event = Event(municipality_id=town.id, kind=kind, title="Møde",
                      starts_at=utcnow() - timedelta(days=30))
        db.add(event)
        db.flush()
        db.add(EventInvite(municipality_id=town.id, event_id=event.id,
                           volunteer_id=pair.volunteer.id, attended=came))
    db.commit()
    page = text(poul.client.get("/volunteer"))
    story = page[page.index("Din historie"):page.index("Det sker snart")]
    numbers = [int(n) for n in re.findall(r'class="big">(\d+)<', story)]
    assert numbers == [7, 3, 1, 2]  # months, meetings logged, learning meetings, young people
    other = login(app, network.stevns.pairs[1].user)
    story = text(other.client.get("/volunteer"))
    assert [int(n) for n in re.findall(r'class="big">(\d+)<', story)] == [1, 0, 0, 1]
