"""Bulk import of volunteers, citizens and history: all or nothing, by row and column."""
import pytest
from sqlmodel import func, select

from models import (
    Citizen, Match, Meeting, Proposal, ProposalOption, Volunteer, VolunteerStep,
)

VOLUNTEERS = (
    "external_id,name,birth_year,gender,town,occupation,work_history,education,interests,"
    "leisure,offers,languages,availability,capacity,status,screened_on,trained_on\n"
    "V-1,Poul Poulsen,1965,m,Rødvig,Efterlønner,Lærer i 20 år,Tømrer,cykling;film,"
    "Cykelklub,Livserfaring,dansk;engelsk,weekday_day;weekend,1,active,2024-01-10,2024-02-01\n"
    "V-2,Åse Øster,1980,f,Køge,Smed,,,fodbold,,,dansk,weekday_evening,2,interviewed,,\n"
)
CITIZENS = (
    "external_id,name,birth_year,gender,town,interests,wishes,preferred_gender,"
    "max_distance_km,languages,availability\n"
    "C-1,Sara Jensen,2003,f,Store Heddinge,fodbold;tegning,tømrer,,25,dansk,weekend\n"
    "C-2,Bjørn Ærø,2001,m,Køge,gaming,smed,m,,dansk;arabisk,weekday_day\n"
)
HISTORY = (
    "citizen_id,shown_volunteer_ids,chosen_volunteer_id,proposed_on,match_started_on,"
    "match_ended_on,end_reason,meetings_logged\n"
    "C-1,V-1;V-2,V-1,2024-03-01,2024-03-10,2024-09-10,completed,12\n"
    "C-2,V-1;V-2,,2024-04-01,,,,0\n"
)


@pytest.fixture
def town(make):
    """A municipality to import into."""
    return make.municipality("stevns", "Stevns")


def run(runner, kind, path, *extra):
    """Run ``flask import`` and return the result."""
    return runner.invoke(args=["import", kind, str(path), "--municipality", "stevns", *extra])


@pytest.fixture
def runner(app):
    """The app's CLI runner."""
    return app.test_cli_runner()


