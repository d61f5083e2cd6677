"""Reports: charts as inline SVG, CSV downloads, and no group under 5 ever shown."""
import csv
import io
from datetime import timedelta

from models import Match, MatchStatus, today

from .conftest import add_pair


def _ended(db, match, days, reason):
    """End a match ``days`` after it started."""
    m = db.get(Match, match.id)
    m.status, m.ended_on, m.end_reason = MatchStatus.ENDED, m.started_on + timedelta(days), reason
    db.commit()


def test_small_groups_are_hidden(auth, client, db, make, town, coordinator):
    pairs = [add_pair(make, db, town, started_days_ago=200) for _ in range(3)]
    for p in pairs:
        _ended(db, p.match, 50, "moved")
    auth.login(coordinator)
    page = client.get("/reports/").get_data(as_text=True)
    assert "færre end 5" in page
    assert "Vises, når der er mindst 5 match." in page
    assert "<script" not in page
    rows = list(csv.reader(io.StringIO(client.get("/reports/reasons.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert ["Flyttet", "færre end 5"] in [r[:2] for r in rows] or any(
        r[1] == "færre end 5" for r in rows[1:])
    assert not any(r[1] == "3" for r in rows[1:])


def test_large_enough_groups_show_numbers_and_a_survival_curve(auth, client, db, make, town,
                                                               coordinator):
    pairs = [add_pair(make, db, town, started_days_ago=300) for _ in range(14)]
    for i, p in enumerate(pairs[:6]):
        _ended(db, p.match, 30 + 20 * i, "moved")
    auth.login(coordinator)
    page = client.get("/reports/").get_data(as_text=True)
    assert "8 af 14 match kører stadig" in page
    assert 'role="img"' in page and "<title" in page and "<polyline" in page
    assert "Halvdelen af alle match er slut" in page or "Mere end halvdelen" in page
    survival = client.get("/reports/survival.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(survival)))
    assert rows[0][0] == "Dage siden start" and rows[1][:2] == ["0", "100.0"]
    assert all(int(r[2]) >= 5 for r in rows[1:])


def test_every_report_downloads_as_csv(auth, client, make, town, coordinator):
    auth.login(coordinator)
    for name in ("headline", "funnel", "active", "survival", "rhythm", "attendance", "reasons"):
        response = client.get(f"/reports/{name}.csv")
        assert response.status_code == 200, name
        assert response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
    assert client.get("/reports/nothing.csv").status_code == 404


def test_reports_are_for_coordinators(auth, client, db, make, town, pair):
    auth.login(pair.user)
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/funnel.csv").status_code == 403


def test_rhythm_counts_pairs_that_kept_the_14_days(db, make, town):
    from models import Meeting
    from web.coordination.report_data import month_end, month_starts, rhythm

    start = month_starts(2)[0]
    for i in range(6):
        p = add_pair(make, db, town, started_days_ago=(today() - start).days + 30)
        days = (0, 10, 20) if i < 5 else (0,)
        for d in days:
            db.add(Meeting(municipality_id=town.id, match_id=p.match.id,
                           volunteer_id=p.volunteer.id, held_on=start + timedelta(d)))
    db.commit()
    month, pct, going = rhythm(db, months=1)[0]
    assert month == start and going == 6 and month_end(start) > start
    assert pct is None or pct == round(100 * 5 / 6)


# --- How the numbers are worked out --------------------------------------------------------

def _reference_kept(spans, meetings, start, end):
    """The rhythm rule written out plainly: a pair going all month kept it when no stretch
    of more than 14 days without a meeting lies between the 1st and the month's last day."""
    kept = 0
    for mid, (s, e) in spans.items():
        if not (s <= start and (e is None or e > end)):
            continue
        days = sorted(d for m, d in meetings if m == mid and start <= d <= end)
        points = [start, *days, end]
        kept += all((b - a).days <= 14 for a, b in zip(points, points[1:]))
    return kept


def test_rhythm_in_sql_matches_the_rule_written_out(db, make, town):
    import random

    from models import Meeting
    from web.coordination.report_data import kept_rhythm, month_end, month_starts

    rng = random.Random(7)
    starts = month_starts(5)[:-1]
    spans, meetings = {}, []
    for i in range(30):
        p = add_pair(make, db, town, started_days_ago=rng.randint(0, 160))
        m = db.get(Match, p.match.id)
        if i % 4 == 0:  # some have ended, on a day between their start and today
            m.status = MatchStatus.ENDED
            m.ended_on = m.started_on + timedelta(rng.randint(0, (today() - m.started_on).days))
        day, gaps = starts[0] - timedelta(5), (3, 7, 10, 13, 14, 14, 15, 16, 21)
        while day <= today():
            day += timedelta(rng.choice(gaps))
            meetings.append((m.id, day))
            db.add(Meeting(municipality_id=town.id, match_id=m.id, volunteer_id=p.volunteer.id,
                           held_on=day))
        if i % 5 == 0:  # two meetings on one day
            meetings.append((m.id, day))
            db.add(Meeting(municipality_id=town.id, match_id=m.id, volunteer_id=p.volunteer.id,
                           held_on=day))
        spans[m.id] = (m.started_on, m.ended_on)
    db.commit()
    expected = [_reference_kept(spans, meetings, s, month_end(s)) for s in starts]
    assert kept_rhythm(db, starts) == expected
    assert sum(expected) > 0


def test_kaplan_meier_gives_the_figures_of_scipy():
    import numpy as np
    from scipy import stats

    from web.coordination.report_data import kaplan_meier

    rng = np.random.default_rng(3)
    ended, going = rng.integers(0, 90, 200), rng.integers(0, 90, 150)  # many ties
    times, surviving, at_risk = kaplan_meier(ended, going)
    sf = stats.ecdf(stats.CensoredData(uncensored=ended, right=going)).sf
    assert list(times) == list(sf.quantiles)
    assert np.allclose(surviving, sf.probabilities)
    everyone = np.concatenate([ended, going])
    assert list(at_risk) == [int((everyone >= t).sum()) for t in times]


def test_statements_do_not_grow_with_the_data(app, auth, client, db, make, town, coordinator):
    import sqlalchemy as sa

    from models import Event, EventInvite, EventKind, Meeting, VolunteerStep, utcnow

    app.config["REPORT_CACHE_SECONDS"] = 0  # work the numbers out on every view
    auth.login(coordinator)

    def grow(n):
        event = Event(municipality_id=town.id, kind=EventKind.LEARNING, title="Læring",
                      starts_at=utcnow() - timedelta(days=n))
        db.add(event)
        for i in range(n):
            p = add_pair(make, db, town, started_days_ago=100 + i)
            db.add(Meeting(municipality_id=town.id, match_id=p.match.id,
                           volunteer_id=p.volunteer.id, held_on=today() - timedelta(days=40)))
            db.add(VolunteerStep(municipality_id=town.id, volunteer_id=p.volunteer.id,
                                 stage="trained"))
            db.flush()
            db.add(EventInvite(municipality_id=town.id, event_id=event.id,
                               volunteer_id=p.volunteer.id, answer="yes", attended=True))
        db.commit()

    def statements():
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        sa.event.listen(app.extensions["engine"], "before_cursor_execute", listener)
        try:
            assert client.get("/reports/").status_code == 200
        finally:
            sa.event.remove(app.extensions["engine"], "before_cursor_execute", listener)
        return seen

    grow(1)
    few = statements()
    grow(12)
    many = statements()
    assert len(many) == len(few)
    # The matches are read once (+ rhythm); the young people's states ask about theirs.
    assert sum("FROM match" in s and "citizen" not in s for s in many) <= 2


# --- Keeping the numbers for a while -------------------------------------------------------

def _report_statements(app, client, url="/reports/"):
    """GET ``url`` and return the statements that read the report tables."""
    import sqlalchemy as sa

    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    sa.event.listen(app.extensions["engine"], "before_cursor_execute", listener)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(app.extensions["engine"], "before_cursor_execute", listener)
    assert response.status_code == 200
    return [s for s in seen if "match" in s or "volunteer_step" in s or "event" in s]


def test_a_second_view_uses_the_kept_numbers(app, auth, client, db, make, town, coordinator):
    for _ in range(6):
        add_pair(make, db, town, started_days_ago=100)
    auth.login(coordinator)
    assert _report_statements(app, client)  # worked out on the first view
    page = client.get("/reports/").get_data(as_text=True)
    assert "6 af 6 match kører stadig" in page
    assert "Tallene er fra kl. " in page
    for _ in range(4):
        add_pair(make, db, town, started_days_ago=100)
    assert _report_statements(app, client) == []  # not read again within the lifetime
    assert "6 af 6 match kører stadig" in client.get("/reports/").get_data(as_text=True)
    # The downloads use the same kept numbers as the page.
    assert _report_statements(app, client, "/reports/headline.csv") == []
    assert "6,6" in client.get("/reports/headline.csv").get_data(as_text=True)


def test_the_numbers_are_worked_out_again_after_the_lifetime(app, auth, client, db, make, town,
                                                             coordinator, monkeypatch):
    from web.coordination import reports

    now = [1000.0]
    monkeypatch.setattr(reports, "_clock", lambda: now[0])
    for _ in range(6):
        add_pair(make, db, town, started_days_ago=100)
    auth.login(coordinator)
    assert "6 af 6 match" in client.get("/reports/").get_data(as_text=True)
    for _ in range(4):
        add_pair(make, db, town, started_days_ago=100)
    now[0] += 299
    assert "6 af 6 match" in client.get("/reports/").get_data(as_text=True)
    now[0] += 2  # past the default 300 seconds
    assert _report_statements(app, client)
    assert "10 af 10 match" in client.get("/reports/").get_data(as_text=True)


def test_no_keeping_when_the_lifetime_is_0(app, auth, client, db, make, town, coordinator):
    app.config["REPORT_CACHE_SECONDS"] = 0
    for _ in range(6):
        add_pair(make, db, town, started_days_ago=100)
    auth.login(coordinator)
    assert "6 af 6 match" in client.get("/reports/").get_data(as_text=True)
    add_pair(make, db, town, started_days_ago=100)
    assert _report_statements(app, client)
    assert "7 af 7 match" in client.get("/reports/").get_data(as_text=True)


def test_each_app_keeps_its_own_numbers(app, auth, client, db, make, town, coordinator):
    from web import create_app

    from ..conftest import Auth

    for _ in range(6):
        add_pair(make, db, town, started_days_ago=100)
    auth.login(coordinator)
    assert "6 af 6 match" in client.get("/reports/").get_data(as_text=True)
    add_pair(make, db, town, started_days_ago=100)
    keys = ("TESTING", "SECRET_KEY", "DATABASE_URL", "RATELIMIT_ENABLED", "PHOTO_DIR")
    second = create_app({**{k: app.config[k] for k in keys}, "INSTANCE_PATH": app.instance_path})
    try:
        second_client = second.test_client()
        Auth(second_client).login(coordinator)
        assert "7 af 7 match" in second_client.get("/reports/").get_data(as_text=True)
        assert "6 af 6 match" in client.get("/reports/").get_data(as_text=True)
        assert second.extensions["report_data"] is not app.extensions["report_data"]
    finally:
        second.extensions["engine"].dispose()


def test_kept_numbers_never_cross_municipalities(app, auth, client, db, make, town, coordinator):
    from models import Role

    other = make.municipality("hedensted", "Hedensted")
    their_coordinator = make.user(other, Role.COORDINATOR)
    for _ in range(6):
        add_pair(make, db, town, started_days_ago=100)
    for _ in range(9):
        add_pair(make, db, other, started_days_ago=100)
    auth.login(coordinator)
    assert "6 af 6 match" in client.get("/reports/").get_data(as_text=True)
    auth.logout()
    auth.login(their_coordinator)
    assert _report_statements(app, client)  # not served from the other town's numbers
    page = client.get("/reports/").get_data(as_text=True)
    assert "9 af 9 match" in page and "6 af 6" not in page
    assert "9,9" in client.get("/reports/headline.csv").get_data(as_text=True)
    assert set(app.extensions["report_data"].cache) == {town.id, other.id}
    auth.logout()
    auth.login(coordinator)
    assert "6 af 6 match" in client.get("/reports/").get_data(as_text=True)


def test_the_time_of_the_figures_is_shown_in_english_too(app, auth, client, db, make, town):
    from models import Role

    english = make.user(town, Role.COORDINATOR, language="en")
    auth.login(english)
    page = client.get("/reports/").get_data(as_text=True)
    assert "Figures as of " in page


def test_figures_from_another_day_say_the_date(app, auth, client, db, make, town, coordinator,
                                               monkeypatch):
    from datetime import UTC, datetime

    from web.coordination import report_data

    monkeypatch.setattr(report_data, "utcnow", lambda: datetime(2026, 1, 5, 12, 30, tzinfo=UTC))
    auth.login(coordinator)
    page = client.get("/reports/").get_data(as_text=True)
    assert "Tallene er fra 5. jan. 2026 kl. 13:30" in page  # the one way days are written
