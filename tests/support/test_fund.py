"""The fund (puljen): a role model applies, the coordinator answers, the municipality's budget
holds; no application, list or page of the fund says who the young person is."""
import threading
from datetime import date

import pytest
from sqlmodel import func, select

from models import FundApplication, FundBudget, FundStatus, Notification, today

from .conftest import login, text

APPLY = {"purpose": "gym", "amount": "450", "description": "Fitnesskort i tre måneder, så vi "
                                                          "kan træne sammen."}


def _budget(db, town, amount, year=None):
    """Set a year's budget straight in the database."""
    db.add(FundBudget(municipality_id=town.id, year=year or today().year, amount=amount))
    db.commit()


def _count(db, *where) -> int:
    """How many applications there are (that meet ``where``)."""
    db.expire_all()
    return db.exec(select(func.count()).select_from(FundApplication).where(*where)).one()


def test_apply_answer_and_read_the_answer(app, db, network):
    stevns = network.stevns
    _budget(db, stevns.town, 2000)
    poul = login(app, stevns.pairs[0].user)
    page = text(poul.client.get("/fund/"))
    assert "2.000 kr. tilbage af 2.000 kr." in page and "ikke din unge" in page
    assert poul.post("/fund/", APPLY).status_code == 302
    application = db.exec(select(FundApplication)).one()
    assert (application.purpose, application.amount, application.status) == ("gym", 450, "pending")
    notice = db.exec(select(Notification).where(Notification.kind == "fund_applied")).one()
    assert notice.user_id == stevns.coordinator.id and "Log ind" in notice.body
    desk = login(app, stevns.coordinator)
    listed = text(desk.client.get("/fund/applications/"))
    assert "Poul Poulsen" in listed and "450 kr." in listed
    assert "1.550 kr. tilbage" in text(desk.client.get("/support"))  # waiting ones hold theirs
    assert desk.post(f"/fund/applications/{application.id}", {
        "decision": "approve", "message": "Send kvitteringen til mig."}).status_code == 302
    db.expire_all()
    application = db.get(FundApplication, application.id)
    assert application.status == FundStatus.APPROVED and application.decided_on == today()
    told = db.exec(select(Notification).where(Notification.kind == "fund_decided")).one()
    assert told.user_id == stevns.pairs[0].user.id
    assert "kvittering" not in told.body and "Log ind" in told.body  # the answer waits inside
    mine = text(poul.client.get("/fund/"))
    assert "Bevilget" in mine and "Send kvitteringen til mig." in mine
    # Answered once: a second answer changes nothing.
    desk.post(f"/fund/applications/{application.id}", {"decision": "decline"})
    assert db.get(FundApplication, application.id).status == FundStatus.APPROVED


def test_decline_with_a_message(app, db, network):
    _budget(db, network.stevns.town, 2000)
    poul = login(app, network.stevns.pairs[0].user)
    poul.post("/fund/", APPLY)
    application = db.exec(select(FundApplication)).one()
    desk = login(app, network.stevns.coordinator)
    desk.post(f"/fund/applications/{application.id}", {"decision": "decline",
                                                       "message": "Ikke i år, desværre."})
    page = text(poul.client.get("/fund/"))
    assert "Afslået" in page and "Ikke i år, desværre." in page
    assert "2.000 kr. tilbage" in page  # a declined amount goes back into the fund


@pytest.mark.parametrize("description, shown", [
    ("Biografbilletter til Sara og mig", "Fjern “Sara”: skriv ikke din unges navn."),
    ("Fitness for JENSEN", "Fjern “JENSEN”"),
    ("Kort til 010203-1234", "det ligner et cpr-nummer"),
    ("Ring til 12 34 56 78 om det", "Fjern telefonnummeret “12 34 56 78”"),
    ("Skriv til sara@example.dk", "Fjern e-mailadressen"),
])
def test_personal_details_about_the_young_person_are_refused(app, db, network, description,
                                                             shown):
    _budget(db, network.stevns.town, 2000)
    poul = login(app, network.stevns.pairs[0].user)
    response = poul.post("/fund/", dict(APPLY, description=description))
    assert response.status_code == 400 and shown in text(response)
    assert "må ikke sige, hvem din unge er" in text(response)
    assert _count(db) == 0


def test_the_other_pairs_young_person_is_no_name_to_refuse(app, db, network):
    _budget(db, network.stevns.town, 2000)
    anna = login(app, network.stevns.pairs[1].user)  # her young person is Mads, not Sara
    assert anna.post("/fund/", dict(APPLY, description="Billet til Sara Bad")).status_code == 302


