"""Spreadsheets as coordinators have them: .xlsx, Danish Excel's Windows-1252 CSV with
semicolons, Danish words in the coded columns, templates, and "mente du …?" for towns."""
import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import func, select

from models import Citizen, Match, Role, Volunteer
from web.imports import csv_io, spreadsheets

CITIZEN_HEADER = csv_io.COLUMNS["citizens"]
VOLUNTEER_HEADER = csv_io.COLUMNS["volunteers"]


def _xlsx(rows, extra_sheet=True) -> bytes:
    """A workbook whose first sheet holds ``rows`` (numbers and dates as Excel keeps them)."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    if extra_sheet:
        book.create_sheet("Noter").append(["not", "read"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(auth, data: bytes, name: str, kind="citizens", button="save"):
    """Post a file to the import page."""
    return auth.post("/imports/", data={"kind": kind, button: "1",
                                        "file": (io.BytesIO(data), name)},
                     content_type="multipart/form-data")


@pytest.fixture
def coordinator_in(auth, make):
    """A logged-in coordinator of Stevns."""
    town = make.municipality("stevns", "Stevns")
    auth.login(make.user(town, Role.COORDINATOR))
    return town


def test_xlsx_with_danish_words_is_imported(auth, db, coordinator_in):
    rows = [list(VOLUNTEER_HEADER),
            ["V-1", "Poul Poulsen", 1965, "Mand", "Rødvig", "Efterlønner", "", "Tømrer",
             "cykling;film", "Cykelklub", "Livserfaring", "dansk", "hverdage dag;Weekend", 1,
             "aktiv", date(2024, 1, 10), date(2024, 2, 1)],
            ["V-2", "Åse Øster", 1980.0, "kvinde", "Køge", "Smed", "", "", "fodbold", "", "",
             "dansk", "Hverdage aften", None, "på pause", None, None]]
    response = _upload(auth, _xlsx(rows), "frivillige.xlsx", kind="volunteers")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Filen er importeret" in page, page
    assert "Det første ark i Excel-filen blev læst." in page
    poul = db.exec(select(Volunteer).where(Volunteer.external_id == "V-1")).one()
    assert (poul.gender, poul.availability, poul.status) == ("m", ["weekday_day", "weekend"],
                                                             "active")
    assert poul.birth_year == 1965 and poul.child_cert_checked_on == date(2024, 1, 10)
    ase = db.exec(select(Volunteer).where(Volunteer.external_id == "V-2")).one()
    assert (ase.gender, ase.availability, ase.status, ase.capacity) == (
        "f", ["weekday_evening"], "paused", 1)


def test_xlsx_errors_are_by_row_and_column_and_nothing_is_saved(auth, db, coordinator_in):
    rows = [list(CITIZEN_HEADER),
            ["C-1", "Sara Jensen", 2003, "kvinde", "Store Heddinge", "", "", "", "", "", ""],
            ["C-2", "Bo Berg", 2001, "kvind", "Rødvik", "", "", "", "", "", "hverdag nat"]]
    response = _upload(auth, _xlsx(rows), "unge.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Intet blev importeret" in page
    assert ("Række 3, kolonne gender: skal være en af: f, m, x – eller på dansk: kvinde, k, "
            "pige, mand, dreng, andet, anden, ikke-binær") in page
    assert "Række 3, kolonne town: er ikke en dansk by, vi kender. Mente du Rødvig?" in page
    assert ("Række 3, kolonne availability: hverdag nat er ikke tilladt; brug: weekday_day, "
            "weekday_evening, weekend – eller på dansk: hverdage dag") in page
    assert db.exec(select(func.count()).select_from(Citizen)).one() == 0


def test_windows_1252_csv_with_semicolons_is_read_and_says_so(auth, db, coordinator_in):
    text = (";".join(CITIZEN_HEADER) + "\r\n"
            "C-1;Søren Ærø;2003;mand;Næstved;fodbold;smed – gerne;;25;dansk;hverdage aften\r\n"
            "C-2;Åse Bøgh;2001;Kvinde;Køge;;;kvinde;;dansk;weekend\r\n")
    response = _upload(auth, text.encode("cp1252"), "unge.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Filen er importeret" in page, page
    assert "Filen blev læst som Windows-1252" in page
    soren = db.exec(select(Citizen).where(Citizen.external_id == "C-1")).one()
    assert (soren.name, soren.town, soren.wishes) == ("Søren Ærø", "Næstved", "smed – gerne")
    assert soren.gender == "m" and soren.availability == ["weekday_evening"]
    ase = db.exec(select(Citizen).where(Citizen.external_id == "C-2")).one()
    assert (ase.name, ase.gender, ase.preferred_gender) == ("Åse Bøgh", "f", "f")


def test_latin_1_and_utf_8_are_told_apart():
    text = "external_id;name\nC-1;Bjørn Ærø\n"
    assert spreadsheets.detect_encoding(text.encode("latin-1")) in ("cp1252", "latin_1")
    assert spreadsheets.detect_encoding(text.encode("utf-8")) == "utf_8"
    converted = spreadsheets.to_csv(text.encode("latin-1"))
    assert converted.data.decode("utf-8") == text and converted.notes


def test_history_with_danish_end_reasons(runner_with_people, db, tmp_path):
    runner, run = runner_with_people
    history = ("citizen_id;shown_volunteer_ids;chosen_volunteer_id;proposed_on;"
               "match_started_on;match_ended_on;end_reason;meetings_logged\r\n"
               "C-1;V-1;V-1;2024-03-01;2024-03-10;2024-09-10;Mistet kontakten;4\r\n"
               "C-2;V-1;V-1;2024-04-01;2024-04-10;2024-10-01;gennemført;9\r\n")
    path = tmp_path / "h.csv"
    path.write_bytes(history.encode("cp1252"))
    result = run("history", path)
    assert result.exit_code == 0, result.output
    reasons = sorted(db.exec(select(Match.end_reason)).all())
    assert reasons == ["completed", "lost_contact"]


def test_wrong_end_reason_lists_the_danish_words(runner_with_people, tmp_path):
    runner, run = runner_with_people
    path = tmp_path / "h.csv"
    path.write_text("citizen_id,shown_volunteer_ids,chosen_volunteer_id,proposed_on,"
                    "match_started_on,match_ended_on,end_reason,meetings_logged\n"
                    "C-1,V-1,V-1,2024-03-01,2024-03-10,2024-09-10,forsvundet,4\n")
    result = run("history", path)
    assert result.exit_code == 1
    assert "gennemført" in result.output and "mistet kontakten" in result.output


@pytest.fixture
def runner_with_people(app, make):
    """A CLI runner, and a municipality with two young people and a role model."""
    town = make.municipality("stevns", "Stevns")
    make.citizen(town, external_id="C-1", town="Køge", birth_year=2000)
    make.citizen(town, external_id="C-2", town="Køge", birth_year=2001)
    make.volunteer(town, external_id="V-1")
    runner = app.test_cli_runner()

    def run(kind, path):
        """Run ``flask import``."""
        return runner.invoke(args=["import", kind, str(path), "--municipality", "stevns"])
    return runner, run


def test_old_and_broken_excel_files_are_refused_clearly(auth, db, coordinator_in):
    old = _upload(auth, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "unge.xls")
    assert old.status_code == 400 and "gammel Excel-fil (.xls)" in old.get_data(as_text=True)
    broken = _upload(auth, b"PK\x03\x04" + b"nonsense" * 20, "unge.xlsx")
    assert broken.status_code == 400
    assert "kunne ikke læses som en Excel-fil" in broken.get_data(as_text=True)
    assert db.exec(select(func.count()).select_from(Citizen)).one() == 0


@pytest.mark.parametrize("kind", csv_io.KINDS)
def test_templates_download_as_xlsx_and_csv(auth, coordinator_in, kind):
    xlsx = auth.client.get(f"/imports/template/{kind}.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.get_data()))
    first, guide = book.worksheets
    assert [c.value for c in first[1]] == list(csv_io.COLUMNS[kind])
    assert guide.title == "Sådan udfylder du" and guide.max_row == len(csv_io.COLUMNS[kind]) + len(csv_io.OPTIONAL[kind]) + 1
    csv = auth.client.get(f"/imports/template/{kind}.csv")
    assert csv.mimetype == "text/csv"
    assert csv.get_data().decode("utf-8-sig").strip() == ";".join(csv_io.COLUMNS[kind])
    assert auth.client.get(f"/imports/template/{kind}.pdf").status_code == 404


def test_a_filled_in_template_imports(auth, db, coordinator_in):
    book = load_workbook(io.BytesIO(auth.client.get("/imports/template/citizens.xlsx")
                                    .get_data()))
    book.worksheets[0].append(["C-9", "Nora Nielsen", 2004, "kvinde", "Køge", "tegning", "",
                               "", 15, "dansk", "weekend"])
    out = io.BytesIO()
    book.save(out)
    response = _upload(auth, out.getvalue(), "citizens.xlsx")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert db.exec(select(Citizen.name)).all() == ["Nora Nielsen"]


def test_import_page_lists_the_danish_words(auth, coordinator_in):
    page = auth.client.get("/imports/").get_data(as_text=True)
    assert "mistet kontakten" in page and "hverdage aften" in page and "kvinde" in page
    assert "/imports/template/volunteers.xlsx" in page


def test_yes_no_takes_danish_words():
    assert csv_io.yes_no("Ja") is True and csv_io.yes_no(" nej ") is False
    assert csv_io.yes_no("") is None
    with pytest.raises(csv_io.Invalid):
        csv_io.yes_no("måske")
