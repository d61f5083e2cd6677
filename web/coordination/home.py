"""Each role's home page."""
from datetime import timedelta
from types import SimpleNamespace

import sqlalchemy as sa
from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import func, select

from models import (
    Citizen, Event, EventInvite, Match, MatchStatus, Meeting, Municipality, Proposal,
    ProposalStatus, Role, Volunteer, today, utcnow,
)
from models.cadence import PROMISE_DAYS, cadence_columns, cadence_of, const
from models.confidentiality import current_version
from models.people import shared_interests
from models.recognition import story, this_month
from models.voice import CheckIn, ContactRequest, current_occasion, rhythm_days

from . import overview

from ..core.db import get_session
from ..core.formatting import day_words, moment_words
from ..core.labels import CHECK_IN_ANSWERS, RHYTHMS
from ..core.forms import ConfirmForm
from ..privacy.access import role_required

bp = Blueprint("home", __name__, template_folder="templates")

HOMES = {
    Role.ADMIN: "admin.index",
    Role.COORDINATOR: "home.coordinator",
    Role.VOLUNTEER: "home.volunteer",
    Role.CITIZEN: "home.citizen",
}


# Whether the logged-in young person has role models to choose among right now.
CHOOSING = (select(Proposal.id).join(Citizen, Citizen.id == Proposal.citizen_id)
            .where(Citizen.user_id == sa.bindparam("user_id"),
                   Proposal.status == const(ProposalStatus.OPEN),
                   Proposal.expires_at > sa.bindparam("now", type_=Proposal.__table__.c.expires_at.type))
            .limit(const(1)))


@bp.route("/")
@login_required
def index():
    """Send each user to the home page of their role; a young person with suggestions to
    choose among goes straight to them (link, log in, choose, confirm)."""
    if current_user.role == Role.CITIZEN and get_session().exec(
            CHOOSING, params={"user_id": current_user.id, "now": utcnow()}).first():
        return redirect(url_for("choose.index"))
    return redirect(url_for(HOMES[current_user.role]))


@bp.route("/coordinator")
@role_required(Role.COORDINATOR)
def coordinator():
    """Answer "where do I need to act?": pairs, waiting people, hotline, next learning meeting."""
    db = get_session()
    flagged, cadence_counts = overview.pairs_needing_attention(db)
    pipeline, citizen_waits = overview.waits(db)
    event, answers = overview.next_learning_meeting(db)
    hotline, hotline_count = overview.open_hotline(db)
    contact, contact_count = overview.open_contact(db)
    paused, paused_count = overview.paused_volunteers(db)
    return render_template(
        "home/coordinator.html",
        flagged=flagged,
        cadence_counts=cadence_counts,
        pipeline=pipeline,
        citizen_waits=citizen_waits,
        hotline=hotline,
        hotline_count=hotline_count,
        contact=contact, contact_count=contact_count, when=moment_words(), now=utcnow(),
        event=event,
        answers=answers,
        paused=paused,
        paused_count=paused_count,
        milestones=this_month(db, today()), with_format=_("with %(name)s"),
        today=today(),
        # Translated once, filled in for each row; dates in words remembered per language.
        days_format=_("%(n)d days"), back_format=_("back %(d)s"),
        since_format=_("longest since %(d)s"), day=day_words(),
    )


def _first_name(name: str | None) -> str:
    """The first word of a name, as the other side of a pair sees it (as ``Citizen.first_name``)."""
    return name.split()[0] if name else ""


def _live(match_side):
    """SQL: the match is live and ``match_side`` (a join condition) holds."""
    return match_side & Match.status.in_([const(s) for s in MatchStatus.LIVE])


ME = sa.bindparam("user_id")  # the logged-in user's id

# The role model's profile with one row per live pair: the young person's first name and
# contact details, and the pair's cadence columns (none of the pair's when there is none).
VOLUNTEER_PAIRS = (
    select(Volunteer.name, Volunteer.status, Volunteer.pause_until, Volunteer.interests,
           Volunteer.leisure, Match.id.label("match_id"), Match.status.label("match_status"),
           Match.started_on, Match.paused_at, Citizen.name.label("citizen_name"), Citizen.phone,
           Citizen.email, Citizen.interests.label("citizen_interests"), *cadence_columns())
    .select_from(Volunteer)
    .outerjoin(Match, _live(Match.volunteer_id == Volunteer.id))
    .outerjoin(Citizen, Citizen.id == Match.citizen_id)
    .where(Volunteer.user_id == ME).order_by(Match.id))

VOLUNTEER_INVITES = (
    select(EventInvite.id, EventInvite.answer, EventInvite.attended, Event.kind, Event.title,
           Event.starts_at, Event.place)
    .select_from(EventInvite)
    .join(Event, Event.id == EventInvite.event_id)
    .join(Volunteer, Volunteer.id == EventInvite.volunteer_id)
    .where(Volunteer.user_id == ME).order_by(Event.starts_at, Event.id))


