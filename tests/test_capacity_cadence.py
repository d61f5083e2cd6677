"""Who can be suggested, and a pair's cadence from meeting dates."""
from datetime import date, timedelta

from models import Match, Meeting, Proposal, ProposalOption, ProposalStatus, Stage, today, utcnow
from models.cadence import cadences, classify
from models.capacity import loads, matchable_volunteers, missing_requirements


def _ready(make, town, **kw):
    """A volunteer who meets every requirement."""
    kw.setdefault("phone", "20 00 00 00")
    return make.ready_volunteer(
        town, training_day1_on=date(2026, 1, 1), training_day2_on=date(2026, 1, 8), **kw)


def test_only_ready_volunteers_with_free_places_are_matchable(db, make):
    town = make.municipality()
    ready = _ready(make, town, name="Klar Klarsen")
    _ready(make, town, name="Pause Person", status=Stage.PAUSED)
    make.volunteer(town, name="Uden Attest")
    full = _ready(make, town, name="Fuld Fuldsen")
    citizen = make.citizen(town)
    db.add(Match(municipality_id=town.id, citizen_id=citizen.id, volunteer_id=full.id,
                 started_on=today()))
    db.commit()
    unreachable = _ready(make, town, name="Uden Kontakt", phone=None)
    names = {v.name for v, _ in matchable_volunteers(db)}
    assert names == {ready.name}
    assert missing_requirements(full, 1) == ["no_capacity"]
    assert missing_requirements(unreachable, 0) == ["unreachable"]


def test_open_proposals_hold_places_until_they_expire(db, make):
    town = make.municipality()
    v = _ready(make, town)
    citizen = make.citizen(town)
    p = Proposal(municipality_id=town.id, citizen_id=citizen.id, status=ProposalStatus.OPEN,
                 expires_at=utcnow() + timedelta(days=3))
    db.add(p)
    db.flush()
    db.add(ProposalOption(municipality_id=town.id, proposal_id=p.id, volunteer_id=v.id))
    db.commit()
    assert loads(db) == {v.id: 1}
    p.expires_at = utcnow() - timedelta(minutes=1)
    db.commit()
    assert loads(db) == {}


def test_cadence_from_dates_only(db, make):
    town = make.municipality()
    v, c = _ready(make, town), make.citizen(town)
    on = date(2026, 6, 30)
    m = Match(municipality_id=town.id, citizen_id=c.id, volunteer_id=v.id,
              started_on=on - timedelta(days=60))
    db.add(m)
    db.flush()
    for days in (50, 40, 20):
        db.add(Meeting(municipality_id=town.id, match_id=m.id, volunteer_id=v.id,
                       held_on=on - timedelta(days=days)))
    db.commit()
    got = cadences(db, [m], on=on)[m.id]
    assert got.last_meeting == on - timedelta(days=20)
    assert got.meetings_recent == 3 and got.days_since == 20 and got.status == "late"


def test_classify_boundaries():
    assert classify(14, False, 28) == "on_track"
    assert classify(15, False, 28) == "late"
    assert classify(28, False, 28) == "at_risk"
    assert classify(40, True, 28) == "paused"
