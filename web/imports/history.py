"""History rows (past proposals, matches and meeting counts): import and export.

A history row is keyed by young person and proposal date. Proposals made in
Rollemodel itself are exported too but never changed by an import.
"""
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlmodel import delete, func, select

from models import (
    Citizen, Match, MatchStatus, Meeting, Proposal, ProposalOption, ProposalStatus, Volunteer,
    lifecycle, today,
)

from . import states
from .csv_io import RowError

DECIDED = (ProposalStatus.CHOSEN, ProposalStatus.DECLINED)
LOCAL = ZoneInfo("Europe/Copenhagen")


def proposed_on(p: Proposal):
    """The local date a proposal was put before the young person."""
    return (p.sent_at or p.created_at).astimezone(LOCAL).date()


def _state(session):
    """Load decided proposals with their options, matches and meeting counts (four queries)."""
    proposals = session.exec(
        select(Proposal).where(Proposal.status.in_(DECIDED)).order_by(Proposal.id)
    ).all()
    options = {}
    for o in session.exec(
        select(ProposalOption).join(Proposal, Proposal.id == ProposalOption.proposal_id)
        .where(Proposal.status.in_(DECIDED)).order_by(ProposalOption.position, ProposalOption.id)
    ):
        options.setdefault(o.proposal_id, []).append(o)
    matches = {m.proposal_id: m for m in session.exec(
        select(Match).where(Match.proposal_id.is_not(None)))}
    counts = dict(session.exec(
        select(Meeting.match_id, func.count()).group_by(Meeting.match_id)).all())
    return proposals, options, matches, counts


def _ids(session, model) -> dict:
    """Map external id to database id for one kind of person."""
    return dict(session.exec(select(model.external_id, model.id)).all())


def _row(p, options, match, counts, citizen_ext, volunteer_ext) -> dict:
    """Describe one decided proposal as a history row."""
    return {
        "citizen_id": citizen_ext[p.citizen_id],
        "shown_volunteer_ids": [volunteer_ext[o.volunteer_id] for o in options.get(p.id, [])],
        "chosen_volunteer_id": volunteer_ext.get(p.chosen_volunteer_id),
        "proposed_on": proposed_on(p),
        "match_started_on": match.started_on if match else None,
        "match_ended_on": match.ended_on if match else None,
        "end_reason": match.end_reason if match and match.ended_on else None,
        "meetings_logged": counts.get(match.id, 0) if match else 0,
    }


def export_history(session) -> list[dict]:
    """Read every decided proposal of the municipality as history rows; each young person's
    last row carries their state where the rows alone would not say it."""
    proposals, options, matches, counts = _state(session)
    people = {c.id: c for c in session.exec(select(Citizen)).all()}
    citizen_ext = {c.id: c.external_id for c in people.values()}
    volunteer_ext = {v: k for k, v in _ids(session, Volunteer).items()}
    rows = [_row(p, options, matches.get(p.id), counts, citizen_ext, volunteer_ext)
            for p in proposals]
    rows.sort(key=lambda r: (r["proposed_on"], r["citizen_id"]))
    last = {r["citizen_id"]: r for r in rows}
    by_ext = {c.external_id: c for c in people.values()}
    now = lifecycle.states_of(session, [by_ext[ext].id for ext in last])
    for ext, row in last.items():
        row.update(states.export_values(by_ext[ext], now[by_ext[ext].id]))
    return rows


def check_refs(session, rows, errors) -> None:
    """Require every id in the file to name a known young person or role model."""
    citizens, volunteers = _ids(session, Citizen), _ids(session, Volunteer)
    for number, v in rows:
        if v.get("citizen_id") and v["citizen_id"] not in citizens:
            errors.append(RowError(number, "citizen_id", _(
                "no young person has the id %(id)s (import citizens.csv first)", id=v["citizen_id"])))
        for column in ("shown_volunteer_ids", "chosen_volunteer_id"):
            ids = v.get(column) or []
            ids = ids if isinstance(ids, list) else [ids]
            unknown = [i for i in ids if i not in volunteers]
            if unknown:
                errors.append(RowError(number, column, _(
                    "no role model has the id %(id)s (import volunteers.csv first)",
                    id=", ".join(unknown))))


