"""Each role's home page."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlmodel import select

from models import (
    Citizen, Event, EventInvite, Match, MatchStatus, Proposal, ProposalStatus, Role, Stage,
    Volunteer, utcnow,
)

from .access import role_required
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


def citizen_states(db) -> dict[int, str]:
    """Return each citizen's state: matched, proposed or waiting (two queries in all)."""
    states = {}
    for cid, status in db.exec(select(Proposal.citizen_id, Proposal.status).where(
        Proposal.status.in_(ProposalStatus.HOLDING)
    )):
        states[cid] = "proposed" if status == ProposalStatus.OPEN else "draft"
    for (cid,) in db.exec(select(Match.citizen_id).where(Match.status.in_(MatchStatus.LIVE))):
        states[cid] = "matched"
    return states


@bp.route("/coordinator")
@role_required(Role.COORDINATOR)
def coordinator():
    """List the municipality's volunteers and citizens with where each stands."""
    db = get_session()
    volunteers = db.exec(select(Volunteer).order_by(Volunteer.name)).all()
    citizens = db.exec(select(Citizen).order_by(Citizen.name)).all()
    by_stage = {stage: 0 for stage in Stage.ALL}
    for v in volunteers:
        by_stage[v.status] = by_stage.get(v.status, 0) + 1
    return render_template(
        "home/coordinator.html",
        volunteers=volunteers,
        citizens=citizens,
        states=citizen_states(db),
        by_stage=by_stage,
    )


def _own_profile(db, model):
    """Return the volunteer or citizen profile of the logged-in user."""
    return db.exec(select(model).where(model.user_id == current_user.id)).first()


@bp.route("/volunteer")
@role_required(Role.VOLUNTEER)
def volunteer():
    """A role model's home: their young people and the next events."""
    db = get_session()
    me = _own_profile(db, Volunteer)
    pairs = []
    invites = []
    if me is not None:
        pairs = db.exec(
            select(Match, Citizen).join(Citizen, Citizen.id == Match.citizen_id)
            .where(Match.volunteer_id == me.id, Match.status.in_(MatchStatus.LIVE))
        ).all()
        invites = db.exec(
            select(EventInvite, Event).join(Event, Event.id == EventInvite.event_id)
            .where(EventInvite.volunteer_id == me.id, Event.starts_at >= utcnow())
            .order_by(Event.starts_at)
        ).all()
    return render_template("home/volunteer.html", me=me, pairs=pairs, invites=invites)


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
