"""A small network for the proposal tests: role models, young people and a way to log them in."""
import secrets
from datetime import timedelta

import pytest
from sqlmodel import select

from models import LoginToken, Match, Proposal, ProposalOption, ProposalStatus, Role, utcnow
from web.accounts.tokens import token_hash

VOLUNTEERS = [
    dict(name="Poul Poulsen", birth_year=1965, town="Rødvig", occupation="Tømrer",
         interests=["fodbold", "cykling"], leisure=["cykelklub"], offers="Livserfaring",
         phone="20000001", email="poul@v.example"),
    dict(name="Anna Holm", birth_year=1985, town="Store Heddinge", occupation="Sygeplejerske",
         interests=["musik"], leisure=["kor"], offers="Ro og tid", phone="20000002"),
    dict(name="Karim Nasser", birth_year=1990, town="Køge", occupation="Elektriker",
         interests=["fodbold", "gaming"], leisure=["fodbold"], offers="Hjælp med job",
         phone="20000003"),
    dict(name="Lene Lund", birth_year=1970, town="Faxe", occupation="Lærer",
         interests=["bøger"], leisure=["læsning"], offers="Hjælp med skole", phone="20000004"),
]


@pytest.fixture
def volunteers(make, town):
    """Four matchable role models, each with a login and one free place."""
    made = []
    for data in VOLUNTEERS:
        user = make.user(town, Role.VOLUNTEER, name=data["name"])
        made.append(make.ready_volunteer(town, user=user, **data))
    return made


@pytest.fixture
def young(make, town):
    """A function making a young person with a login account."""
    def build(name="Sara Jensen", **kw):
        user = make.user(town, Role.CITIZEN, name=name, email=None, phone="30000000")
        kw.setdefault("town", "Store Heddinge")
        kw.setdefault("interests", ["fodbold"])
        kw.setdefault("wishes", "tømrer")
        kw.setdefault("birth_year", 2004)
        return make.citizen(town, user=user, name=name, phone="30000000", **kw)
    return build


def login_citizen(client, db, citizen):
    """Log a young person in through a real single-use link."""
    from tests.conftest import csrf_token

    token = secrets.token_urlsafe(16)
    db.add(LoginToken(municipality_id=citizen.municipality_id, user_id=citizen.user_id,
                      token_hash=token_hash(token), expires_at=utcnow() + timedelta(hours=1)))
    db.commit()
    response = client.post(f"/l/{token}", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    return response


def open_proposal(db, citizen, volunteers, days=7):
    """Put an open proposal with these role models straight into the database."""
    p = Proposal(municipality_id=citizen.municipality_id, citizen_id=citizen.id,
                 status=ProposalStatus.OPEN, model_label="prior v1", sent_at=utcnow(),
                 expires_at=utcnow() + timedelta(days=days))
    db.add(p)
    db.flush()
    for pos, v in enumerate(volunteers):
        db.add(ProposalOption(municipality_id=citizen.municipality_id, proposal_id=p.id,
                              volunteer_id=v.id, position=pos, score=0.5, reasons=["I bor tæt"]))
    db.commit()
    return p


def options(db, proposal):
    """The options of a proposal, in order."""
    return db.exec(select(ProposalOption).where(ProposalOption.proposal_id == proposal.id)
                   .order_by(ProposalOption.position)).all()


def fresh(db, model, ident):
    """Read a row again from the database."""
    db.expire_all()
    return db.get(model, ident)


def live_matches(db, volunteer):
    """The volunteer's matches."""
    db.expire_all()
    return db.exec(select(Match).where(Match.volunteer_id == volunteer.id)).all()
