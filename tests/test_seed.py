"""Demo data and synthetic data sets: they load, stay in their municipality and respect privacy."""
import os
import shutil
from collections import Counter

import pytest
import sqlalchemy as sa
from sqlmodel import func, select

from models import (
    Citizen, Event, EventInvite, EventKind, HotlineRequest, Match, MatchStatus, Meeting,
    Municipality, Proposal, ProposalOption, ProposalStatus, Role, Stage, User, Volunteer,
    ALL_TENANTS, VolunteerStep, make_engine, migrate, scoped_session, today,
)
from models.cadence import cadences
from models.capacity import loads
from models.photos import photo_path
from seed import synthetic
from seed.demo import DEMO_PASSWORD, load_demo

from .conftest import PG_BASE, PG_SCHEMA

TABLES = [Municipality, User, Volunteer, VolunteerStep, Citizen, Proposal, ProposalOption, Match,
          Meeting, Event, EventInvite, HotlineRequest]


def counts(db) -> dict:
    """Count the rows of every table the seed fills."""
    return {t.__name__: db.exec(select(func.count()).select_from(t)).one() for t in TABLES}


@pytest.fixture
def demo(app, db):
    """The demo data, loaded and committed into this test's fresh database."""
    assert load_demo(db, photo_dir=app.config["PHOTO_DIR"]) is True
    db.commit()
    return db


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def loaded(request, tmp_path_factory, sqlite_template):
    """The demo loaded once per database, for the checks below that only read it."""
    photos = str(tmp_path_factory.mktemp("photos"))
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("demo") / "demo.db"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        request.getfixturevalue("pg_url")  # skips, or fails under CI, when PostgreSQL is away
        url = _pg_schema(request, f"{PG_SCHEMA}_seed")
    engine = make_engine(url)
    with scoped_session(engine, ALL_TENANTS) as session:
        load_demo(session, photo_dir=photos)
        session.commit()
        session.info["photo_dir"] = photos
        yield session
    engine.dispose()


def _pg_schema(request, schema: str) -> str:
    """Create a migrated PostgreSQL schema of our own, dropped when the module is done."""
    admin = sa.create_engine(PG_BASE)
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))

    def drop():
        """Drop the schema again."""
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()

    request.addfinalizer(drop)
    url = f"{PG_BASE}?options=-csearch_path%3D{schema}"
    migrate.upgrade(url)
    return url


def by_slug(db, slug):
    """Return a municipality by slug."""
    return db.exec(select(Municipality).where(Municipality.slug == slug)).one()


def test_a_second_load_changes_nothing(app, demo):
    before = counts(demo)
    assert load_demo(demo, photo_dir=app.config["PHOTO_DIR"]) is False
    demo.commit()
    assert counts(demo) == before
    assert before["Municipality"] == 2 and before["Volunteer"] >= 40 and before["Citizen"] >= 40


def test_poul_poulsen_as_in_the_source(loaded):
    poul = loaded.exec(select(Volunteer).where(Volunteer.name == "Poul Poulsen")).one()
    assert today().year - poul.birth_year == 61
    assert poul.town == "Rødvig" and poul.status == Stage.ACTIVE
    assert "Efterlønner" in poul.occupation
    assert "Lærer i 20 år" in poul.work_history and "tømrer" in poul.education.lower()
    assert "formand for cykelklubben" in poul.leisure and "politisk aktiv" in poul.leisure
    assert "frivillig i den lokale biograf" in poul.leisure
    assert "finde vej i systemet" in poul.offers
    assert os.path.exists(photo_path(loaded.info["photo_dir"], poul.photo))
    user = loaded.get(User, poul.user_id)
    assert user.email == "poul@stevns.example" and user.role == Role.VOLUNTEER
    assert poul.child_cert_ok and poul.criminal_cert_ok and poul.training_day2_on
    assert loaded.exec(select(Match).where(Match.volunteer_id == poul.id,
                                         Match.status == MatchStatus.ACTIVE)).first()


def test_stages_are_spread_and_pipeline_dated(loaded):
    for slug in ("stevns", "hedensted"):
        muni = by_slug(loaded, slug)
        vols = loaded.exec(select(Volunteer).where(Volunteer.municipality_id == muni.id)).all()
        assert 18 <= len(vols) <= 25
        assert set(Counter(v.status for v in vols)) == set(Stage.ALL)
        paused = [v for v in vols if v.status == Stage.PAUSED]
        assert all(v.pause_until and v.pause_until > today() for v in paused)
        assert all(v.stop_reason for v in vols if v.status == Stage.STOPPED)
        for v in vols:
            assert v.consent_at is not None and (v.photo is not None) == (v.status not in (
                Stage.INTERESTED, Stage.CALLED, Stage.INFO_MEETING))
            if v.status in (Stage.ACTIVE, Stage.PAUSED):
                assert v.user_id and v.child_cert_checked_by_id and v.training_day1_on
    steps = loaded.exec(select(VolunteerStep)).all()
    assert all(s.at.utcoffset().total_seconds() == 0 for s in steps)