def test_no_budget_more_than_is_left_and_waiting_amounts_are_refused_clearly(app, db, network):
    poul, anna = (login(app, p.user) for p in network.stevns.pairs)
    response = poul.post("/fund/", APPLY)
    assert response.status_code == 400 and "Puljen har ikke noget budget for" in text(response)
    _budget(db, network.stevns.town, 1000)
    response = poul.post("/fund/", dict(APPLY, amount="1200"))
    assert response.status_code == 400
    assert "Der er kun 1.000 kr. tilbage i puljen i år" in text(response)
    assert poul.post("/fund/", dict(APPLY, amount="700")).status_code == 302
    response = anna.post("/fund/", dict(APPLY, amount="400"))  # 700 waits for an answer
    assert response.status_code == 400 and "Der er kun 300 kr. tilbage" in text(response)
    assert anna.post("/fund/", dict(APPLY, amount="300")).status_code == 302
    assert _count(db) == 2


def test_bad_input_is_answered_next_to_the_field_and_saves_nothing(app, db, network):
    _budget(db, network.stevns.town, 2000)
    poul = login(app, network.stevns.pairs[0].user)
    for data, message in (
            (dict(APPLY, purpose=""), "Vælg en af de viste"), (dict(APPLY, purpose="casino"), "Vælg en af de viste"),
            (dict(APPLY, amount="12,50"), "hele kroner"), (dict(APPLY, amount="0"), "fra 1 til"),
            (dict(APPLY, amount="20000"), "fra 1 til 10000"),
            (dict(APPLY, description=""), "Skriv et par ord"),
            (dict(APPLY, description="x" * 301), "under 300 tegn")):
        response = poul.post("/fund/", data)
        assert response.status_code == 400 and message in text(response), data
    assert _count(db) == 0


def test_a_role_model_without_a_young_person_cannot_apply(app, db, network, make):
    from models import Role

    _budget(db, network.stevns.town, 2000)
    user = make.user(network.stevns.town, Role.VOLUNTEER, name="Ny Rollemodel")
    make.ready_volunteer(network.stevns.town, user=user, name="Ny Rollemodel")
    new = login(app, user)
    assert "Du kan søge, når du har en ung." in text(new.client.get("/fund/"))
    assert new.post("/fund/", APPLY).status_code == 400
    assert _count(db) == 0


def test_a_volunteer_sees_and_withdraws_only_their_own(app, db, network):
    _budget(db, network.stevns.town, 2000)
    poul, anna = (login(app, p.user) for p in network.stevns.pairs)
    poul.post("/fund/", dict(APPLY, description="Billetter til Poul-turen"))
    mine = db.exec(select(FundApplication)).one()
    assert "Poul-turen" not in text(anna.client.get("/fund/"))
    assert anna.post(f"/fund/{mine.id}/withdraw").status_code == 404
    assert anna.client.get(f"/fund/applications/{mine.id}").status_code == 403
    assert poul.post(f"/fund/{mine.id}/withdraw").status_code == 302
    assert _count(db, FundApplication.status == FundStatus.WITHDRAWN) == 1
    assert "2.000 kr. tilbage" in text(poul.client.get("/fund/"))


def test_the_coordinator_never_sees_the_young_person_and_another_town_sees_nothing(
        app, db, network):
    stevns = network.stevns
    _budget(db, stevns.town, 2000)
    poul = login(app, stevns.pairs[0].user)
    poul.post("/fund/", APPLY)
    application = db.exec(select(FundApplication)).one()
    desk = login(app, stevns.coordinator)
    pages = [f"/fund/applications/{application.id}", "/fund/applications/", "/support",
             "/fund/budget/", "/fund/applications/?status=pending"]
    young = stevns.pairs[0].citizen
    for url in pages:
        page = text(desk.client.get(url))
        assert ("Poul Poulsen" in page) == (url != "/fund/budget/"), url  # the role model's
        assert young.name.split()[0] not in page and young.name.split()[1] not in page, url
        assert f"/citizens/{young.id}" not in page and f"/matches/{stevns.pairs[0].match.id}" \
            not in page, url
    stranger = login(app, network.hedensted.coordinator)
    assert stranger.client.get(f"/fund/applications/{application.id}").status_code == 404
    assert stranger.post(f"/fund/applications/{application.id}",
                         {"decision": "approve"}).status_code == 404
    for url in ("/fund/applications/", "/support", "/fund/budget/"):
        page = text(stranger.client.get(url))
        assert "Poul Poulsen" not in page and "450 kr." not in page, url
    other_volunteer = login(app, network.hedensted.pairs[0].user)
    assert "Fitnesskort" not in text(other_volunteer.client.get("/fund/"))
    assert other_volunteer.post(f"/fund/{application.id}/withdraw").status_code == 404
    db.expire_all()
    assert db.get(FundApplication, application.id).status == FundStatus.PENDING


