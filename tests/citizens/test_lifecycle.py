"""The young person's lifecycle: one definition of each state, used by every page and file."""
from datetime import date, timedelta

from sqlmodel import select

from models import Citizen, Match, MatchStatus, Meeting, Proposal, ProposalStatus, lifecycle, today
from models.lifecycle import STATES, state_clause, state_counts, states_of

from .test_import import CITIZENS, HISTORY, VOLUNTEERS, run, runner, write  # noqa: F401


def _people(db, make, town):
    """One young person in each state (and a second waiting one whose match ended)."""
    volunteer = make.volunteer(town)
    people = {s: make.citizen(town, name=f"Ung {s}") for s in STATES}
    people["switched"] = make.citizen(town, name="Ung switched")

    def proposal(who, status):
        db.add(Proposal(municipality_id=town.id, citizen_id=people[who].id, status=status))

    def match(who, status, **kw):
        db.add(Match(municipality_id=town.id, citizen_id=people[who].id,
                     volunteer_id=volunteer.id, status=status, started_on=date(2026, 1, 5), **kw))

    proposal("proposed", ProposalStatus.DRAFT)
    proposal("choosing", ProposalStatus.OPEN)
    match("matched", MatchStatus.ACTIVE)
    match("paused", MatchStatus.PAUSED)
    match("switched", MatchStatus.ENDED, ended_on=date(2026, 2, 1))
    people["finished"].finished_on, people["finished"].finished_reason = date(2026, 2, 1), "job"
    db.commit()
    return people


def test_each_state_has_one_definition_the_clauses_and_the_column_agree(db, make, town):
    people = _people(db, make, town)
    shown = states_of(db, [c.id for c in people.values()])
    assert {who: shown[c.id] for who, c in people.items()} == {
        **{s: s for s in STATES}, "switched": "waiting"}
    for state in STATES:
        ids = set(db.exec(select(Citizen.id).where(state_clause(state))).all())
        assert ids == {cid for cid, s in shown.items() if s == state}, state
    assert state_counts(db) == {**dict.fromkeys(STATES, 1), "waiting": 2}
    assert {c.id for c in lifecycle.waiting_citizens(db)} == {
        people["waiting"].id, people["switched"].id}


def test_finished_people_get_no_proposals_and_are_not_counted_as_waiting(
        auth, db, make, town, coordinator):
    people = _people(db, make, town)
    make.ready_volunteer(town, phone="20000001")
    auth.login(coordinator)
    home = auth.client.get("/coordinator").get_data(as_text=True)
    assert "Ung finished" not in home and "Ung switched" in home
    assert auth.post("/proposals/round").status_code == 302
    drafted = set(db.exec(select(Proposal.citizen_id).where(
        Proposal.status == ProposalStatus.DRAFT)).all())
    assert people["finished"].id not in drafted and people["waiting"].id in drafted
    page = auth.client.get(f"/proposals/citizen/{people['finished'].id}").get_data(as_text=True)
    assert "er afsluttet og får ingen forslag" in page


def test_finish_and_bring_back_one_young_person(auth, db, make, town, coordinator):
    sara = make.citizen(town, name="Sara Jensen")
    db.add(Proposal(municipality_id=town.id, citizen_id=sara.id, status=ProposalStatus.DRAFT))
    db.commit()
    auth.login(coordinator)
    bad = auth.post(f"/citizens/{sara.id}/finish", data={"reason": "", "on": "2999-01-01"})
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "Vælg hvorfor." in text and "Datoen kan ikke ligge i fremtiden." in text
    assert auth.post(f"/citizens/{sara.id}/finish", data={
        "reason": "education", "on": today().isoformat()}).status_code == 302
    db.expire_all()
    sara = db.get(Citizen, sara.id)
    assert (sara.finished_on, sara.finished_reason, sara.finished_by_id) == (
        today(), "education", coordinator.id)
    assert db.exec(select(Proposal.status).where(Proposal.citizen_id == sara.id)).all() == [
        ProposalStatus.CANCELLED]  # what was under way is withdrawn
    page = auth.client.get(f"/citizens/{sara.id}").get_data(as_text=True)
    assert "Afsluttet" in page and "Er startet på en uddannelse" in page
    auth.post(f"/citizens/{sara.id}/reopen")
    db.expire_all()
    sara = db.get(Citizen, sara.id)
    assert sara.finished_on is None and sara.reopened_on == today()
    assert lifecycle.state_of(db, sara) == lifecycle.WAITING


