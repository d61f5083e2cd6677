"""Long lists show 50 rows a page, link to the next page and keep their filters."""
import html
import re

from sqlmodel import select

from models import Match, MatchStatus, Proposal, ProposalStatus, Stage, Volunteer, utcnow

from .conftest import add_citizens, add_pairs, add_volunteers


def _ids(page: str, prefix: str) -> list[str]:
    """The ids linked as ``prefix<id>"`` on a page, in order."""
    return re.findall(re.escape(prefix) + r'(\d+)"', page)


def _next(page: str) -> str | None:
    """The next-page link of a page, unescaped, or None."""
    found = re.search(r'rel="next" href="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


def test_matches_come_50_a_page_with_links_that_keep_the_filter(desk, db, town):
    add_pairs(db, town, 120, last_meeting_days_ago=20)  # late
    add_pairs(db, town, 3, last_meeting_days_ago=2, prefix="Rolig")
    first = desk.get("/matches/?status=late").get_data(as_text=True)
    assert len(_ids(first, "/matches/")) == 50
    assert "Viser 1–50 af 120" in first and "Side 1 af 3" in first
    assert _next(first) == "/matches/?status=late&page=2"
    third = desk.get("/matches/?status=late&page=3").get_data(as_text=True)
    assert len(_ids(third, "/matches/")) == 20 and _next(third) is None
    assert "Rolig 0" not in third
    seen = set()
    for n in (1, 2, 3):
        seen |= set(_ids(desk.get(f"/matches/?status=late&page={n}").get_data(as_text=True),
                         "/matches/"))
    assert len(seen) == 120  # every pair once, none skipped between pages
    everyone = desk.get("/matches/").get_data(as_text=True)
    assert len(_ids(everyone, "/matches/")) == 50 and "af 123" in everyone


def test_odd_page_numbers_and_filters_fall_back_safely(desk, db, town):
    add_pairs(db, town, 3, last_meeting_days_ago=2)
    for url in ("/matches/?page=0", "/matches/?page=-1", "/matches/?page=abc",
                "/matches/?status=nonsense", "/matches/?page=99999999999"):
        page = desk.get(url).get_data(as_text=True)
        assert len(_ids(page, "/matches/")) == 3, url
    beyond = desk.get("/matches/?page=7").get_data(as_text=True)
    assert len(_ids(beyond, "/matches/")) == 3  # past the end shows the last page


def test_matches_filter_by_rhythm_paused_and_ended(desk, db, town):
    groups = {
        "on_track": add_pairs(db, town, 2, last_meeting_days_ago=3, prefix="Rolig"),
        "late": add_pairs(db, town, 2, last_meeting_days_ago=20, prefix="Sen"),
        "at_risk": add_pairs(db, town, 2, last_meeting_days_ago=40, prefix="Risiko"),
        "paused": add_pairs(db, town, 2, last_meeting_days_ago=40, status=MatchStatus.PAUSED,
                            prefix="Pause"),
        "ended": add_pairs(db, town, 2, status=MatchStatus.ENDED, prefix="Slut"),
    }
    groups["at_risk"] += add_pairs(db, town, 1, started_days_ago=30, prefix="Aldrig")  # no meeting
    for status, matches in groups.items():
        page = desk.get(f"/matches/?status={status}").get_data(as_text=True)
        assert set(_ids(page, "/matches/")) == {str(m.id) for m in matches}, status
    attention = desk.get("/matches/?status=attention").get_data(as_text=True)
    shown = _ids(attention, "/matches/")
    # At risk first, longest without a meeting first; then the late pairs.
    assert shown[:3] == [str(m.id) for m in groups["at_risk"][:2]] + [str(groups["at_risk"][2].id)]
    assert set(shown[3:]) == {str(m.id) for m in groups["late"]}


def test_board_shows_counts_and_the_longest_waiting_few_per_step(desk, db, town):
    add_volunteers(db, town, 120, status=Stage.INTERESTED, prefix="Ny")
    add_volunteers(db, town, 2, status=Stage.CALLED, prefix="Ringet")
    board = desk.get("/volunteers/").get_data(as_text=True)
    assert "Ny 000" in board and "Ny 004" in board and "Ny 005" not in board
    assert '<span class="count">120</span>' in board and "Ringet 001" in board
    assert "Se alle 120 på dette trin" in board
    step = desk.get("/volunteers/?stage=interested").get_data(as_text=True)
    assert len(_ids(step, "/volunteers/")) == 50 and "Ny 049" in step and "Ny 050" not in step
    assert _next(step) == "/volunteers/?stage=interested&page=2"
    last = desk.get("/volunteers/?stage=interested&page=3").get_data(as_text=True)
    assert len(_ids(last, "/volunteers/")) == 20 and "Ny 119" in last and "Ringet" not in last


def test_proposals_show_50_of_each_list_and_filter_by_status(desk, db, town):
    waiting = add_citizens(db, town, 120, prefix="Venter")
    chosen = add_citizens(db, town, 3, prefix="Valgt")
    db.add_all([Proposal(municipality_id=town.id, citizen_id=c.id, status=ProposalStatus.CHOSEN,
                         decided_at=utcnow()) for c in chosen])
    db.commit()
    page = desk.get("/proposals/").get_data(as_text=True)
    assert len(_ids(page, "/proposals/citizen/")) == 50
    # A chosen proposal without a live match leaves the young person waiting: 120 + 3.
    assert "(123)" in page
    assert "/proposals/?status=waiting" in page and "Se alle 123" in page
    rest = desk.get("/proposals/?status=waiting&page=3").get_data(as_text=True)
    assert len(_ids(rest, "/proposals/citizen/")) == 23
    assert {c.name for c in waiting[100:]} <= set(re.findall(r">(Venter \d+)<", rest))
    done = desk.get("/proposals/?status=chosen").get_data(as_text=True)
    assert "Valgt 000" in done and "Venter 000" not in done


def test_citizens_come_50_a_page_and_the_search_is_kept(desk, db, town):
    add_citizens(db, town, 120, prefix="Ung Køge")
    add_citizens(db, town, 10, prefix="Ung Rødvig")
    page = desk.get("/citizens/").get_data(as_text=True)
    assert len(set(_ids(page, "/citizens/"))) == 50
    searched = desk.get("/citizens/?q=køge").get_data(as_text=True)
    assert "af 120" in searched and "Rødvig" not in searched
    assert _next(searched) == "/citizens/?q=k%C3%B8ge&page=2"


def test_home_lists_the_20_most_overdue_pairs_and_links_to_all(desk, db, town):
    add_pairs(db, town, 25, last_meeting_days_ago=20, prefix="Sen")
    worst = add_pairs(db, town, 1, last_meeting_days_ago=90, prefix="Længst")
    add_pairs(db, town, 4, last_meeting_days_ago=2, prefix="Rolig")
    page = desk.get("/coordinator").get_data(as_text=True)
    rows = re.findall(r"<tr><td>Frivillig", page)
    assert len(rows) == 20
    assert page.index("Længst 000") < page.index("Sen 0")
    assert "/matches/?status=attention" in page and "Se alle 26 par" in page
    assert "Rolig" not in page
    assert db.get(Match, worst[0].id).status == MatchStatus.ACTIVE


def test_another_municipality_counts_nowhere(desk, db, town, make):
    other = make.municipality("hedensted", "Hedensted")
    add_pairs(db, other, 3, last_meeting_days_ago=40, prefix="Fremmed")
    add_volunteers(db, other, 8, status=Stage.INTERESTED, prefix="Fremmed frivillig")
    add_volunteers(db, town, 2, status=Stage.INTERESTED, prefix="Egen")
    for url in ("/matches/?status=at_risk", "/coordinator", "/volunteers/",
                "/volunteers/?stage=interested", "/proposals/?status=waiting", "/citizens/"):
        page = desk.get(url).get_data(as_text=True)
        assert "Fremmed" not in page, url
    board = desk.get("/volunteers/").get_data(as_text=True)
    assert "Egen 000" in board and "Egen 001" in board and '<span class="count">2</span>' in board
    assert "I fare (0)" in desk.get("/matches/?status=at_risk").get_data(as_text=True)
    assert db.exec(select(Volunteer).where(Volunteer.municipality_id == other.id)).all()