def test_matches_meetings_and_cadence(loaded):
    for slug in ("stevns", "hedensted"):
        muni = by_slug(loaded, slug)
        matches = loaded.exec(select(Match).where(Match.municipality_id == muni.id)).all()
        status = Counter(m.status for m in matches)
        assert status[MatchStatus.ACTIVE] >= 7 and status[MatchStatus.PAUSED] >= 1
        ended = [m for m in matches if m.status == MatchStatus.ENDED]
        assert ended and all(m.end_reason and m.ended_on > m.started_on for m in ended)
        live = [m for m in matches if m.status == MatchStatus.ACTIVE]
        states = Counter(c.status for c in cadences(loaded, live).values())
        assert states["on_track"] >= 5 and states["late"] >= 1 and states["at_risk"] >= 1
        proposals = loaded.exec(select(Proposal).where(Proposal.municipality_id == muni.id)).all()
        assert Counter(p.status for p in proposals)[ProposalStatus.OPEN] >= 1
        for p in proposals:
            opts = loaded.exec(select(ProposalOption).where(ProposalOption.proposal_id == p.id)).all()
            assert 2 <= len(opts) <= 3 and all(2 <= len(o.reasons) <= 3 for o in opts)
        vols = loaded.exec(select(Volunteer).where(Volunteer.municipality_id == muni.id)).all()
        load = loads(loaded, [v.id for v in vols])
        assert all(load.get(v.id, 0) <= v.capacity for v in vols)
    meetings = loaded.exec(select(Meeting)).all()
    assert meetings and all(m.private_note is None for m in meetings)
    starts = {m.id: m.started_on for m in loaded.exec(select(Match))}
    assert all(starts[m.match_id] <= m.held_on <= today() for m in meetings)


def test_events_and_hotline(loaded):
    events = loaded.exec(select(Event)).all()
    kinds = Counter((e.kind, e.starts_at.date() > today()) for e in events)
    for kind, future in [(EventKind.LEARNING, False), (EventKind.LEARNING, True),
                         (EventKind.TRAINING, True), (EventKind.INFO, True)]:
        assert kinds[(kind, future)] == 2
    invites = loaded.exec(select(EventInvite)).all()
    assert any(i.attended for i in invites) and any(i.answer == "yes" for i in invites)
    hotline = loaded.exec(select(HotlineRequest)).all()
    assert {h.answered_at is None for h in hotline} == {True, False}


def test_each_municipalitys_data_stays_in_it(loaded):
    owner = {}
    for model in (Volunteer, Citizen, Proposal, Match, Event):
        owner[model] = dict(loaded.exec(select(model.id, model.municipality_id)).all())
    users = dict(loaded.exec(select(User.id, User.municipality_id)).all())
    links = [(Match, "citizen_id", Citizen), (Match, "volunteer_id", Volunteer),
             (Proposal, "citizen_id", Citizen), (ProposalOption, "volunteer_id", Volunteer),
             (ProposalOption, "proposal_id", Proposal), (Meeting, "match_id", Match),
             (Meeting, "volunteer_id", Volunteer), (EventInvite, "event_id", Event),
             (EventInvite, "volunteer_id", Volunteer), (HotlineRequest, "volunteer_id", Volunteer),
             (VolunteerStep, "volunteer_id", Volunteer)]
    for model, column, target in links:
        for muni, ref in loaded.exec(select(model.municipality_id, getattr(model, column))):
            assert owner[target][ref] == muni, (model.__name__, column)
    for model in (Volunteer, Citizen):
        for muni, uid in loaded.exec(select(model.municipality_id, model.user_id)):
            assert uid is None or users[uid] == muni


def test_citizens_have_consent_and_only_link_logins(loaded):
    citizens = loaded.exec(select(Citizen)).all()
    assert all(c.legal_basis and c.consent_text_version and c.consent_recorded_by_id
               for c in citizens)
    assert all(18 <= today().year - c.birth_year <= 30 for c in citizens)
    accounts = [loaded.get(User, c.user_id) for c in citizens if c.user_id]
    assert accounts and all(u.role == Role.CITIZEN and u.password_hash is None for u in accounts)


