"""Two young people choose the same last free place at the same moment: one gets it."""
import threading

from sqlmodel import select

from models import Match, Proposal, ProposalStatus
from tests.conftest import csrf_token

from .conftest import login_citizen, open_proposal, options


def test_two_young_people_racing_for_the_last_place(app, db, young, volunteers, coordinator):
    poul = volunteers[0]  # capacity 1: the last free place
    sara, ida = young("Sara Jensen"), young("Ida Berg")
    # Both hold Poul (e.g. the coordinator lowered his places after sending): the choice decides.
    proposals = [open_proposal(db, sara, [poul, volunteers[1]]),
                 open_proposal(db, ida, [poul, volunteers[2]])]
    clients = [app.test_client(), app.test_client()]
    for client, person in zip(clients, (sara, ida)):
        login_citizen(client, db, person)
    posts = []
    for client, p in zip(clients, proposals):
        posts.append((client, f"/choose/{options(db, p)[0].id}", csrf_token(client)))
    start = threading.Barrier(2)
    results = [None, None]

    def choose(i):
        """Post one young person's choice as soon as both are ready."""
        client, url, token = posts[i]
        start.wait()
        results[i] = client.post(url, data={"csrf_token": token})

    threads = [threading.Thread(target=choose, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.expire_all()
    matches = db.exec(select(Match).where(Match.volunteer_id == poul.id)).all()
    assert len(matches) == 1  # never two young people on one last place
    states = sorted(db.get(Proposal, p.id).status for p in proposals)
    assert states == [ProposalStatus.CANCELLED, ProposalStatus.CHOSEN]
    loser = next(i for i, p in enumerate(proposals)
                 if db.get(Proposal, p.id).status == ProposalStatus.CANCELLED)
    page = results[loser].get_data(as_text=True)
    assert results[loser].status_code == 200 and "Du har ikke gjort noget forkert" in page
    assert db.get(Proposal, proposals[loser].id).chosen_volunteer_id == poul.id  # the choice is kept
