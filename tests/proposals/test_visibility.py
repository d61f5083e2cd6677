"""Who sees what: own proposals only, own pair's contact details only, never another municipality."""
from datetime import timedelta

from models import Match, Role, today

from .conftest import login_citizen, open_proposal, options


def test_a_young_person_never_reaches_another_ones_proposal(client, db, young, volunteers):
    sara, ida = young("Sara Jensen"), young("Ida Berg")
    open_proposal(db, sara, volunteers[:2])
    theirs = open_proposal(db, ida, volunteers[2:4])
    login_citizen(client, db, sara)
    page = client.get("/choose/").get_data(as_text=True)
    assert volunteers[2].first_name not in page and volunteers[3].first_name not in page
    other = options(db, theirs)[0]
    assert client.get(f"/choose/{other.id}").status_code == 404
    from tests.conftest import csrf_token

    assert client.post(f"/choose/{other.id}",
                       data={"csrf_token": csrf_token(client)}).status_code == 404
    assert client.get("/proposals/").status_code == 403
    assert client.get("/matches/").status_code == 403


def test_the_volunteer_sees_only_their_own_pairs_contact_details(auth, db, make, town, young,
                                                                volunteers):
    sara = young("Sara Jensen", interests=["fodbold", "musik"])
    ida = young("Ida Berg")
    mine = Match(municipality_id=town.id, citizen_id=sara.id, volunteer_id=volunteers[0].id,
                 started_on=today() - timedelta(days=3))
    theirs = Match(municipality_id=town.id, citizen_id=ida.id, volunteer_id=volunteers[1].id,
                   started_on=today())
    db.add_all([mine, theirs])
    db.commit()
    poul_user = db.get(type(make.user(town)), volunteers[0].user_id)
    auth.login(poul_user)
    page = auth.client.get(f"/matches/{mine.id}/pair").get_data(as_text=True)
    assert "Sara" in page and "Jensen" not in page  # first name only
    assert "30000000" in page and "fodbold" in page and "musik" not in page
    assert "første møde" in page
    assert auth.client.get(f"/matches/{theirs.id}/pair").status_code == 404
    assert auth.client.get(f"/matches/{mine.id}").status_code == 403  # the coordinator's page
    assert auth.client.get("/choose/").status_code == 403


def test_the_citizen_sees_their_role_models_contact_details_on_the_pair_page(client, db, town,
                                                                            young, volunteers):
    sara = young()
    m = Match(municipality_id=town.id, citizen_id=sara.id, volunteer_id=volunteers[0].id,
              started_on=today())
    db.add(m)
    db.commit()
    login_citizen(client, db, sara)
    page = client.get(f"/matches/{m.id}/pair").get_data(as_text=True)
    assert "Poul" in page and "20000001" in page and "poul@v.example" in page


def test_another_municipalitys_proposals_and_matches_are_404(auth, db, make, young, volunteers):
    sara = young()
    p = open_proposal(db, sara, volunteers[:2])
    m = Match(municipality_id=sara.municipality_id, citizen_id=sara.id,
              volunteer_id=volunteers[3].id, started_on=today())
    db.add(m)
    db.commit()
    elsewhere = make.municipality("hedensted", "Hedensted")
    auth.login(make.user(elsewhere, Role.COORDINATOR))
    for url in (f"/proposals/{p.id}", f"/proposals/citizen/{sara.id}", f"/matches/{m.id}"):
        assert auth.client.get(url).status_code == 404, url
    opt = options(db, p)[0]
    for url in (f"/proposals/{p.id}/send", f"/proposals/{p.id}/cancel",
                f"/proposals/{p.id}/swap/{opt.id}", f"/matches/{m.id}/pause",
                f"/matches/{m.id}/end", f"/matches/{m.id}/switch"):
        assert auth.post(url).status_code == 404, url
    lists = auth.client.get("/proposals/").get_data(as_text=True)
    assert "Sara" not in lists
    assert "Sara" not in auth.client.get("/matches/").get_data(as_text=True)