def test_demo_towns_are_known():
    from models.towns import town_coordinates
    from seed.profiles import TOWNS

    assert all(town_coordinates(t) for towns in TOWNS.values() for t in towns)


def test_demo_logins_work_and_stay_in_their_municipality(demo, auth):
    coordinator = demo.exec(select(User).where(User.email == "koordinator@stevns.example")).one()
    auth.login(coordinator, DEMO_PASSWORD)
    assert auth.client.get("/coordinator").status_code == 200
    sara = demo.exec(select(Citizen).where(Citizen.name == "Sara Jensen")).one()
    assert "Sara" in auth.client.get(f"/citizens/{sara.id}").get_data(as_text=True)
    other = demo.exec(select(Citizen).where(Citizen.municipality_id != sara.municipality_id)).first()
    assert auth.client.get(f"/citizens/{other.id}").status_code == 404
    auth.logout()
    poul = demo.exec(select(User).where(User.email == "poul@stevns.example")).one()
    auth.login(poul, DEMO_PASSWORD)
    page = auth.client.get("/volunteer")
    assert page.status_code == 200 and "Sara" in page.get_data(as_text=True)


def test_seed_command_prints_logins(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0 and "Demo data loaded." in first.output
    assert "poul@stevns.example" in first.output and DEMO_PASSWORD in first.output
    again = runner.invoke(args=["seed"])
    assert "nothing changed" in again.output


def test_synthetic_makes_the_asked_counts(db):
    made = synthetic.generate(db, municipalities=3, volunteers=30, citizens=60, small_volunteers=10,
                              small_citizens=12, pairs=12, pairs_per_municipality=4,
                              meetings_per_pair=2, accounts=5)
    db.commit()
    assert made["municipalities"] == 3 and made["volunteers"] == 50 and made["citizens"] == 84
    assert made["matches_active"] + made["matches_paused"] == 12 + 2 * 4
    rows = counts(db)
    assert rows["Volunteer"] == 50 and rows["Citizen"] == 84 and rows["Municipality"] == 3
    assert rows["Meeting"] == made["meetings"] == 2 * (made["matches_active"] + made["matches_paused"]
                                                        + made["matches_ended"])
    assert rows["ProposalOption"] == made["proposal_options"] >= 2 * made["proposals"]
    big = by_slug(db, "storby")
    live = db.exec(select(Match).where(Match.municipality_id == big.id,
                                       Match.status.in_(MatchStatus.LIVE))).all()
    assert len(live) == 12 and len({m.citizen_id for m in live}) == 12
    vols = db.exec(select(Volunteer)).all()
    load = loads(db, [v.id for v in vols])
    assert all(load.get(v.id, 0) <= v.capacity for v in vols)
    assert all(m.private_note is None for m in db.exec(select(Meeting)))


def test_synthetic_stays_in_each_municipality_and_logs_in(db, client, auth):
    synthetic.generate(db, municipalities=2, volunteers=12, citizens=20, small_volunteers=6,
                       small_citizens=8, pairs=6, meetings_per_pair=1, accounts=3)
    db.commit()
    owner = dict(db.exec(select(Volunteer.id, Volunteer.municipality_id)).all())
    for model in (Match, ProposalOption, Meeting):
        for muni, vid in db.exec(select(model.municipality_id, model.volunteer_id)):
            assert owner[vid] == muni
    citizens = dict(db.exec(select(Citizen.id, Citizen.municipality_id)).all())
    for muni, cid in db.exec(select(Proposal.municipality_id, Proposal.citizen_id)):
        assert citizens[cid] == muni
    volunteer = db.exec(select(User).where(User.email == "frivillig1@storby.example")).one()
    assert auth.login(volunteer, synthetic.SYNTHETIC_PASSWORD).status_code == 302
    assert db.exec(select(User).where(User.email == "ung1@storby.example")).one().password_hash is None


def test_synthetic_refuses_a_second_run_and_impossible_pairs(db):
    with pytest.raises(ValueError):
        synthetic.generate(db, municipalities=1, volunteers=5, citizens=3, pairs=4)
    synthetic.generate(db, municipalities=1, volunteers=5, citizens=5, pairs=2)
    with pytest.raises(ValueError):
        synthetic.generate(db, municipalities=1, volunteers=5, citizens=5, pairs=2)


def test_seed_large_command_prints_counts(app):
    result = app.test_cli_runner().invoke(args=[
        "seed-large", "--municipalities", "2", "--volunteers", "10", "--citizens", "15",
        "--pairs", "5"])
    assert result.exit_code == 0, result.output
    assert "volunteers: 50" in result.output and "Done in" in result.output
