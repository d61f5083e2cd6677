"""The cadence computed in SQL agrees with ``classify`` for every pair, per municipality."""
from datetime import timedelta

from sqlmodel import select

from models import ALL_TENANTS, Match, MatchStatus, Meeting, scoped_session, today
from models.cadence import cadences, match_cadence, status_counts

from .conftest import add_pairs


def _sql_statuses(session) -> dict[int, str]:
    """Each match's status as the SQL helper computes it."""
    cad = match_cadence()
    return dict(session.exec(select(cad.c.match_id, cad.c.status)).all())


def test_sql_status_matches_the_python_rules_at_every_boundary(app, db, town, make):
    # 14 days is still on track, 15 is late; 28 (the default alert) is at risk, 27 is late.
    for days in (0, 13, 14, 15, 27, 28, 29, 90):
        add_pairs(db, town, 1, last_meeting_days_ago=days, prefix=f"D{days}")
    add_pairs(db, town, 1, started_days_ago=10, prefix="Ny")  # no meeting: counted from the start
    add_pairs(db, town, 1, started_days_ago=40, prefix="Gammel")
    add_pairs(db, town, 1, last_meeting_days_ago=50, status=MatchStatus.PAUSED, prefix="P")
    strict = make.municipality("streng", "Streng")
    strict.risk_alert_days = 20
    db.add(strict)
    db.commit()
    add_pairs(db, strict, 1, last_meeting_days_ago=21, prefix="S21")
    add_pairs(db, strict, 1, last_meeting_days_ago=19, prefix="S19")
    for tenant in (town.id, strict.id):
        with scoped_session(app.extensions["engine"], tenant) as session:
            live = session.exec(select(Match).where(Match.status.in_(MatchStatus.LIVE))).all()
            expected = {m.id: c.status for m, c in zip(live, cadences(session, live).values())}
            expected = {mid: c.status for mid, c in cadences(session, live).items()}
            assert {k: v for k, v in _sql_statuses(session).items() if k in expected} == expected
    with scoped_session(app.extensions["engine"], strict.id) as session:
        assert status_counts(session) == {"on_track": 0, "late": 1, "at_risk": 1, "paused": 0,
                                          "ended": 0}


def test_the_last_meeting_counts_not_the_first(app, db, town):
    (match,) = add_pairs(db, town, 1, last_meeting_days_ago=40)
    db.add(Meeting(municipality_id=town.id, match_id=match.id, volunteer_id=match.volunteer_id,
                   held_on=today() - timedelta(days=3)))
    db.commit()
    with scoped_session(app.extensions["engine"], town.id) as session:
        assert _sql_statuses(session) == {match.id: "on_track"}
        assert status_counts(session)["on_track"] == 1


def test_counts_for_another_day(app, db, town):
    add_pairs(db, town, 1, last_meeting_days_ago=10)
    with scoped_session(app.extensions["engine"], town.id) as session:
        assert status_counts(session)["on_track"] == 1
        assert status_counts(session, on=today() + timedelta(days=5))["late"] == 1
        assert status_counts(session, on=today() + timedelta(days=18))["at_risk"] == 1


def test_each_municipality_keeps_its_own_alert_days(app, db, town, make):
    strict = make.municipality("streng", "Streng")
    strict.risk_alert_days = 20
    db.add(strict)
    db.commit()
    (here,) = add_pairs(db, town, 1, last_meeting_days_ago=21, prefix="Her")
    (there,) = add_pairs(db, strict, 1, last_meeting_days_ago=21, prefix="Der")
    with scoped_session(app.extensions["engine"], ALL_TENANTS) as session:
        matches = [session.get(Match, here.id), session.get(Match, there.id)]
        got = cadences(session, matches)
        assert (got[here.id].status, got[there.id].status) == ("late", "at_risk")
        assert got[here.id].meetings_recent == 1 and got[here.id].days_since == 21
        assert _sql_statuses(session) == {here.id: "late", there.id: "at_risk"}