def apply_history(session, tenant, rows, result, actor_id) -> None:
    """Create or update imported proposals, matches and meeting counts from history rows."""
    citizens, volunteers = _ids(session, Citizen), _ids(session, Volunteer)
    proposals, options, matches, counts = _state(session)
    citizen_ext = {v: k for k, v in citizens.items()}
    volunteer_ext = {v: k for k, v in volunteers.items()}
    by_key = {(p.citizen_id, proposed_on(p)): p for p in proposals}
    for number, v in rows:
        p = by_key.get((citizens[v["citizen_id"]], v["proposed_on"]))
        if p is not None and _row(p, options, matches.get(p.id), counts,
                                  citizen_ext, volunteer_ext) == _history_part(v):
            result.unchanged += 1
            continue
        if p is not None and not p.imported:
            result.unchanged += 1
            result.notes.append(_("Row %(row)d describes a proposal made in Rollemodel; it was "
                                  "left as it is.", row=number))
            continue
        if p is None:
            p = _new_proposal(session, tenant, citizens[v["citizen_id"]], v, actor_id)
            result.created += 1
        else:
            result.updated += 1
        _write(session, tenant, p, v, volunteers, options, matches.get(p.id), counts)


def _history_part(v: dict) -> dict:
    """A row's values without the young person's state (which ``states`` applies)."""
    return {k: value for k, value in v.items() if k not in states.COLUMNS}


def _new_proposal(session, tenant, citizen_id, v, actor_id) -> Proposal:
    """Add an imported proposal dated (at noon, so the date survives time zones) as in the file."""
    at = datetime.combine(v["proposed_on"], time(12), tzinfo=UTC)
    p = Proposal(municipality_id=tenant, citizen_id=citizen_id, proposed_by_id=actor_id,
                 imported=True, created_at=at, sent_at=at, shown_at=at, decided_at=at)
    session.add(p)
    return p


def _write(session, tenant, p, v, volunteers, options, match, counts) -> None:
    """Bring one imported proposal, its options and its match in line with a row."""
    chosen = volunteers.get(v["chosen_volunteer_id"])
    p.status = ProposalStatus.CHOSEN if chosen else ProposalStatus.DECLINED
    p.chosen_volunteer_id = chosen
    session.flush()
    shown = [volunteers[i] for i in v["shown_volunteer_ids"]]
    old = options.get(p.id, [])
    if [o.volunteer_id for o in old] != shown:
        for o in old:
            session.delete(o)
        session.flush()
        for position, vid in enumerate(shown):
            session.add(ProposalOption(municipality_id=tenant, proposal_id=p.id,
                                       volunteer_id=vid, position=position))
    if not v["match_started_on"]:
        if match is not None:
            session.exec(delete(Meeting).where(Meeting.match_id == match.id))
            session.delete(match)
        return
    if match is None:
        match = Match(municipality_id=tenant, citizen_id=p.citizen_id, volunteer_id=chosen,
                      proposal_id=p.id, started_on=v["match_started_on"])
        session.add(match)
        session.flush()
    match.volunteer_id, match.started_on = chosen, v["match_started_on"]
    match.ended_on, match.end_reason = v["match_ended_on"], v["end_reason"]
    match.status = MatchStatus.ENDED if v["match_ended_on"] else MatchStatus.ACTIVE
    if counts.get(match.id, 0) != v["meetings_logged"]:
        session.exec(delete(Meeting).where(Meeting.match_id == match.id))
        for day in meeting_dates(match.started_on, match.ended_on or today(),
                                 v["meetings_logged"]):
            session.add(Meeting(municipality_id=tenant, match_id=match.id,
                                volunteer_id=chosen, held_on=day))


def meeting_dates(start, end, n: int) -> list:
    """Spread ``n`` meeting dates evenly over a match's life (dates only, no content)."""
    span = max((end - start).days, 0)
    return [start + timedelta(days=round((i + 1) * span / (n + 1))) for i in range(n)]
