"""The coordinator's pages load with the same number of statements whatever the data size."""
import pytest

from models import MatchStatus, Proposal, ProposalStatus, Stage, utcnow

from .conftest import add_citizens, add_pairs, add_volunteers

PAGES = (
    "/coordinator", "/matches/", "/matches/?status=late", "/matches/?status=attention",
    "/matches/?status=ended&page=2", "/volunteers/", "/volunteers/?stage=interested&page=2",
    "/proposals/", "/proposals/?status=open", "/proposals/?status=waiting&page=2",
    "/citizens/", "/citizens/?q=ung&page=2",
)


def _grow(db, town, n):
    """Add ``n`` of everything the lists show: pairs in each state, people at each step."""
    add_pairs(db, town, n, last_meeting_days_ago=3)
    add_pairs(db, town, n, last_meeting_days_ago=20)
    add_pairs(db, town, n, last_meeting_days_ago=40)
    add_pairs(db, town, n, status=MatchStatus.ENDED)
    add_pairs(db, town, n, status=MatchStatus.PAUSED)
    for stage in Stage.ALL:
        add_volunteers(db, town, n, status=stage)
    citizens = add_citizens(db, town, 3 * n)
    db.add_all([Proposal(municipality_id=town.id, citizen_id=c.id, status=status,
                         sent_at=utcnow() if status == ProposalStatus.OPEN else None)
                for c, status in zip(citizens, [ProposalStatus.OPEN, ProposalStatus.DRAFT] * n)])
    db.commit()


@pytest.mark.parametrize("url", PAGES)
def test_statements_do_not_grow_with_the_rows(url, db, town, queries):
    _grow(db, town, 1)
    few = queries(url)
    _grow(db, town, 60)  # past one page of every list
    assert queries(url) == few