def write(tmp_path, name, text, encoding="utf-8"):
    """Write a CSV file and return its path."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def count(db, model):
    """Count rows of ``model`` in every municipality."""
    return db.exec(select(func.count()).select_from(model)).one()


def test_cli_imports_all_three_files(runner, town, db, tmp_path):
    for kind, text in (("volunteers", VOLUNTEERS), ("citizens", CITIZENS), ("history", HISTORY)):
        result = run(runner, kind, write(tmp_path, f"{kind}.csv", text))
        assert result.exit_code == 0, result.output
        assert "2 new" in result.output or "2 nye" in result.output
    poul = db.exec(select(Volunteer).where(Volunteer.external_id == "V-1")).one()
    assert poul.municipality_id == town.id and poul.town == "Rødvig"
    assert poul.interests == ["cykling", "film"] and poul.availability == ["weekday_day", "weekend"]
    assert poul.child_cert_ok and poul.criminal_cert_ok and poul.child_cert_checked_by_id is None
    assert str(poul.criminal_cert_checked_on) == "2024-01-10"
    assert str(poul.training_day1_on) == str(poul.training_day2_on) == "2024-02-01"
    assert db.exec(select(Volunteer).where(Volunteer.external_id == "V-2")).one().name == "Åse Øster"
    assert count(db, VolunteerStep) == 2
    sara = db.exec(select(Citizen).where(Citizen.external_id == "C-1")).one()
    assert sara.max_distance_km == 25 and sara.preferred_gender is None
    proposals = db.exec(select(Proposal).order_by(Proposal.id)).all()
    assert [p.status for p in proposals] == ["chosen", "declined"]
    assert all(p.imported for p in proposals) and proposals[0].chosen_volunteer_id == poul.id
    assert count(db, ProposalOption) == 4
    match = db.exec(select(Match)).one()
    assert match.status == "ended" and match.end_reason == "completed"
    dates = sorted(m.held_on for m in db.exec(select(Meeting)))
    assert len(dates) == 12 and str(match.started_on) <= str(dates[0])
    assert dates[-1] <= match.ended_on and len(set(dates)) == 12


def test_errors_by_row_and_column_in_danish_and_nothing_saved(runner, town, db, tmp_path):
    bad = CITIZENS + "C-3,Ib,1890,q,Atlantis,,,,-4,,sometimes\n"
    result = run(runner, "citizens", write(tmp_path, "c.csv", bad))
    assert result.exit_code == 1
    out = result.output
    assert "Række 4, kolonne birth_year: 1890 ville gøre den unge" in out
    for column in ("gender", "town", "max_distance_km", "availability"):
        assert f"Række 4, kolonne {column}:" in out
    assert "Række 2" not in out
    assert count(db, Citizen) == 0


def test_reimport_updates_instead_of_duplicating(runner, town, db, tmp_path):
    for kind, text in (("volunteers", VOLUNTEERS), ("citizens", CITIZENS), ("history", HISTORY)):
        run(runner, kind, write(tmp_path, f"{kind}.csv", text))
    for kind, text in (("volunteers", VOLUNTEERS), ("citizens", CITIZENS), ("history", HISTORY)):
        result = run(runner, kind, write(tmp_path, f"{kind}.csv", text))
        assert result.exit_code == 0 and "2 uændrede" in result.output, result.output
    changed = CITIZENS.replace("Sara Jensen", "Sara Juhl")
    result = run(runner, "citizens", write(tmp_path, "c.csv", changed))
    assert "1 opdateret" in result.output or "1 opdaterede" in result.output, result.output
    assert count(db, Citizen) == 2 and count(db, Proposal) == 2 and count(db, Meeting) == 12
    assert count(db, VolunteerStep) == 2


def test_one_bad_row_means_nothing_is_saved_and_referential_errors(runner, town, db, tmp_path):
    bad_volunteers = VOLUNTEERS + "V-3,Ny Person,1970,m,Køge,,,,,,,,,1,flying,2024-13-01,\n"
    result = run(runner, "volunteers", write(tmp_path, "v.csv", bad_volunteers))
    assert result.exit_code == 1
    assert "Række 4, kolonne status: skal være en af" in result.output
    assert "Række 4, kolonne screened_on: skal være en dato skrevet ÅÅÅÅ-MM-DD" in result.output
    assert count(db, Volunteer) == 0
    run(runner, "volunteers", write(tmp_path, "v.csv", VOLUNTEERS))
    run(runner, "citizens", write(tmp_path, "c.csv", CITIZENS))
    history = HISTORY + "C-9,V-1;V-7,V-7,2024-05-01,2024-04-01,,,3\n" + HISTORY.splitlines()[1] + "\n"
    result = run(runner, "history", write(tmp_path, "h.csv", history))
    assert result.exit_code == 1
    out = result.output
    assert "Række 4, kolonne citizen_id: ingen ung har id'et C-9" in out
    assert "Række 4, kolonne shown_volunteer_ids: ingen rollemodel har id'et V-7" in out
    assert "Række 4, kolonne match_started_on: kan ikke ligge før proposed_on" in out
    assert "Række 5, kolonne citizen_id: C-1 står allerede i række 2" in out
    assert count(db, Proposal) == 0 and count(db, Match) == 0


def test_danish_excel_file_with_bom_and_semicolons(runner, town, db, tmp_path):
    rows = [line.split(",") for line in CITIZENS.strip().splitlines()]
    text = "\r\n".join(";".join(f'"{c}"' if ";" in c else c for c in row) for row in rows)
    result = run(runner, "citizens", write(tmp_path, "c.csv", "\ufeff" + text + "\r\n"))
    assert result.exit_code == 0, result.output
    bjorn = db.exec(select(Citizen).where(Citizen.external_id == "C-2")).one()
    assert bjorn.name == "Bjørn Ærø" and bjorn.languages == ["dansk", "arabisk"]


@pytest.mark.parametrize("data,message", [
    (b"", "Filen er tom."),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "ugyldige tegn"),
    (b"external_id,name\nC-1,Sara\n", "Række 1: disse kolonner mangler: birth_year, gender"),
    (CITIZENS.splitlines()[0].encode() + b"\n", "Filen har en overskrift, men ingen rækker."),
    (CITIZENS.encode() + b"C-3,Bo,2000,m,K\xc3\xb8ge,,,,,,,,extra\n",
     "Række 4: rækken har flere værdier end overskriften"),
    (CITIZENS.encode() + b'C-3,"' + b"x" * 200_000 + b'",2000,m,Koege,,,,,,\n', "Filen: "),
    (CITIZENS.encode() + b"C-3," + b"x" * 100_000 + b",2000,m,Koege,,,,,,\n",
     "Række 4, kolonne name: værdien er alt for lang"),
    (CITIZENS.encode() + b"C-3,Bo,2000,m,K\xc3\xb8ge,,,,,,\x00\n", "ugyldige tegn"),
    (b"a,b\n" + b'"unclosed\n' * 3, "Række 1: disse kolonner mangler"),
])
def test_no_input_crashes_the_import(runner, town, db, tmp_path, data, message):
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    result = run(runner, "citizens", path)
    assert result.exit_code == 1 and result.exception is None or isinstance(
        result.exception, SystemExit), result.output
    assert message in result.output, result.output
    assert count(db, Citizen) == 0


def test_extra_columns_are_ignored_with_a_note(runner, town, db, tmp_path):
    text = CITIZENS.replace("availability\n", "availability,note\n", 1)
    text = text.replace("weekend\n", "weekend,hej\n", 1)
    result = run(runner, "citizens", write(tmp_path, "c.csv", text))
    assert result.exit_code == 0 and "sprunget over: note" in result.output
    assert count(db, Citizen) == 2


def test_unknown_municipality_and_check_only(runner, town, db, tmp_path):
    path = write(tmp_path, "c.csv", CITIZENS)
    result = runner.invoke(args=["import", "citizens", str(path), "--municipality", "nowhere"])
    assert result.exit_code != 0 and "nowhere" in result.output
    result = run(runner, "citizens", path, "--check")
    assert result.exit_code == 0 and "Kun tjekket" in result.output
    assert count(db, Citizen) == 0


def test_demo_data_round_trips_through_export_and_import(app, runner, db, tmp_path):
    from seed import demo

    demo.load_demo(db, photo_dir=str(tmp_path / "photos"))
    db.commit()
    from models import Municipality

    db.add(Municipality(slug="tom", name="Tom"))
    db.commit()
    before = {}
    for kind in ("volunteers", "citizens", "history"):
        out = tmp_path / f"{kind}.csv"
        assert runner.invoke(args=["export", kind, "--municipality", "stevns", str(out)]).exit_code == 0
        before[kind] = out.read_text(encoding="utf-8")
        assert len(before[kind].splitlines()) > 2
        result = runner.invoke(args=["import", kind, str(out), "--municipality", "tom"])
        assert result.exit_code == 0, result.output
    for kind in ("volunteers", "citizens", "history"):
        again = runner.invoke(args=["export", kind, "--municipality", "tom"])
        assert again.output.replace("\r\n", "\n") == before[kind].replace("\r\n", "\n")
    totals = {m: count(db, m) for m in (Volunteer, Citizen, Proposal, Match, Meeting)}
    for kind in ("volunteers", "citizens", "history"):
        result = runner.invoke(args=["import", kind, str(tmp_path / f"{kind}.csv"),
                                     "--municipality", "stevns"])
        assert result.exit_code == 0 and " 0 nye, 0 opdateret" in " " + result.output, result.output
    assert totals == {m: count(db, m) for m in (Volunteer, Citizen, Proposal, Match, Meeting)}
