"""A municipality with many rows, made in bulk, and a counter of SQL statements."""
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from models import Citizen, Match, MatchStatus, Meeting, Stage, Volunteer, today


@pytest.fixture
def desk(auth, coordinator):
    """A client logged in as the coordinator."""
    auth.login(coordinator)
    return auth.client


class QueryCount:
    """Count the SQL statements sent while it is active."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _one(self, *_args):
        """Count one statement."""
        self.count += 1

    def __enter__(self):
        """Start counting."""
        sa.event.listen(self.engine, "before_cursor_execute", self._one)
        return self

    def __exit__(self, *exc):
        """Stop counting."""
        sa.event.remove(self.engine, "before_cursor_execute", self._one)


@pytest.fixture
def queries(app, desk):
    """Return a function: the number of statements one GET of a URL takes (after a warm-up)."""

    def run(url):
        """Load ``url`` once to warm up, then count the statements of a second load."""
        assert desk.get(url).status_code == 200
        with QueryCount(app.extensions["engine"]) as counter:
            assert desk.get(url).status_code == 200
        return counter.count

    return run


def add_volunteers(db, town, n, status=Stage.ACTIVE, prefix="Frivillig", days_ago=0):
    """Add ``n`` volunteers at one step in one commit; the first waited longest."""
    start = len(db.exec(sa.select(Volunteer.id)).all())
    now = datetime.now(UTC)
    rows = [Volunteer(municipality_id=town.id, name=f"{prefix} {i:03d}",
                      external_id=f"V{start + i}", status=status, capacity=3,
                      status_changed_at=now - timedelta(days=days_ago + n - i))
            for i in range(n)]
    db.add_all(rows)
    db.commit()
    return rows


def add_citizens(db, town, n, prefix="Ung"):
    """Add ``n`` citizens in one commit."""
    start = len(db.exec(sa.select(Citizen.id)).all())
    rows = [Citizen(municipality_id=town.id, name=f"{prefix} {i:03d}", external_id=f"C{start + i}")
            for i in range(n)]
    db.add_all(rows)
    db.commit()
    return rows


def add_pairs(db, town, n, last_meeting_days_ago=None, started_days_ago=60,
              status=MatchStatus.ACTIVE, prefix="Ung"):
    """Add ``n`` pairs whose last meeting was that many days ago (None: no meeting yet)."""
    volunteers = add_volunteers(db, town, n, prefix=f"Frivillig {prefix}")
    citizens = add_citizens(db, town, n, prefix=prefix)
    matches = [Match(municipality_id=town.id, citizen_id=c.id, volunteer_id=v.id, status=status,
                     started_on=today() - timedelta(days=started_days_ago),
                     ended_on=today() if status == MatchStatus.ENDED else None)
               for v, c in zip(volunteers, citizens)]
    db.add_all(matches)
    db.commit()
    if last_meeting_days_ago is not None:
        db.add_all([Meeting(municipality_id=town.id, match_id=m.id, volunteer_id=m.volunteer_id,
                            held_on=today() - timedelta(days=last_meeting_days_ago))
                    for m in matches])
        db.commit()
    return matches
