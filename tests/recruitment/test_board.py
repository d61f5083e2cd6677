"""The volunteer board: counts, the longest-waiting few per step and one step's list."""
import re
from datetime import UTC, date, datetime, timedelta

from models import Stage

from .helpers import coordinator_in


def _names(section: str) -> list[str]:
    """The volunteers' names linked in a piece of the board, in order."""
    return re.findall(r'<a href="/volunteers/\d+">([^<]+)</a>', section)


def _column(page: str, stage: str) -> str:
    """The board's section for one step."""
    return page.split(f'id="st-{stage}"')[1].split("</section>")[0]


def test_an_empty_board_still_links_to_the_sign_up_form(auth, make):
    town, coordinator = coordinator_in(make)
    other, _ = coordinator_in(make, "hedensted")
    make.volunteer(other, name="Fremmed Frivillig", status=Stage.INTERESTED)
    auth.login(coordinator)
    page = auth.client.get("/volunteers/").get_data(as_text=True)
    assert "/m/stevns/bliv-rollemodel" in page and "hedensted" not in page
    assert "Fremmed" not in page and "Stoppet (0)" in page
    assert page.count('<span class="count">0</span>') == len(Stage.PIPELINE) + 1
    assert page.count("Ingen her.") == len(Stage.PIPELINE) + 1
    step = auth.client.get("/volunteers/?stage=interested").get_data(as_text=True)
    assert "Ingen her." in step and "/m/stevns/bliv-rollemodel" in step


def test_each_step_shows_the_five_longest_waiting_in_order(auth, make):
    town, coordinator = coordinator_in(make)
    now = datetime.now(UTC)
    same = now - timedelta(days=3)
    for i in range(7):  # two pairs wait equally long: the older row comes first
        make.volunteer(town, name=f"Ny {i}", status=Stage.INTERESTED,
                       status_changed_at=same if i in (2, 3) else now - timedelta(days=10 - i))
    make.volunteer(town, name="Ringet En", status=Stage.CALLED,
                   status_changed_at=now - timedelta(days=1, hours=2), photo="ab" * 16)
    make.volunteer(town, name="Holder Pause", status=Stage.PAUSED,
                   pause_until=date(2026, 12, 24))
    auth.login(coordinator)
    page = auth.client.get("/volunteers/").get_data(as_text=True)
    # Ny 4 (6 days), Ny 5 (5), Ny 6 (4): the two at 3 days come after them.
    assert _names(_column(page, "interested")) == ["Ny 0", "Ny 1", "Ny 4", "Ny 5", "Ny 6"]
    assert "Se alle 7 på dette trin" in page
    called = _column(page, "called")
    assert _names(called) == ["Ringet En"] and "1 dag<" in called
    assert re.search(r'src="/photos/\d+/thumb"', called)
    paused = _column(page, "paused")
    assert _names(paused) == ["Holder Pause"] and "tilbage 24. dec. 2026" in paused
    step = auth.client.get("/volunteers/?stage=interested").get_data(as_text=True)
    assert _names(step) == ["Ny 0", "Ny 1", "Ny 4", "Ny 5", "Ny 6", "Ny 2", "Ny 3"]
    assert "Viser 1–7 af 7" in step
