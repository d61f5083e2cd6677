"""Bulk import of volunteers, citizens and history: all or nothing, by row and column."""
import pytest
from sqlmodel import func, select

from models import (
    Citizen, Match, Meeting, Proposal, ProposalOption, Role, Stage, Volunteer, VolunteerStep,
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
    assert "Række 4, kolonne birth_year: skal være et årstal mellem 1930 og 2010" in out
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
