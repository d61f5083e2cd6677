"""A proposal's life: drafted, sent (its volunteers held), chosen, declined or expired.

Holds: while a proposal is open, each of its volunteers has a place kept for that
young person (``models.capacity.loads`` counts open, unexpired proposals). Sending
and choosing re-check the places inside the transaction, after locking the
volunteer rows, so two young people are never both given the last free place.
These functions take the session and never commit; the views do.
"""
from datetime import timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import func, select

from models import (
    Citizen, Match, MatchStatus, Municipality, Proposal, ProposalOption, ProposalStatus, Stage,
    Volunteer, today, utcnow,
)
from models import lifecycle as states
from models.capacity import loads, ready_clause

from ..accounts.tokens import make_login_row
from ..citizens.views import ensure_account
from ..privacy.audit import record
from ..core.i18n import locale_for
from ..scheduling import answer_links, messages, outbox


def expire_proposals(session, now=None) -> int:
    """Mark open proposals past their expiry as expired; return how many (``models.lifecycle``;
    the scheduler's sweep does it too)."""
    return states.expire_proposals(session, now or utcnow())


def lock_volunteers(session, volunteer_ids) -> None:
    """Lock volunteer rows until commit: FOR UPDATE on PostgreSQL, the write lock on SQLite."""
    ids = sorted(set(volunteer_ids))  # one order for everyone, so two lockers cannot deadlock
    if not ids:
        return
    table = Volunteer.__table__
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(table.c.id).where(table.c.id.in_(ids))
                        .order_by(table.c.id).with_for_update())
    else:
        # SQLite locks the whole file for the first write; a no-op update takes that lock now.
        session.execute(sa.update(table).where(table.c.id.in_(ids))
                        .values(capacity=table.c.capacity))


def options_of(session, proposal_ids) -> dict[int, list[ProposalOption]]:
    """Return the options of several proposals, in position order (one query)."""
    found: dict[int, list[ProposalOption]] = {pid: [] for pid in proposal_ids}
    if proposal_ids:
        for o in session.exec(select(ProposalOption).where(
            ProposalOption.proposal_id.in_(list(proposal_ids))
        ).order_by(ProposalOption.proposal_id, ProposalOption.position)):
            found[o.proposal_id].append(o)
    return found


def create_draft(session, citizen: Citizen, entry: dict, proposed_by_id) -> Proposal:
    """Save the engine's suggestions for one citizen as a draft proposal."""
    proposal = Proposal(municipality_id=citizen.municipality_id, citizen_id=citizen.id,
                        proposed_by_id=proposed_by_id, model_label=entry["model"][:120])
    session.add(proposal)
    session.flush()
    for pos, s in enumerate(entry["suggestions"]):
        session.add(ProposalOption(
            municipality_id=citizen.municipality_id, proposal_id=proposal.id,
            volunteer_id=int(s["volunteer"]), position=pos, score=s["score"],
            propensity=s.get("propensity"), reasons=list(s["reasons"]),
        ))
    return proposal


def unavailable(session, proposal: Proposal) -> list[int]:
    """Lock the proposal's volunteers and return those without a free place for it now."""
    vids = [o.volunteer_id for o in options_of(session, [proposal.id])[proposal.id]]
    lock_volunteers(session, vids)
    held = loads(session, vids)
    rows = session.exec(select(Volunteer.id, Volunteer.capacity)
                        .where(Volunteer.id.in_(vids), ready_clause())).all()
    capacity = dict(rows)
    # This proposal's own holds count once it is open (a re-send must not refuse itself).
    own = 1 if proposal.status == ProposalStatus.OPEN else 0
    return [v for v in vids if v not in capacity or held.get(v, 0) - own >= capacity[v]]


def send(session, proposal: Proposal, now=None) -> list[int] | None:
    """Open a draft after re-checking places under lock; None when sent, else who has no place."""
    now = now or utcnow()
    if proposal.status != ProposalStatus.DRAFT or not options_of(session, [proposal.id])[proposal.id]:
        return []
    missing = unavailable(session, proposal)
    if missing:
        return missing
    days = session.get(Municipality, proposal.municipality_id).proposal_expiry_days
    proposal.status = ProposalStatus.OPEN
    proposal.sent_at = now
    proposal.expires_at = now + timedelta(days=days)
    return None


