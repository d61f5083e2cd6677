"""A young person's home: their role model, their suggestions or what happens next, in the
same number of statements whatever their history."""
from datetime import timedelta

from models import Match, MatchStatus, Proposal, ProposalStatus, today, utcnow
from tests.volunteer.test_home import statements

from .conftest import login_citizen, open_proposal

WAITING = "Din koordinator finder rollemodeller"


def _match(db, citizen, volunteer, status=MatchStatus.ACTIVE):
    """A match between them."""
    db.add(Match(municipality_id=citizen.municipality_id, citizen_id=citizen.id,
                 volunteer_id=volunteer.id, status=status,
                 started_on=today() - timedelta(days=40),
                 ended_on=today() if status == MatchStatus.ENDED else None))
    db.commit()


def test_waiting_then_choosing_then_matched(client, db, young, volunteers):
    sara = young()
    login_citizen(client, db, sara)
    page = client.get("/citizen").get_data(as_text=True)
    assert "Hej Sara" in page and WAITING in page and "Din rollemodel" not in page
    proposal = open_proposal(db, sara, volunteers[:2])
    page = client.get("/citizen").get_data(as_text=True)
    assert "Se dine forslag" in page and WAITING not in page
    proposal.status = ProposalStatus.CHOSEN
    _match(db, sara, volunteers[1])
    page = client.get("/citizen").get_data(as_text=True)
    assert "Din rollemodel" in page and "Se dine forslag" not in page
    assert "Anna" in page and "Store Heddinge" in page and "20000002" in page
    assert "Holm" not in page  # the first name only


def test_an_ended_match_is_no_role_model(client, db, young, volunteers):
    sara = young()
    _match(db, sara, volunteers[0], status=MatchStatus.ENDED)
    login_citizen(client, db, sara)
    page = client.get("/citizen").get_data(as_text=True)
    assert WAITING in page and "Poul" not in page


def test_statements_do_not_grow_with_the_history(app, client, db, young, volunteers):
    sara = young()
    login_citizen(client, db, sara)
    few = statements(app, client, "/citizen")
    for v in volunteers[:3]:
        _match(db, sara, v, status=MatchStatus.ENDED)
        db.add(Proposal(municipality_id=sara.municipality_id, citizen_id=sara.id,
                        status=ProposalStatus.EXPIRED, sent_at=utcnow()))
    _match(db, sara, volunteers[3])
    assert statements(app, client, "/citizen") == few