def test_budget_and_spending_per_purpose_and_month(app, db, network):
    stevns = network.stevns
    desk = login(app, stevns.coordinator)
    year = today().year
    assert desk.post("/fund/budget/", {"year": str(year), "amount": "5000"}).status_code == 302
    assert db.exec(select(FundBudget)).one().amount == 5000
    town = stevns.town.id
    vid = stevns.pairs[0].volunteer.id
    spent = [("gym", 600, date(year, 1, 20)), ("gym", 300, date(year, 1, 28)),
             ("culture", 200, date(year, 3, 2))]
    db.add_all([FundApplication(municipality_id=town, volunteer_id=vid, purpose=p, amount=a,
                                description="x", status=FundStatus.APPROVED, decided_on=d)
                for p, a, d in spent])
    db.add(FundApplication(municipality_id=town, volunteer_id=vid, purpose="sport", amount=100,
                           description="x", status=FundStatus.DECLINED, decided_on=date(year, 1, 5)))
    db.add(FundApplication(municipality_id=town, volunteer_id=vid, purpose="gym", amount=999,
                           description="x", status=FundStatus.APPROVED,
                           decided_on=date(year - 1, 12, 30)))  # last year's money
    db.commit()
    page = text(desk.client.get("/fund/budget/"))
    by_purpose, by_month = page.split("Brugt pr. formål")[1].split("Brugt pr. måned")
    assert "Fitness- eller træningskort</td><td class=\"num\">2</td><td class=\"num\">900 kr." \
        in by_purpose
    assert "Januar</td><td class=\"num\">2</td><td class=\"num\">900 kr." in by_month
    assert "Marts</td><td class=\"num\">1</td><td class=\"num\">200 kr." in by_month
    assert "1.100 kr." in page and "3.900 kr." in page  # approved, and what is left
    last = text(desk.client.get(f"/fund/budget/?year={year - 1}"))
    assert "999 kr." in last
    # The budget cannot go under what is already approved or waiting.
    response = desk.post("/fund/budget/", {"year": str(year), "amount": "1000"})
    assert response.status_code == 400 and "1.100 kr. er allerede bevilget" in text(response)
    assert db.exec(select(FundBudget)).one().amount == 5000
    for bad in ({"year": "19", "amount": "5"}, {"year": str(year), "amount": "-5"},
                {"year": str(year), "amount": "mange"}):
        assert desk.post("/fund/budget/", bad).status_code == 400
    db.expire_all()
    assert db.exec(select(FundBudget)).one().amount == 5000
    other = login(app, network.hedensted.coordinator)
    assert "1.100 kr." not in text(other.client.get("/fund/budget/"))


def test_an_approval_needs_a_budget_that_holds_it(app, db, network, make):
    stevns = network.stevns
    application = FundApplication(municipality_id=stevns.town.id,
                                  volunteer_id=stevns.pairs[0].volunteer.id, purpose="gym",
                                  amount=400, description="x")
    db.add(application)  # made last year, say; this year has no budget yet
    db.commit()
    desk = login(app, stevns.coordinator)
    response = desk.post(f"/fund/applications/{application.id}", {"decision": "approve"})
    assert response.status_code == 400 and "Sæt først puljens budget" in text(response)
    assert desk.post(f"/fund/applications/{application.id}", {"decision": "maybe"}).status_code == 400
    db.expire_all()
    assert db.get(FundApplication, application.id).status == FundStatus.PENDING


def test_my_data_holds_my_applications(app, db, network):
    _budget(db, network.stevns.town, 2000)
    poul = login(app, network.stevns.pairs[0].user)
    poul.post("/fund/", APPLY)
    data = poul.client.get("/my-data.json").get_json()
    assert [a["amount"] for a in data["fund"]] == [450]
    assert "Sara" not in str(data["fund"])


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_at_once_cannot_spend_the_same_kroner(app, db, network):
    """An application locks the year's budget while it checks what is left: a second one waits,
    then sees the first one's amount."""
    from models import scoped_session
    from models.fund import totals

    town, year = network.stevns.town, today().year
    _budget(db, town, 1000)
    engine, seen = app.extensions["engine"], {}
    with scoped_session(engine, town.id) as first, scoped_session(engine, town.id) as second:
        assert totals(first, year, year, lock=True).left == 1000

        def apply_too():
            seen["left"] = totals(second, year, year, lock=True).left

        waiting = threading.Thread(target=apply_too)
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive(), "the second check did not wait for the first"
        first.add(FundApplication(volunteer_id=network.stevns.pairs[0].volunteer.id,
                                  purpose="gym", amount=700, description="x"))
        first.commit()
        waiting.join(10)
        second.rollback()
    assert seen["left"] == 300


def test_erasing_a_role_model_keeps_the_amounts_and_drops_their_words(app, db, network):
    _budget(db, network.stevns.town, 2000)
    pair = network.stevns.pairs[0]
    login(app, pair.user).post("/fund/", APPLY)
    desk = login(app, network.stevns.coordinator)
    assert desk.post(f"/gdpr/volunteers/{pair.volunteer.id}/erase",
                     {"confirm": "y"}).status_code == 302
    db.expire_all()
    kept = db.exec(select(FundApplication)).one()
    assert kept.amount == 450 and kept.description == "(slettet)" and "Fitness" not in str(kept)