@bp.route("/volunteer")
@role_required(Role.VOLUNTEER)
def volunteer():
    """A role model's home: their young people and cadence, events to answer, attendance, their
    story (three queries: the profile with the pairs, the invitations, the story)."""
    db = get_session()
    rows = db.exec(VOLUNTEER_PAIRS, params={"user_id": current_user.id}).all()
    me = rows[0] if rows else None
    on, pairs, invites, past = today(), [], [], []
    for row in rows:
        if row.match_id is not None:
            pairs.append((row, _first_name(row.citizen_name), cadence_of(
                row.match_status, row.started_on, row.last_meeting, row.recent, row.risk_days,
                on), shared_interests(row.citizen_interests, list(row.interests) + list(row.leisure))))
    if me is not None:
        now = utcnow()
        for invite in db.exec(VOLUNTEER_INVITES, params={"user_id": current_user.id}):
            (invites if invite.starts_at >= now else past).append(invite)
        past = past[-12:]
    mine = story(db, current_user.id) if me is not None else None
    return render_template(
        "home/volunteer.html", me=me, first_name=_first_name(me.name) if me else None,
        pairs=pairs, invites=invites, past=past, promise=timedelta(days=PROMISE_DAYS),
        answer_form=ConfirmForm() if invites else None, day=day_words(),
        story=mine[1] if mine else None, signing=mine[0] if mine else None, on=on,
        confidentiality=current_version(),
    )


def _town(column):
    """Column: one of the young person's municipality's settings."""
    return select(column).where(Municipality.id == Citizen.municipality_id).scalar_subquery()


def _last_check_in(column):
    """Column: one of the young person's latest check-in of their live pair (theirs only)."""
    return (select(column).where(CheckIn.match_id == Match.id)
            .order_by(CheckIn.id.desc()).limit(const(1)).scalar_subquery())


# The young person: first name, state, their live pair's role model (photo, contact, what
# they offer) with the pair's start and last meeting, whether they have an open proposal,
# and the first-meeting offer with whether they have met.
CITIZEN_HOME = (
    select(Citizen.name, Citizen.finished_on, Citizen.interests,
           Match.id.label("match_id"), Match.status.label("match_status"), Match.started_on,
           Match.paused_at, Volunteer.id.label("volunteer_id"), Volunteer.name.label("role_model"),
           Volunteer.town, Volunteer.phone, Volunteer.email, Volunteer.photo,
           Volunteer.occupation, Volunteer.offers, Volunteer.interests.label("their_interests"),
           Volunteer.leisure,
           select(func.max(Meeting.held_on)).where(Meeting.match_id == Match.id)
           .scalar_subquery().label("last_meeting"),
           select(Proposal.id).where(Proposal.citizen_id == Citizen.id,
                                     Proposal.status == const(ProposalStatus.OPEN))
           .exists().label("proposal"),
           _town(Municipality.first_meeting_offer).label("offer"),
           _town(Municipality.first_meeting_code).label("code"),
           select(Meeting.id).where(Meeting.match_id == Match.id).exists().label("met"),
           Citizen.id.label("citizen_id"), Match.rhythm, Match.planned_end_on,
           _last_check_in(CheckIn.occasion).label("checked_occasion"),
           _last_check_in(CheckIn.answer).label("checked_answer"),
           select(ContactRequest.answer_by)
           .where(ContactRequest.citizen_id == Citizen.id, ContactRequest.kind == const("talk"),
                  ContactRequest.handled_at.is_(None))
           .order_by(ContactRequest.id).limit(const(1)).scalar_subquery().label("talk_by"))
    .select_from(Citizen)
    .outerjoin(Match, _live(Match.citizen_id == Citizen.id))
    .outerjoin(Volunteer, Volunteer.id == Match.volunteer_id)
    .where(Citizen.user_id == ME).order_by(Match.id).limit(const(1)))

FIRST_CONTACT_DAYS = 3  # the role model gets in touch within a few days of the choice


@bp.route("/citizen")
@role_required(Role.CITIZEN)
def citizen():
    """A young citizen's home: their role model with photo and contact details and what
    happens next and when, or their suggestions, or what they wait for (one query)."""
    me = get_session().exec(CITIZEN_HOME, params={"user_id": current_user.id}).first()
    matched = me is not None and me.match_id is not None
    occasion = current_occasion(me.started_on, today()) \
        if matched and me.match_status == MatchStatus.ACTIVE else None
    return render_template(
        "home/citizen.html",
        occasion=occasion,
        answer=SimpleNamespace(answer=me.checked_answer)
        if occasion and me.checked_occasion == occasion.key else None,
        waiting=SimpleNamespace(answer_by=me.talk_by) if me is not None and me.talk_by else None,
        voice_form=ConfirmForm(), form=ConfirmForm(), labels=CHECK_IN_ANSWERS,
        when=moment_words(), matched=matched,
        rhythm=RHYTHMS.get(me.rhythm) if matched else None,
        every=rhythm_days(me.rhythm) if matched else PROMISE_DAYS,
        planned_end=me.planned_end_on if matched else None,
        me=me, first_name=_first_name(me.name) if me else None,
        role_model=_first_name(me.role_model) if matched else None,
        photo=url_for("photos.show", volunteer_id=me.volunteer_id) if matched and me.photo
        else None,
        shared=shared_interests(me.interests, list(me.their_interests) + list(me.leisure))
        if matched else [],
        contact_by=me.started_on + timedelta(days=FIRST_CONTACT_DAYS) if matched else None,
        due=(me.last_meeting or me.started_on) + timedelta(days=rhythm_days(me.rhythm))
        if matched else None,
        offer=(me.offer, me.code) if matched and me.offer and not me.met else None,
        day=day_words(), today=today(),
    )