def test_finish_several_from_the_list_skipping_those_with_a_role_model(
        auth, db, make, town, coordinator):
    people = _people(db, make, town)
    auth.login(coordinator)
    ticked = [people[s].id for s in ("waiting", "choosing", "matched", "switched")]
    response = auth.post("/citizens/finish", data={
        "citizen": ticked, "reason": "job", "on": today().isoformat(),
        "back": "/citizens/?state=waiting"}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "3 afsluttet." in text and "Ung matched" in text
    assert states_of(db, ticked) == {people["waiting"].id: "finished",
                                     people["choosing"].id: "finished",
                                     people["matched"].id: "matched",
                                     people["switched"].id: "finished"}
    listed = auth.client.get("/citizens/?state=finished").get_data(as_text=True)
    assert "Ung waiting" in listed and "Ung matched" not in listed
    assert "Afsluttet (4)" in listed


def test_ending_a_match_asks_switch_or_finished_and_deletes_the_notes(
        auth, db, make, town, coordinator):
    volunteer = make.ready_volunteer(town, phone="20000001")
    sara = make.citizen(town, name="Sara Jensen")
    match = Match(municipality_id=town.id, citizen_id=sara.id, volunteer_id=volunteer.id,
                  started_on=today() - timedelta(days=40))
    db.add(match)
    db.commit()
    db.add(Meeting(municipality_id=town.id, match_id=match.id, volunteer_id=volunteer.id,
                   held_on=today() - timedelta(days=3), private_note=b"sealed"))
    db.commit()
    auth.login(coordinator)
    page = auth.client.get(f"/matches/{match.id}").get_data(as_text=True)
    assert "Hvad skal der ske for den unge nu?" in page and "private mødenoter slettet" in page
    asked = auth.post(f"/matches/{match.id}/end", data={"reason": "completed",
                                                       "ended_by": "coordinator"})
    assert asked.status_code == 400 and "Vælg, hvad der skal ske nu." in asked.get_data(True)
    no_reason = auth.post(f"/matches/{match.id}/end", data={
        "reason": "completed", "ended_by": "coordinator", "then": "finished"})
    assert no_reason.status_code == 400
    assert auth.post(f"/matches/{match.id}/end", data={
        "reason": "completed", "ended_by": "coordinator", "then": "finished",
        "finished_reason": "job"}).status_code == 302
    db.expire_all()
    assert db.get(Match, match.id).status == MatchStatus.ENDED
    assert (db.get(Citizen, sara.id).finished_reason, lifecycle.state_of(db, sara)) == (
        "job", "finished")
    meeting = db.exec(select(Meeting).where(Meeting.match_id == match.id)).one()
    assert meeting.private_note is None and meeting.held_on  # the date stays, the note goes


def test_history_import_sets_states_from_the_data_and_the_column(runner, db, make, tmp_path):
    town = make.municipality("stevns", "Stevns")
    for kind, text in (("volunteers", VOLUNTEERS), ("citizens", CITIZENS)):
        assert run(runner, kind, write(tmp_path, f"{kind}.csv", text)).exit_code == 0
    result = run(runner, "history", write(tmp_path, "h.csv", HISTORY))
    assert result.exit_code == 0, result.output
    assert "Afsluttet: 1" in result.output and "Venter på forslag: 1" in result.output
    sara = db.exec(select(Citizen).where(Citizen.external_id == "C-1")).one()
    assert (sara.finished_on, sara.finished_reason) == (date(2024, 9, 10), "other")
    # C-1 went on after the match: a later proposal keeps them from being finished.
    later = HISTORY + "C-1,V-2,,2024-10-01,,,,0\n"
    db.expire_all()
    sara.finished_on = sara.finished_reason = None
    db.add(sara)
    db.commit()
    assert run(runner, "history", write(tmp_path, "h.csv", later)).exit_code == 0
    db.expire_all()
    assert lifecycle.state_of(db, db.get(Citizen, sara.id)) == lifecycle.WAITING
    # The column overrides the data either way.
    header, *rows = HISTORY.strip().splitlines()
    given = "\n".join([header + ",citizen_status,finished_reason,finished_on",
                       rows[0] + ",waiting,,", rows[1] + ",finished,moved,2024-05-01"]) + "\n"
    result = run(runner, "history", write(tmp_path, "h.csv", given))
    assert result.exit_code == 0, result.output
    db.expire_all()
    bjorn = db.exec(select(Citizen).where(Citizen.external_id == "C-2")).one()
    assert (bjorn.finished_on, bjorn.finished_reason) == (date(2024, 5, 1), "moved")
    assert lifecycle.state_of(db, db.get(Citizen, sara.id)) == lifecycle.WAITING
    exported = runner.invoke(args=["export", "history", "--municipality", "stevns"]).output
    assert exported.splitlines()[0].endswith("citizen_status,finished_reason,finished_on")
    assert any(line.endswith(",finished,moved,2024-05-01") for line in exported.splitlines())
    assert town.id


def test_state_columns_are_checked_row_by_row(runner, db, make, tmp_path):
    make.municipality("stevns", "Stevns")
    run(runner, "volunteers", write(tmp_path, "v.csv", VOLUNTEERS))
    run(runner, "citizens", write(tmp_path, "c.csv", CITIZENS))
    header, *rows = HISTORY.strip().splitlines()
    bad = "\n".join([header + ",citizen_status,finished_reason,finished_on",
                     rows[0] + ",done,job,", rows[1] + ",waiting,job,",
                     rows[1].replace("2024-04-01", "2024-06-01") + ",finished,,"]) + "\n"
    result = run(runner, "history", write(tmp_path, "h.csv", bad))
    assert result.exit_code == 1
    out = result.output
    assert "Række 2, kolonne citizen_status: skal være en af: waiting, finished" in out
    assert "Række 3, kolonne finished_reason:" in out
    assert "Række 4, kolonne citizen_status:" in out and "række 3" in out
    assert db.exec(select(Proposal)).all() == []


def test_citizens_file_carries_the_state_both_ways(runner, db, make, tmp_path):
    make.municipality("stevns", "Stevns")
    header, *rows = CITIZENS.strip().splitlines()
    text = "\n".join([header + ",citizen_status,finished_reason,finished_on",
                      rows[0] + ",finished,job,2025-01-02", rows[1] + ",,,"]) + "\n"
    result = run(runner, "citizens", write(tmp_path, "c.csv", text))
    assert result.exit_code == 0 and "Afsluttet: 1" in result.output, result.output
    out = runner.invoke(args=["export", "citizens", "--municipality", "stevns"]).output
    lines = out.splitlines()
    assert lines[1].endswith(",finished,job,2025-01-02") and lines[2].endswith(",waiting,,")
    again = run(runner, "citizens", write(tmp_path, "again.csv", out))
    assert "0 opdateret" in again.output and "2 uændrede" in again.output, again.output


def test_reports_and_the_command_count_the_same_states(auth, db, make, town, coordinator, app):
    _people(db, make, town)
    for i in range(4):
        make.citizen(town, name=f"Færdig {i}", finished_on=date(2026, 3, 1), finished_reason="job")
    app.config["REPORT_CACHE_SECONDS"] = 0
    auth.login(coordinator)
    csv = auth.client.get("/reports/citizens.csv").get_data(as_text=True)
    assert "Afsluttet,5" in csv and "Venter på forslag,færre end 5" in csv
    reasons = auth.client.get("/reports/finished.csv").get_data(as_text=True)
    assert "Har fået job,5" in reasons
    out = app.test_cli_runner().invoke(args=["citizens", "states", "--municipality", "stevns"])
    assert "finished   5" in out.output and "waiting    2" in out.output
