"""The story of one demo network: ended, paused and active pairs, open and declined proposals."""
from datetime import timedelta

from models import MatchStatus, ProposalStatus, Stage, today

from .dates import at, days_ago
from .demo_history import ACTIVE_PAIRS, LAST_MEETING, History


def build_network(session, rnd, muni, coordinator, volunteers, active_on, citizens) -> list:
    """Create the municipality's pairs and proposals; return the citizens who need a login."""
    h = History(session, rnd, muni, coordinator, volunteers, active_on)
    queue = list(citizens)
    # Longest-serving first; in Stevns Poul Poulsen, the source's example, leads the way.
    active = sorted(h._stage(Stage.ACTIVE), key=lambda v: (v.name != "Poul Poulsen", active_on[v.id]))
    with_login = []

    # A role model who stopped: their young person got a new role model afterwards ("mentorskift").
    stopped = h._stage(Stage.STOPPED)[0]
    stop_day = stopped.status_changed_at.date()
    switched = queue.pop(1)
    m = h.match(switched, stopped, h.start_day(stopped, latest=(today() - stop_day).days + 90),
                status=MatchStatus.ENDED, ended_on=stop_day, end_reason="volunteer_stopped")
    h.meetings(m, stop_day - timedelta(days=4))

    # A pair that went the whole way, with the longest-serving role model.
    done = queue.pop(2)
    veteran = active[0]
    start = h.start_day(veteran, latest=240)
    end = min(start + timedelta(days=182), days_ago(30))
    m = h.match(done, veteran, start, status=MatchStatus.ENDED, ended_on=end, end_reason="completed")
    h.meetings(m, end - timedelta(days=3))
    done.finished_on, done.finished_reason, done.finished_by_id = end, "job", coordinator.id

    # A pair that lost contact; the young person is now choosing among new role models.
    lost = queue.pop(3)
    start = h.start_day(active[1], latest=120)
    end = days_ago(rnd.randint(18, 26))
    m = h.match(lost, active[1], start, status=MatchStatus.ENDED, ended_on=end, end_reason="lost_contact")
    h.meetings(m, end - timedelta(days=35))

    # A pair on hold while the role model is on leave.
    paused = h._stage(Stage.PAUSED)[0]
    resting = queue.pop(4)
    paused_on = paused.status_changed_at.date()
    m = h.match(resting, paused, h.start_day(paused, latest=(today() - paused_on).days + 40),
                status=MatchStatus.PAUSED, paused_at=at(paused_on, 9))
    h.meetings(m, paused_on - timedelta(days=3))
    with_login.append(resting)

    # The active pairs: the first young person in the queue gets the switched one's place early.
    pairs = [queue.pop(0)] + [switched] + [queue.pop(0) for _ in range(ACTIVE_PAIRS - 2)]
    for i, citizen in enumerate(pairs):
        forced = active[0] if muni.slug == "stevns" and i == 0 else None  # Poul and Sara
        since = LAST_MEETING[i]
        options = h.options(citizen, forced=forced, latest=None if since is None else since + 20)
        chosen = options[0][0] if forced or rnd.random() < 0.7 else options[1][0]
        if since is None:
            start = days_ago(8)
        else:
            not_before = stop_day + timedelta(days=10) if citizen is switched else None
            start = h.start_day(chosen, not_before=not_before, latest=since + 20)
        m = h.match(citizen, chosen, start, proposal_options=options)
        if since is not None:  # the pair of last week has not met yet: their coffee waits
            h.meetings(m, days_ago(since))
        with_login.append(citizen)

    # Two young people choosing right now (their options hold the role models' places).
    for citizen in (lost, queue.pop(0)):
        options = h.options(citizen)
        h.proposal(citizen, options, ProposalStatus.OPEN, days_ago(rnd.randint(1, 3)))
        for v, _ in options:
            h.places[v.id] -= 1
        with_login.append(citizen)

    # One who said no thanks (which costs them nothing) and waits for a new proposal.
    declined = queue.pop(0)
    h.proposal(declined, h.options(declined, free_only=False), ProposalStatus.DECLINED, days_ago(20))

    # The rest came in recently and wait for their first proposal.
    for citizen in queue:
        citizen.created_at = citizen.consent_recorded_at = at(days_ago(rnd.randint(3, 45)), 13)
    return with_login
