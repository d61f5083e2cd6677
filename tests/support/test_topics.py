"""Topics for learning meetings: suggested and voted for by role models, counted but never shown
by name, taken up by a learning meeting and kept as history."""
import re
from datetime import timedelta

from sqlmodel import func, select

from models import Event, LearningTopic, TopicVote, today

from .conftest import login, text


def _votes(page: str, title: str) -> int:
    """The vote count shown next to a topic on the list."""
    block = page[page.index(title):]
    return int(re.search(r"Stemmer: (\d+)", block).group(1))


def _topic(db, title):
    """The stored topic of that title."""
    db.expire_all()
    return db.exec(select(LearningTopic).where(LearningTopic.title == title)).one()


def test_suggest_vote_and_take_back_one_vote_each(app, db, network):
    poul, anna = (login(app, p.user) for p in network.stevns.pairs)
    assert poul.post("/topics/suggest", {"title": "  Når den unge  ikke svarer ",
                                         "details": "Hvad skriver man?"}).status_code == 302
    topic = _topic(db, "Når den unge ikke svarer")  # spaces tidied
    page = text(anna.client.get("/topics/"))
    assert _votes(page, topic.title) == 1 and "Stem på det" in page
    anna.post(f"/topics/{topic.id}/vote", {"vote": "yes"})
    anna.post(f"/topics/{topic.id}/vote", {"vote": "yes"})  # again: still one vote
    page = text(anna.client.get("/topics/"))
    assert _votes(page, topic.title) == 2 and "Træk min stemme tilbage" in page
    anna.post(f"/topics/{topic.id}/vote", {"vote": "no"})
    assert _votes(text(anna.client.get("/topics/")), topic.title) == 1
    assert db.exec(select(func.count()).select_from(TopicVote)).one() == 1


def test_the_same_topic_twice_is_one_topic_with_two_votes(app, db, network):
    poul, anna = (login(app, p.user) for p in network.stevns.pairs)
    poul.post("/topics/suggest", {"title": "Økonomi og gæld"})
    response = anna.post("/topics/suggest", {"title": "økonomi OG  gæld"}, follow_redirects=True)
    assert "Nogen har allerede ønsket det emne" in text(response)
    assert db.exec(select(func.count()).select_from(LearningTopic)).one() == 1
    assert _votes(text(response), "Økonomi og gæld") == 2


def test_most_wanted_first_and_nobody_sees_who_voted(app, db, network):
    poul, anna = (login(app, p.user) for p in network.stevns.pairs)
    poul.post("/topics/suggest", {"title": "Besøg på erhvervsskolen"})
    anna.post("/topics/suggest", {"title": "Angst hos unge"})
    wanted = _topic(db, "Angst hos unge")
    poul.post(f"/topics/{wanted.id}/vote", {"vote": "yes"})
    desk = login(app, network.stevns.coordinator)
    page = text(desk.client.get("/topics/"))
    assert page.index("Angst hos unge") < page.index("Besøg på erhvervsskolen")
    assert _votes(page, "Angst hos unge") == 2
    for name in ("Poul", "Anna", "Holm", "Poulsen"):  # counted, never named
        assert name not in page.split("<main")[1], name
    assert "Stem på det" not in page  # coordinators plan, they do not vote


def test_a_learning_meeting_takes_topics_up_and_they_stay_as_history(app, db, network):
    poul = login(app, network.stevns.pairs[0].user)
    for title in ("Når den unge ikke svarer", "Penge og gæld"):
        poul.post("/topics/suggest", {"title": title})
    first, second = _topic(db, "Når den unge ikke svarer"), _topic(db, "Penge og gæld")
    desk = login(app, network.stevns.coordinator)
    form = text(desk.client.get("/events/new?kind=learning_meeting"))
    assert "Når den unge ikke svarer (stemmer: 1)" in form and "Penge og gæld" in form
    when = (today() + timedelta(days=10)).isoformat()
    response = desk.post("/events/new", {
        "kind": "learning_meeting", "title": "Læringsmøde i marts", "starts_at": f"{when}T17:00",
        "duration_minutes": "120", "place": "Jobcentret", "topics": [str(first.id)]})
    assert response.status_code == 302
    event = db.exec(select(Event)).one()
    assert _topic(db, first.title).covered_by_event_id == event.id
    assert "Når den unge ikke svarer" in text(desk.client.get(f"/events/{event.id}"))
    page = text(poul.client.get("/topics/"))
    wished, history = page.split("Taget op på læringsmøder")
    assert "Når den unge ikke svarer" not in wished and "Penge og gæld" in wished
    assert "Når den unge ikke svarer" in history and "På programmet" in history
    # A covered topic takes no more votes.
    other = login(app, network.stevns.pairs[1].user)
    other.post(f"/topics/{first.id}/vote", {"vote": "yes"})
    assert db.exec(select(func.count()).where(TopicVote.topic_id == first.id)).one() == 1
    # Unticked on the form, it goes back to the list; the other is ticked instead.
    desk.post(f"/events/{event.id}/edit", {
        "kind": "learning_meeting", "title": "Læringsmøde i marts", "starts_at": f"{when}T17:00",
        "duration_minutes": "120", "place": "Jobcentret", "topics": [str(second.id)]})
    assert _topic(db, first.title).covered_by_event_id is None
    assert _topic(db, second.title).covered_by_event_id == event.id


