"""The young people's list: each row's state, worked out in SQL for the page's rows."""
import re
from datetime import date

from models import Match, MatchStatus, Proposal, ProposalStatus


def _states(page: str) -> dict[str, str]:
    """Map each listed name to the state shown in its row."""
    rows = re.findall(r'<a href="/citizens/\d+">([^<]+)</a>.*?<td>([^<]*)</td>\s*</tr>', page,
                      re.S)
    return {name: state for name, state in rows}


def test_each_row_shows_the_citizens_state(auth, coordinator, town, make, db):
    auth.login(coordinator)
    volunteer = make.volunteer(town)
    people = {name: make.citizen(town, name=name) for name in (
        "A Venter", "B Udkast", "C Sendt", "D Begge", "E Aktiv", "F Pause", "G Slut",
        "H Valgt og parret")}

    def proposal(name, status):
        db.add(Proposal(municipality_id=town.id, citizen_id=people[name].id, status=status))

    def match(name, status):
        db.add(Match(municipality_id=town.id, citizen_id=people[name].id,
                     volunteer_id=volunteer.id, status=status, started_on=date(2026, 1, 5)))

    proposal("B Udkast", ProposalStatus.DRAFT)
    proposal("C Sendt", ProposalStatus.OPEN)
    proposal("C Sendt", ProposalStatus.EXPIRED)
    proposal("D Begge", ProposalStatus.DRAFT)
    proposal("D Begge", ProposalStatus.OPEN)
    match("E Aktiv", MatchStatus.ACTIVE)
    match("F Pause", MatchStatus.PAUSED)
    match("G Slut", MatchStatus.ENDED)
    proposal("G Slut", ProposalStatus.CHOSEN)
    proposal("H Valgt og parret", ProposalStatus.CHOSEN)
    proposal("H Valgt og parret", ProposalStatus.OPEN)
    match("H Valgt og parret", MatchStatus.ACTIVE)
    db.commit()
    shown = _states(auth.client.get("/citizens/").get_data(as_text=True))
    assert shown == {
        "A Venter": "Venter på forslag", "B Udkast": "Forslag undervejs",
        "C Sendt": "Vælger rollemodel", "D Begge": "Vælger rollemodel",
        "E Aktiv": "Har en rollemodel", "F Pause": "På pause med sin rollemodel",
        "G Slut": "Venter på forslag", "H Valgt og parret": "Har en rollemodel",
    }
    searched = _states(auth.client.get("/citizens/?q=slut").get_data(as_text=True))
    assert searched == {"G Slut": "Venter på forslag"}


def test_page_past_the_end_shows_the_last_page_with_states(auth, coordinator, town, make, db):
    auth.login(coordinator)
    volunteer = make.volunteer(town)
    people = [make.citizen(town, name=f"Ung {i:02d}") for i in range(52)]
    db.add(Match(municipality_id=town.id, citizen_id=people[51].id, volunteer_id=volunteer.id,
                 status=MatchStatus.ACTIVE, started_on=date(2026, 1, 5)))
    db.commit()
    shown = _states(auth.client.get("/citizens/?page=9").get_data(as_text=True))
    assert shown == {"Ung 50": "Venter på forslag", "Ung 51": "Har en rollemodel"}
