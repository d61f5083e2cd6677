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
    from web.report_data import month_end, month_starts, rhythm

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
