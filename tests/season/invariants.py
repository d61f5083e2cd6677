"""What must hold after every simulated day, worked out from the rows themselves (plain Python
over plain queries, not the service's own SQL), and checked against what the pages say."""
import re
from collections import Counter
from datetime import date

from sqlmodel import select

from models import (
    Citizen, Match, MatchStatus, Meeting, Notification, Proposal, ProposalOption, ProposalStatus,
    Stage, Volunteer,
)
from models.cadence import PROMISE_DAYS

LIVE = MatchStatus.LIVE
HOLDING = ProposalStatus.HOLDING


def rows(db):
    """Every person, match and proposal of the season's municipality, read once."""
    return (db.exec(select(Citizen)).all(), db.exec(select(Volunteer)).all(),
            db.exec(select(Match)).all(), db.exec(select(Proposal)).all(),
            db.exec(select(ProposalOption)).all())


def waiting_ids(citizens, matches, proposals) -> set[int]:
    """The young people waiting: not finished, no live match, no draft or open proposal."""
    busy = {m.citizen_id for m in matches if m.status in LIVE}
    busy |= {p.citizen_id for p in proposals if p.status in HOLDING}
    return {c.id for c in citizens if c.finished_on is None and c.id not in busy}


def states(citizens, matches, proposals) -> Counter:
    """How many young people are in each state, by the rules of the lifecycle."""
    found = Counter()
    for c in citizens:
        mine = [m.status for m in matches if m.citizen_id == c.id]
        props = [p.status for p in proposals if p.citizen_id == c.id]
        found["matched" if MatchStatus.ACTIVE in mine else "paused" if MatchStatus.PAUSED in mine
              else "finished" if c.finished_on else "choosing" if ProposalStatus.OPEN in props
              else "proposed" if ProposalStatus.DRAFT in props else "waiting"] += 1
    return found


def check_places(volunteers, matches, proposals, options, now) -> None:
    """No role model has more young people (or places held for them) than places."""
    live = Counter(m.volunteer_id for m in matches if m.status in LIVE)
    open_ids = {p.id for p in proposals if p.status == ProposalStatus.OPEN and p.expires_at > now}
    held = Counter(o.volunteer_id for o in options if o.proposal_id in open_ids)
    for v in volunteers:
        assert live[v.id] + held[v.id] <= v.capacity, \
            f"{v.name}: {live[v.id]} pairs and {held[v.id]} places held, {v.capacity} places"


def check_suggestable(db, proposal_ids) -> None:
    """The role models in proposals just drafted or sent are active, not paused, reachable."""
    if not proposal_ids:
        return
    for o, v in db.exec(select(ProposalOption, Volunteer)
                        .join(Volunteer, Volunteer.id == ProposalOption.volunteer_id)
                        .where(ProposalOption.proposal_id.in_(list(proposal_ids)))):
        assert v.status == Stage.ACTIVE, f"{v.name} suggested while {v.status}"
        assert v.email or v.phone, f"{v.name} suggested with no way to reach them"


def check_declined_stay_out(proposals, options) -> None:
    """A role model a young person declined is never in a later proposal for them, unless the
    coordinator swapped them in with a reason."""
    by_proposal: dict[int, list] = {}
    for o in options:
        by_proposal.setdefault(o.proposal_id, []).append(o)
    declined: dict[int, set] = {}
    for p in sorted(proposals, key=lambda p: p.id):
        shown = by_proposal.get(p.id, [])
        for o in shown:
            if o.volunteer_id in declined.get(p.citizen_id, set()):
                assert o.swap_reason, f"declined role model {o.volunteer_id} proposed again"
        if p.status == ProposalStatus.DECLINED:
            declined.setdefault(p.citizen_id, set()).update(o.volunteer_id for o in shown)


def rhythm(db, matches, volunteers, today: date, risk_days: int) -> Counter:
    """Each pair's rhythm as the coordinator's home should count it."""
    last = dict(db.exec(select(Meeting.match_id, Meeting.held_on)
                        .order_by(Meeting.held_on)).all())
    found = Counter()
    for m in matches:
        if m.status == MatchStatus.PAUSED:
            found["paused"] += 1
        elif m.status == MatchStatus.ACTIVE:
            days = (today - (last.get(m.id) or m.started_on)).days
            found["at_risk" if days >= risk_days else "late" if days > PROMISE_DAYS
                  else "on_track"] += 1
    return found


def home_numbers(page: str) -> tuple[dict, int]:
    """The rhythm chips and the number waiting for a proposal, as the home page shows them."""
    chips = {k: int(n) for k, n in re.findall(
        r'status=(\w+)"><span>[^<]*</span> <strong>(\d+)</strong>', page)}
    waiting = int(re.search(r"<strong>Venter på forslag</strong>: (\d+)", page).group(1))
    return chips, waiting


def check_reminders(db, notes, matches, volunteers) -> None:
    """No reminder or alert today is about a paused pair or a role model on pause."""
    status = {m.id: m.status for m in matches}
    who = {m.id: m.volunteer_id for m in matches}
    stage = {v.id: v.status for v in volunteers}
    for n in notes:
        if n.kind in ("prompt1", "prompt2", "risk"):
            match_id = int(re.search(r":m(\d+):", n.dedupe_key).group(1))
            assert status[match_id] == MatchStatus.ACTIVE, f"{n.kind} for a paused pair"
            assert stage[who[match_id]] == Stage.ACTIVE, f"{n.kind} to a role model on pause"


def check_delivery(db, inbox) -> Counter:
    """Every message is sent once: nothing due waits, nothing was tried twice, and the mail
    server got each e-mail exactly once. Returns how many were sent of each kind."""
    notes = db.exec(select(Notification)).all()
    waiting = [n for n in notes if n.sent_at is None]
    assert not waiting, f"not sent: {[(n.kind, n.channel) for n in waiting][:5]}"
    assert all(n.attempts == 1 and n.failed_at is None for n in notes), "a message was retried"
    ids = inbox.ids()
    assert all(ids) and len(ids) == len(set(ids)), "an e-mail arrived twice"
    # Mails holding a secret link (a first password, a reset) go out at once, never through
    # the outbox; every other mail is one row of it.
    outbox = [i for i in ids if i.startswith("<notification-")]
    emails = {f"notification-{n.id}" for n in notes if n.channel == "email"}
    assert {i.strip("<>").split("@")[0] for i in outbox} == emails, "an e-mail was lost"
    return Counter(n.kind for n in notes) + Counter(links_mailed=len(ids) - len(outbox))


def report_cells(csv_text: str) -> dict[str, str]:
    """A two-column report CSV as {first cell: second cell}."""
    lines = csv_text.lstrip("\ufeff").strip().splitlines()[1:]
    return dict(line.rsplit(",", 1) for line in lines)


def shown(n: int) -> str:
    """A count as the reports show it: numbers under 5 are hidden."""
    return "færre end 5" if 0 < n < 5 else str(n)


def agrees(cell: str, n: int) -> bool:
    """Tell whether a report cell agrees with a count: shown as it is, hidden as under 5, or
    hidden as a second cell ("skjult") so a hidden one cannot be worked out from the total."""
    return cell == shown(n) or (cell == "skjult" and n >= 5)
