"""A role model's home: each live pair with its rhythm and the invitations, in the same number
of statements however many pairs and invitations there are."""
import re
from datetime import timedelta

from models import Event, EventInvite, EventKind, Match, MatchStatus, Meeting, today, utcnow

from .conftest import statements


def _more(make, db, town, volunteer, names, status=MatchStatus.ACTIVE, met_days_ago=None):
    """Give the volunteer a match with a new young person for each name."""
    for name in names:
        citizen = make.citizen(town, name=f"{name} Efternavnsen")
        match = Match(municipality_id=town.id, citizen_id=citizen.id, volunteer_id=volunteer.id,
                      status=status, started_on=today() - timedelta(days=60),
                      ended_on=today() if status == MatchStatus.ENDED else None)
        db.add(match)
        db.flush()
        if met_days_ago is not None:
            db.add(Meeting(municipality_id=town.id, match_id=match.id, volunteer_id=volunteer.id,
                           held_on=today() - timedelta(days=met_days_ago)))
    db.commit()


def _invitations(db, town, volunteer, days):
    """An event and an invitation for each number of days from now."""
    for d in days:
        event = Event(municipality_id=town.id, kind=EventKind.LEARNING, title=f"Møde {d:+d}",
                      starts_at=utcnow() + timedelta(days=d))
        db.add(event)
        db.flush()
        db.add(EventInvite(municipality_id=town.id, event_id=event.id, volunteer_id=volunteer.id,
                           attended=True if d < 0 else None))
    db.commit()


def test_each_live_pair_with_its_rhythm(auth, client, db, make, town, pair):
    _more(make, db, town, pair.volunteer, ["Sen"], met_days_ago=20)
    _more(make, db, town, pair.volunteer, ["Hvilende"], status=MatchStatus.PAUSED)
    _more(make, db, town, pair.volunteer, ["Slut"], status=MatchStatus.ENDED, met_days_ago=2)
    auth.login(pair.user)
    page = client.get("/volunteer").get_data(as_text=True)
    assert "Sen" in page and "Hvilende" in page and "Slut" not in page
    assert "Efternavnsen" not in page  # first names only
    # Overdue: the first pair (30 days, no meeting yet) and the one last seen 20 days ago.
    assert page.count("Over tid") == 2
    # The paused pair is not due, but a meeting from before the pause can still be logged.
    assert page.count(">Registrér et møde<") == 2
    assert page.count("Registrér et møde fra før pausen") == 1
    assert page.count("Næste møde senest") == 2 and "På pause siden" in page


def test_the_last_twelve_events_attended_and_those_coming(auth, client, db, town, pair):
    _invitations(db, town, pair.volunteer, [-20 + i for i in range(15)] + [5, 9])
    auth.login(pair.user)
    page = client.get("/volunteer").get_data(as_text=True)
    past = page[page.index("Hvor du har været"):]
    assert re.findall(r"Møde (-\d+)", past) == [str(-20 + i) for i in range(14, 2, -1)]
    assert page.count("Kan du komme?") == 2


def test_statements_do_not_grow_with_pairs_and_invitations(app, auth, client, db, make, town,
                                                           pair):
    auth.login(pair.user)
    few = statements(app, client, "/volunteer")
    _more(make, db, town, pair.volunteer, ["En", "To"], met_days_ago=3)
    _invitations(db, town, pair.volunteer, [-30, -10, 4, 8, 12])
    assert statements(app, client, "/volunteer") == few
