"""A season in a network: about six months of one municipality lived day by day, through the
HTTP interface as each role, with the scheduler's jobs run every morning at ten, and the
invariants checked after every simulated day. The season's story is printed at the end."""
import os
import time
from collections import Counter
from datetime import date, timedelta

import pytest
import time_machine

from models import Municipality, Role, scoped_session
from web.scheduling.sender import Sender

from ..scheduling.conftest import Inbox
from . import invariants as check
from .everyone import CPH, Network
from .roles import moment

START = date(2026, 1, 5)  # a Monday; the season crosses the change to summer time
DAYS = int(os.environ.get("SEASON_DAYS", "182"))


@pytest.fixture
def inbox():
    """A real SMTP server in the test process."""
    box = Inbox()
    box.start()
    yield box
    box.stop()


def test_a_season_in_a_network(app, db, make, inbox):
    started = time.monotonic()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port, MAIL_BACKEND="smtp",
                      REPORT_CACHE_SECONDS=0)
    with time_machine.travel(moment(START, 7, CPH), tick=False) as clock:
        town = make.municipality("stevns", "Stevns")
        user = make.user(town, Role.COORDINATOR, name="Mette Holm")
        with scoped_session(app.extensions["engine"], town.id) as mine:
            net = Network(app, mine, town, user, inbox)
            sender = Sender(app.config)
            sent = Counter()
            # No app context around the days: each request (and each scheduler job) has its
            # own, as in a real server; a shared one would share ``g`` between the people.
            for n in range(DAYS):
                day = START + timedelta(days=n)
                notes = net.live(day, n, clock, sender)
                sent = _check_the_day(net, mine, day, notes, inbox) or sent
    story = net.story
    story.update({f"messages sent: {kind}": k for kind, k in sent.items()})
    print(f"\nThe season on {app.extensions['engine'].dialect.name}, "
          f"{START} to {START + timedelta(days=DAYS - 1)} "
          f"({time.monotonic() - started:.0f} s):")
    for what, k in sorted(story.items()):
        print(f"  {what:55} {k}")
    if DAYS >= 150:  # the whole season lived through every part of the loop
        for what in ("role models signed up", "role models made active", "proposals sent",
                     "young people who chose a role model", "young people who said none fits",
                     "proposals left to expire", "meetings logged", "role models who paused",
                     "role models back from pause", "pairs paused", "pairs resumed",
                     "pairs completed", "quiet pairs ended (switch)",
                     "quiet pairs ended (finished)", "learning meetings held",
                     "yeses put on a waiting list", "young people finished from the list",
                     "young people brought back", "messages sent: prompt1",
                     "messages sent: prompt2", "messages sent: risk", "messages sent: invite",
                     "messages sent: remind1", "messages sent: event_place"):
            assert story[what] > 0, f"the season never had: {what}"
    assert db.get(Municipality, town.id)


def _check_the_day(net, mine, day, notes, inbox) -> Counter:
    """Every invariant after one day; returns the messages sent so far by kind."""
    mine.expire_all()
    citizens, volunteers, matches, proposals, options = check.rows(mine)
    now = moment(day, 10, CPH)
    check.check_suggestable(mine, net.made_today)
    check.check_places(volunteers, matches, proposals, options, now)
    check.check_declined_stay_out(proposals, options)
    check.check_reminders(mine, notes, matches, volunteers)
    sent = check.check_delivery(mine, inbox)
    from models.lifecycle import waiting_citizens

    waiting = check.waiting_ids(citizens, matches, proposals)
    assert {c.id for c in waiting_citizens(mine)} == waiting, "the waiting list is wrong"
    if day.weekday() < 5:  # the coordinator's home and reports, as the pages say them
        net.coordinator.start_day()
        chips, shown_waiting = check.home_numbers(net.coordinator.home())
        assert shown_waiting == len(waiting), (day, shown_waiting, len(waiting))
        rhythm = check.rhythm(mine, matches, volunteers, day, net.town.risk_alert_days)
        assert {k: chips.get(k, 0) for k in ("on_track", "late", "at_risk", "paused")} == \
            {k: rhythm[k] for k in ("on_track", "late", "at_risk", "paused")}, day
        if day.weekday() == 4:  # Fridays: the reports agree with the rows too
            cells = check.report_cells(net.coordinator.get("/reports/citizens.csv")
                                       .get_data(as_text=True))
            labels = {"waiting": "Venter på forslag", "finished": "Afsluttet",
                      "matched": "Har en rollemodel"}
            counts = check.states(citizens, matches, proposals)
            for state, label in labels.items():
                assert check.agrees(cells[label], counts[state]), (day, state, cells)
    return sent