def invite_citizen(session, proposal: Proposal, coordinator) -> str:
    """Give the citizen a login link and queue the news; return the link for the coordinator."""
    citizen = session.get(Citizen, proposal.citizen_id)
    new_account = citizen.user_id is None
    user = ensure_account(session, citizen)
    row, token = make_login_row(session, user, coordinator)
    link = url_for("auth.link_login", token=token, _external=True)
    record(session, "login_link", citizen, actor=coordinator)  # in their access log
    if new_account:
        with force_locale(locale_for(user.language)):
            outbox.enqueue(session, user=user, kind="proposal_link",
                           key=f"proposal_link:p{proposal.id}:u{user.id}",
                           subject=_("You have new suggestions in Rollemodel"),
                           body=_("Role models are waiting for you to choose. "
                                  "Log in with this personal link:"),
                           link=answer_links.login_mark(row.id))  # the sender makes the link
    else:
        messages.notify_proposal_sent(session, proposal)
    return link


def ask_coordinators(session, proposal: Proposal, why: str) -> None:
    """Tell the coordinators that a young person needs new suggestions (no names in the text)."""
    for user in messages.coordinators_of(session, proposal.municipality_id):
        with force_locale(locale_for(user.language)):
            outbox.enqueue(session, user=user, kind="needs_suggestions",
                           key=f"needs_suggestions:p{proposal.id}:{why}:u{user.id}",
                           subject=_("A young person needs new suggestions"),
                           body=_("A young person is waiting for new role models. "
                                  "Log in to see who."), link="/proposals/")


def live_count(session, volunteer_id: int) -> int:
    """Count a volunteer's active and paused matches."""
    return session.exec(select(func.count()).select_from(Match).where(
        Match.volunteer_id == volunteer_id, Match.status.in_(MatchStatus.LIVE))).one()


def choose(session, proposal: Proposal, option: ProposalOption, now=None) -> str:
    """Start a match for the citizen's choice; return "ok", "taken" (no place left) or "closed"."""
    now = now or utcnow()
    lock_volunteers(session, [option.volunteer_id])
    session.refresh(proposal)  # another tab or a racing request may have decided it
    if proposal.status != ProposalStatus.OPEN or proposal.expires_at <= now:
        return "closed"
    volunteer = session.get(Volunteer, option.volunteer_id, populate_existing=True)
    proposal.chosen_volunteer_id = volunteer.id
    proposal.decided_at = now
    if volunteer.status != Stage.ACTIVE or live_count(session, volunteer.id) >= volunteer.capacity:
        # The choice is still recorded (training data); the coordinator finds new role models.
        proposal.status = ProposalStatus.CANCELLED
        ask_coordinators(session, proposal, "taken")
        return "taken"
    proposal.status = ProposalStatus.CHOSEN
    match = Match(municipality_id=proposal.municipality_id, citizen_id=proposal.citizen_id,
                  volunteer_id=volunteer.id, proposal_id=proposal.id, started_on=today())
    session.add(match)
    session.flush()
    messages.notify_choice_made(session, proposal)
    messages.notify_match_started(session, match)
    return "ok"


def decline(session, proposal: Proposal, reason: str | None, now=None) -> bool:
    """Record that none fitted and ask the coordinators for new suggestions; False if closed."""
    now = now or utcnow()
    session.refresh(proposal)
    if proposal.status != ProposalStatus.OPEN:
        return False
    proposal.status = ProposalStatus.DECLINED
    proposal.decided_at = now
    proposal.decline_reason = (reason or "").strip()[:500] or None
    ask_coordinators(session, proposal, "declined")
    return True


def mark_shown(proposal: Proposal, now=None) -> None:
    """Record when the citizen first saw the set (training data for the choice model)."""
    if proposal.shown_at is None:
        proposal.shown_at = now or utcnow()
