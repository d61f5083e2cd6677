"""The smaller doors (issue 15, point 7): the import's header, who sees which photo, the
second factor's secret at rest, and reports that cannot be worked out by subtraction."""
import csv
import io
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import select

from models import Match, MatchStatus, Proposal, ProposalOption, ProposalStatus, Role, Stage
from models import User, today, utcnow
from web.coordination.report_data import HIDDEN_TOO, small_parts
from web.imports.csv_io import MAX_COLUMNS, read_table

from ..conftest import Auth
from ..recruitment.helpers import image_bytes, upload
from .conftest import login_as, totp_code


def test_a_very_wide_header_is_refused_unread_and_doubles_are_found_in_one_pass(app):
    with app.test_request_context():
        wide = read_table((",".join(f"c{i}" for i in range(50_000)) + "\nx\n").encode(),
                          "citizens")
        assert [e.message for e in wide.errors] == [f"Filen har mere end {MAX_COLUMNS} kolonner."]
        assert not wide.rows
        doubled = read_table((",".join(["name", "name"] + ["x"] * 150) + "\na,b\n").encode(),
                             "citizens")
        messages = [e.message for e in doubled.errors]
        assert "disse kolonner står to gange: name, x" in messages


def _with_photo(auth, make, town, **kw):
    """A volunteer with a photo uploaded by the coordinator."""
    volunteer = make.volunteer(town, **kw)
    response = auth.post(f"/volunteers/{volunteer.id}/photo",
                         {"photo": upload(image_bytes())}, content_type="multipart/form-data")
    assert response.status_code == 302
    return volunteer


def test_photos_only_for_those_who_may_see_them(app, db, make):
    town = make.municipality("stevns", "Stevns")
    coordinator = make.user(town, Role.COORDINATOR)
    staff = Auth(app.test_client())
    staff.login(coordinator)
    me_user = make.user(town, Role.VOLUNTEER)
    mine = _with_photo(staff, make, town, user=me_user)
    applicant = _with_photo(staff, make, town, status=Stage.INTERESTED)
    stopped = _with_photo(staff, make, town, status=Stage.STOPPED)
    suggested = _with_photo(staff, make, town)
    drafted = _with_photo(staff, make, town)
    role_model = _with_photo(staff, make, town)
    young_user = make.user(town, Role.CITIZEN)
    young = make.citizen(town, user=young_user)
    sent = make._save(Proposal(municipality_id=town.id, citizen_id=young.id,
                               status=ProposalStatus.OPEN, sent_at=utcnow(),
                               expires_at=utcnow() + timedelta(days=7)))
    make._save(ProposalOption(municipality_id=town.id, proposal_id=sent.id,
                              volunteer_id=suggested.id))
    draft = make._save(Proposal(municipality_id=town.id, citizen_id=young.id,
                                status=ProposalStatus.DRAFT))
    make._save(ProposalOption(municipality_id=town.id, proposal_id=draft.id,
                              volunteer_id=drafted.id))
    make._save(Match(municipality_id=town.id, citizen_id=young.id, volunteer_id=role_model.id,
                     started_on=today()))
    everyone = [mine, applicant, stopped, suggested, drafted, role_model]
    may = {
        "coordinator": {v.id for v in everyone},
        "volunteer": {mine.id},
        "citizen": {suggested.id, role_model.id},
        "other citizen": set(),
    }
    clients = {"coordinator": staff.client, "volunteer": login_as(app, me_user),
               "citizen": login_as(app, young_user),
               "other citizen": login_as(app, make.user(town, Role.CITIZEN))}
    for who, client in clients.items():
        for volunteer in everyone:
            for suffix in ("", "/thumb"):
                code = client.get(f"/photos/{volunteer.id}{suffix}").status_code
                assert code == (200 if volunteer.id in may[who] else 404), (who, volunteer.name)


def test_the_second_factors_secret_is_encrypted_at_rest(app, db, make):
    import re

    user = make.user(make.municipality(), Role.COORDINATOR)
    auth = Auth(app.test_client())
    auth.login(user)
    page = auth.client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    assert auth.post("/account/two-factor", {"code": totp_code(secret)}).status_code == 302
    with app.extensions["engine"].connect() as conn:
        raw = conn.execute(sa.text("SELECT totp_secret FROM \"user\" WHERE id = :i"),
                           {"i": user.id}).scalar()
        dump = " ".join(str(v) for row in conn.execute(sa.text('SELECT * FROM "user"'))
                        for v in row)
    assert raw and secret not in raw and secret not in dump
    auth.logout()
    assert auth.login(user).headers["Location"].endswith("/login/code")  # still works
    db.expire_all()
    assert db.get(User, user.id).totp_secret == raw


def test_complementary_suppression_leaves_no_cell_to_subtract():
    assert small_parts([7, 3, 6, 0, 9]) == [7, None, HIDDEN_TOO, 0, 9]
    assert small_parts([7, 3, 2, 9]) == [7, None, None, 9]  # two hidden already
    assert small_parts([12, 0, 0]) == [12, 0, 0]
    assert small_parts([3, 0]) == [None, 0]  # nothing else to hide; the total is under 5 too


def test_a_hidden_reason_cannot_be_worked_out_from_the_total(auth, client, db, make):
    from ..volunteer.conftest import add_pair

    town = make.municipality("stevns", "Stevns")
    coordinator = make.user(town, Role.COORDINATOR)
    reasons = ["completed"] * 7 + ["moved"] * 3 + ["lost_contact"] * 6
    for reason in reasons:
        pair = add_pair(make, db, town, started_days_ago=200)
        match = db.get(Match, pair.match.id)
        match.status, match.ended_on, match.end_reason = (
            MatchStatus.ENDED, match.started_on + timedelta(days=50), reason)
    for _ in range(5):
        add_pair(make, db, town, started_days_ago=100)
    db.commit()
    auth.login(coordinator)
    rows = list(csv.reader(io.StringIO(client.get("/reports/reasons.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    values = [r[1] for r in rows[1:]]
    assert "7" in values and "3" not in values and "6" not in values
    assert values.count("færre end 5") == 1 and values.count("skjult") == 1
    headline = list(csv.reader(io.StringIO(client.get("/reports/headline.csv")
                                           .get_data(as_text=True).lstrip("\ufeff"))))
    live, total = (int(v) for v in headline[1])
    shown = sum(int(v) for v in values if v.isdigit())
    assert total - live - shown == 9  # what is left is two cells' sum, not one cell
    page = client.get("/reports/").get_data(as_text=True)
    assert "skjult" in page
    assert db.exec(select(Match)).all()
