"""Each role's home page."""
from datetime import timedelta

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlmodel import select

from models import (
    Citizen, Event, EventInvite, Match, MatchStatus, Proposal, ProposalStatus, Role, Volunteer,
    today, utcnow,
)
from models.cadence import PROMISE_DAYS, cadences

from . import overview

from .access import role_required
from .auth import ConfirmForm
from .db import get_session

bp = Blueprint("home", __name__)

HOMES = {
    Role.ADMIN: "admin.index",
    Role.COORDINATOR: "home.coordinator",
    Role.VOLUNTEER: "home.volunteer",
    Role.CITIZEN: "home.citizen",
}


@bp.route("/")
@login_required
def index():
    """Send each user to the home page of their role."""
    return redirect(url_for(HOMES[current_user.role]))


def citizen_states(db, ids=None) -> dict[int, str]:
    """Return each citizen's state (of ``ids``, or everyone's): matched, proposed or waiting
    (two queries in all)."""
    proposals = select(Proposal.citizen_id, Proposal.status).where(
        Proposal.status.in_(ProposalStatus.HOLDING))
    matches = select(Match.citizen_id).where(Match.status.in_(MatchStatus.LIVE))
    if ids is not None:
        ids = list(ids) or [-1]  # an empty page still runs the same two queries
        proposals = proposals.where(Proposal.citizen_id.in_(ids))
        matches = matches.where(Match.citizen_id.in_(ids))
    states = {}
    for cid, status in db.exec(proposals):
        states[cid] = "proposed" if status == ProposalStatus.OPEN else "draft"
    for cid in db.exec(matches):
        states[cid] = "matched"
    return states


@bp.route("/coordinator")
@role_required(Role.COORDINATOR)
def coordinator():
    """Answer "where do I need to act?": pairs, waiting people, hotline, next learning meeting."""
    db = get_session()
    flagged, cadence_counts = overview.pairs_needing_attention(db)
    event, answers = overview.next_learning_meeting(db)
    hotline, hotline_count = overview.open_hotline(db)
    paused, paused_count = overview.paused_volunteers(db)
    return render_template(
        "home/coordinator.html",
        flagged=flagged,
        cadence_counts=cadence_counts,
        pipeline=overview.pipeline_waits(db),
        citizen_waits=overview.citizen_waits(db),
        hotline=hotline,
        hotline_count=hotline_count,
        event=event,
        answers=answers,
        paused=paused,
        paused_count=paused_count,
        today=today(),
    )


def _own_profile(db, model):
    """Return the volunteer or citizen profile of the logged-in user."""
    return db.exec(select(model).where(model.user_id == current_user.id)).first()


@bp.route("/volunteer")
@role_required(Role.VOLUNTEER)
def volunteer():
    """A role model's home: their young people and cadence, events to answer, attendance."""
    db = get_session()
    me = _own_profile(db, Volunteer)
    pairs, cads, invites, past = [], {}, [], []
    if me is not None:
        pairs = db.exec(
            select(Match, Citizen).join(Citizen, Citizen.id == Match.citizen_id)
            .where(Match.volunteer_id == me.id, Match.status.in_(MatchStatus.LIVE))
        ).all()
        cads = cadences(db, [m for m, _c in pairs])
        rows = db.exec(
            select(EventInvite, Event).join(Event, Event.id == EventInvite.event_id)
            .where(EventInvite.volunteer_id == me.id).order_by(Event.starts_at)
        ).all()
        now = utcnow()
        invites = [r for r in rows if r[1].starts_at >= now]
        past = [r for r in rows if r[1].starts_at < now][-12:]
    return render_template(
        "home/volunteer.html", me=me, pairs=pairs, cads=cads, invites=invites, past=past,
        promise=timedelta(days=PROMISE_DAYS), answer_form=ConfirmForm(),
    )


@bp.route("/citizen")
@role_required(Role.CITIZEN)
def citizen():
    """A young citizen's home: their role model, or what happens next."""
    db = get_session()
    me = _own_profile(db, Citizen)
    match = role_model = proposal = None
    if me is not None:
        row = db.exec(
            select(Match, Volunteer).join(Volunteer, Volunteer.id == Match.volunteer_id)
            .where(Match.citizen_id == me.id, Match.status.in_(MatchStatus.LIVE))
        ).first()
        if row:
            match, role_model = row
        proposal = db.exec(
            select(Proposal).where(
                Proposal.citizen_id == me.id, Proposal.status == ProposalStatus.OPEN
            )
        ).first()
    return render_template(
        "home/citizen.html", me=me, match=match, role_model=role_model, proposal=proposal
    )