def test_only_a_learning_meeting_takes_topics_up(app, db, network):
    poul = login(app, network.stevns.pairs[0].user)
    poul.post("/topics/suggest", {"title": "Penge og gæld"})
    topic = _topic(db, "Penge og gæld")
    desk = login(app, network.stevns.coordinator)
    desk.post("/events/new", {
        "kind": "info_meeting", "title": "Info", "starts_at": f"{today().isoformat()}T17:00",
        "duration_minutes": "60", "place": "Rådhuset", "topics": [str(topic.id)]})
    assert _topic(db, topic.title).covered_by_event_id is None


def test_the_coordinator_takes_a_topic_off_the_list(app, db, network):
    poul = login(app, network.stevns.pairs[0].user)
    poul.post("/topics/suggest", {"title": "Noget helt andet"})
    topic = _topic(db, "Noget helt andet")
    desk = login(app, network.stevns.coordinator)
    assert desk.post(f"/topics/{topic.id}/remove").status_code == 302
    assert "Noget helt andet" not in text(poul.client.get("/topics/"))
    assert poul.post(f"/topics/{topic.id}/remove").status_code == 403  # volunteers cannot


def test_refused_suggestions_save_nothing(app, db, network):
    poul = login(app, network.stevns.pairs[0].user)
    for data in ({"title": "ab"}, {"title": ""}, {"title": "x" * 121},
                 {"title": "Godt emne", "details": "y" * 501}):
        response = poul.post("/topics/suggest", data)
        assert response.status_code == 400 and "Ret de felter" in text(response), data
    assert db.exec(select(func.count()).select_from(LearningTopic)).one() == 0
    topic = LearningTopic(municipality_id=network.stevns.town.id, title="Emne")
    db.add(topic)
    db.commit()
    assert poul.post(f"/topics/{topic.id}/vote", {"vote": "maybe"}).status_code == 400
    assert db.exec(select(func.count()).select_from(TopicVote)).one() == 0


def test_another_municipality_sees_and_touches_nothing(app, db, network):
    login(app, network.stevns.pairs[0].user).post("/topics/suggest", {"title": "Stevns-emne"})
    topic = _topic(db, "Stevns-emne")
    stranger = login(app, network.hedensted.pairs[0].user)
    assert "Stevns-emne" not in text(stranger.client.get("/topics/"))
    assert stranger.post(f"/topics/{topic.id}/vote", {"vote": "yes"}).status_code == 404
    desk = login(app, network.hedensted.coordinator)
    assert "Stevns-emne" not in text(desk.client.get("/topics/"))
    assert "Stevns-emne" not in text(desk.client.get("/events/new?kind=learning_meeting"))
    assert desk.post(f"/topics/{topic.id}/remove").status_code == 404
    assert _topic(db, "Stevns-emne").removed_at is None
    assert db.exec(select(func.count()).select_from(TopicVote)).one() == 1


def test_a_volunteer_sees_only_their_own_votes(app, db, network):
    poul, anna = (login(app, p.user) for p in network.stevns.pairs)
    poul.post("/topics/suggest", {"title": "Pouls emne"})
    anna.post("/topics/suggest", {"title": "Annas emne"})
    page = text(anna.client.get("/topics/"))
    mine, other = page[page.index("Annas emne"):], page[page.index("Pouls emne"):]
    assert mine.index("Træk min stemme tilbage") < mine.index("</li>")
    assert other.index("Stem på det") < other.index("</li>")  # Poul's vote is not hers
    assert [t["topic"] for t in anna.client.get("/my-data.json").get_json()["topics"]] == [
        "Annas emne"]
