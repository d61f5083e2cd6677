"""The young person's side: straight to the cards after the link, then who and what next."""
from datetime import timedelta

from models import today

from .conftest import login_citizen, open_proposal


def test_the_link_lands_on_the_cards_and_the_choice_takes_two_taps(
        app, db, volunteers, young):
    sara = young()
    proposal = open_proposal(db, sara, volunteers[:3])
    client = app.test_client()
    response = login_citizen(client, db, sara)  # tap 1: the link's button
    landed = client.get(response.headers["Location"], follow_redirects=True)
    assert landed.request.path == "/choose/" and "Vælg din rollemodel" in landed.get_data(True)
    from tests.conftest import csrf_token
    from .conftest import options

    first = options(db, proposal)[0]
    confirm = client.get(f"/choose/{first.id}").get_data(as_text=True)  # tap 2: choose
    assert "den unge" not in landed.get_data(True).lower() + confirm.lower()
    assert "Ja, jeg vælger Poul" in confirm
    done = client.post(f"/choose/{first.id}", data={"csrf_token": csrf_token(client)},
                       follow_redirects=True)  # tap 3: confirm
    home = done.get_data(as_text=True)
    assert done.request.path == "/citizen"
    assert "Din rollemodel" in home and "Poul" in home and 'href="tel:20000001"' in home
    assert "person-placeholder.svg" in home or "/photos/" in home
    assert "Det sker nu" in home and "senest" in home  # what happens next, and by when
    assert "I kan begge lide" in home and "fodbold" in home
    from models import Match
    from sqlmodel import select

    match = db.exec(select(Match).where(Match.citizen_id == sara.id)).one()
    for url in ("/citizen", "/citizens/me", "/my-data", f"/matches/{match.id}/pair"):
        text = client.get(url).get_data(as_text=True).lower()
        assert "den unge" not in text and "den unges" not in text, url  # "du", always


def test_a_finished_young_person_is_told_so(app, db, young):
    sara = young()
    sara.finished_on, sara.finished_reason = today() - timedelta(days=2), "job"
    db.add(sara)
    db.commit()
    client = app.test_client()
    login_citizen(client, db, sara)
    page = client.get("/citizen").get_data(as_text=True)
    assert "Du er færdig med Rollemodel" in page and "finder rollemodeller" not in page


def test_my_data_is_a_page_to_read_addressed_to_you(app, db, volunteers, young):
    sara = young()
    open_proposal(db, sara, volunteers[:2])
    client = app.test_client()
    login_citizen(client, db, sara)
    page = client.get("/my-data").get_data(as_text=True)
    for word in ("Hvor du står", "Du kan vælge en rollemodel nu", "Fødselsår", "Interesser",
                 "Hent det hele som en fil (JSON)", "Poul, Anna"):
        assert word in page, word
    for raw in ("created_at", "True", "False", "notify_email", "den unge", "T10:", "+00:00"):
        assert raw not in page, raw
