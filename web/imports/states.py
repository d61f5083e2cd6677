"""The young people's states in the CSV files: the optional columns, in and out.

``citizen_status`` is ``waiting`` or ``finished`` (with an optional ``finished_reason`` and
``finished_on``); empty means "as the data says". An export writes it where the data alone
would not say it: ``finished`` for everyone finished, ``waiting`` for everyone else without
a live match (a past match that ended would otherwise finish them; a proposal under way is
in no file). A history import without it finishes a young person whose last
match ended, unless a later proposal shows they went on. The states themselves are
``models.lifecycle``'s.
"""
from collections import Counter

from flask_babel import gettext as _
from sqlmodel import select

from models import Citizen, Match, MatchStatus, Proposal, lifecycle, today

from .csv_io import RowError

COLUMNS = ("citizen_status", "finished_reason", "finished_on")
STATUSES = (lifecycle.WAITING, lifecycle.FINISHED)
# An ended match's reason that says why the young person finished, where one does.
END_TO_FINISHED = {"moved": "moved"}


def check_row(number: int, v: dict, errors: list) -> None:
    """A reason or a date of finishing belongs to a young person marked finished."""
    if v.get("citizen_status") != lifecycle.FINISHED:
        for column in ("finished_reason", "finished_on"):
            if v.get(column):
                errors.append(RowError(number, column, _(
                    "only for a young person whose citizen_status is finished")))


def check_agree(rows, errors: list, key: str) -> None:
    """Refuse rows of one young person (``key`` names them) that give different states."""
    seen: dict[str, tuple[int, tuple]] = {}
    for number, v in rows:
        if not v.get("citizen_status") or not v.get(key):
            continue
        given = tuple(v.get(c) for c in COLUMNS)
        first = seen.setdefault(v[key], (number, given))
        if first[1] != given:
            errors.append(RowError(number, "citizen_status", _(
                "row %(row)d gives this young person another state", row=first[0])))


def explicit(rows, key: str) -> dict[str, dict]:
    """The state each young person is given in the file (by ``key``), where one is given."""
    return {v[key]: {c: v.get(c) for c in COLUMNS} for _n, v in rows
            if v.get("citizen_status") and v.get(key)}


def apply_given(session, citizen: Citizen, given: dict, by_id) -> bool:
    """Make a young person waiting or finished as the file says; tell whether it changed."""
    before = (citizen.finished_on, citizen.finished_reason)
    if given["citizen_status"] == lifecycle.WAITING:
        lifecycle.reopen(session, citizen, on=today())
    else:
        on = given.get("finished_on") or citizen.finished_on or today()
        reason = given.get("finished_reason") or citizen.finished_reason or "other"
        if (citizen.finished_on, citizen.finished_reason) != (on, reason):
            lifecycle.finish(session, citizen, reason=reason, on=on, by_id=by_id)  # (not while
            # a match is live: the pair under way is what counts)
    return before != (citizen.finished_on, citizen.finished_reason)


def derive(session, citizen_ids, by_id) -> None:
    """Finish the young people whose last match ended, unless a proposal after its end shows
    they went on (three queries per 500 young people)."""
    ids = list(citizen_ids)
    for start in range(0, len(ids), 500):
        _derive(session, ids[start:start + 500], by_id)


def _derive(session, ids: list[int], by_id) -> None:
    """``derive`` for at most a few hundred young people."""
    last: dict[int, Match] = {}
    for m in session.exec(select(Match).where(Match.citizen_id.in_(ids))
                          .order_by(Match.started_on, Match.id)):
        last[m.citizen_id] = m
    later = set()
    for cid, pid, sent, created in session.exec(
            select(Proposal.citizen_id, Proposal.id, Proposal.sent_at, Proposal.created_at)
            .where(Proposal.citizen_id.in_(ids))):
        m = last.get(cid)
        if m is not None and m.ended_on and pid != m.proposal_id \
                and (sent or created).date() >= m.ended_on:
            later.add(cid)
    people = {c.id: c for c in session.exec(select(Citizen).where(Citizen.id.in_(ids)))}
    for cid, m in last.items():
        citizen = people[cid]
        if m.status == MatchStatus.ENDED and cid not in later and citizen.finished_on is None:
            lifecycle.finish(session, citizen, reason=END_TO_FINISHED.get(m.end_reason, "other"),
                             on=m.ended_on, by_id=by_id)


def summary(session, citizen_ids) -> dict[str, int]:
    """How many of these young people are in each state now (one query)."""
    session.flush()
    counts = Counter(lifecycle.states_of(session, citizen_ids).values())
    return {state: counts[state] for state in lifecycle.STATES if counts[state]}


def export_values(citizen: Citizen, state: str) -> dict:
    """The state columns of one young person in an export (empty where the data says it)."""
    if state == lifecycle.FINISHED:
        return {"citizen_status": lifecycle.FINISHED, "finished_reason": citizen.finished_reason,
                "finished_on": citizen.finished_on}
    if state in (lifecycle.MATCHED, lifecycle.PAUSED):
        return {}
    # Waiting, or a proposal under way (which no export holds): not finished, goes on.
    return {"citizen_status": lifecycle.WAITING}
