"""Information meetings, training days and learning meetings: plan, invite, tick who came."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case
from sqlmodel import func, select

from models import Event, EventInvite, EventKind, Role, Stage, Volunteer, invitations, utcnow
from models.recruitment import is_training, record_training_day
from models.topics import set_covered, topics_for_event, topics_of_event

from ..accounts.password_links import ensure_account
from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..core.numbers import as_ids
from ..privacy.access import get_or_404, role_required
from ..scheduling import messages
from .forms import COPENHAGEN, DEFAULT_STAGE, EventForm, InviteForm, to_local

bp = Blueprint("events", __name__, template_folder="templates", url_prefix="/events")


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """List coming and past events with how many are invited, coming and came (two queries)."""
    db = get_session()
    events = db.exec(select(Event).order_by(Event.starts_at.desc())).all()
    counts = {row[0]: row[1:] for row in db.exec(
        select(EventInvite.event_id, func.count(),
               func.sum(case((EventInvite.answer == "yes", 1), else_=0)),
               func.sum(case((EventInvite.attended.is_(True), 1), else_=0)))
        .group_by(EventInvite.event_id))}
    now = utcnow()
    coming = sorted((e for e in events if e.starts_at >= now), key=lambda e: e.starts_at)
    past = [e for e in events if e.starts_at < now]
    return render_template("events/index.html", coming=coming, past=past, counts=counts)


def _offer_topics(form: EventForm, event: Event | None) -> None:
    """Offer the open topics (and those the event takes up already) as tick boxes, most wanted
    first, ticking the event's own (one query)."""
    rows = topics_for_event(get_session(), event.id if event else None)
    votes = _("votes: %(n)d")  # translated once, filled in for each topic
    form.topics.choices = [(r.id, f"{r.title} ({votes % {'n': r.votes}})") for r in rows]
    if not form.is_submitted():
        form.topics.data = [r.id for r in rows if r.covered]


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new():
    """Plan a new event; a learning meeting can take up topics the role models wish for."""
    form = EventForm(kind=request.args.get("kind"))
    _offer_topics(form, None)
    if form.validate_on_submit():
        db = get_session()
        event = Event(title="", starts_at=utcnow(), created_by_id=current_user.id)
        form.copy_to(event)
        db.add(event)
        db.flush()
        set_covered(db, event, form.topics.data or [])
        db.commit()
        flash(_("The event is saved. Now invite role models."))
        return redirect(url_for("events.detail", event_id=event.id))
    status = 400 if form.is_submitted() else 200
    return render_template("events/form.html", form=form, event=None), status


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(event_id):
    """Change an event's time, place, capacity, topic, or the wished-for topics it takes up."""
    event = get_or_404(Event, event_id)
    form = EventForm(obj=event)
    _offer_topics(form, event)
    if not form.is_submitted():
        form.starts_at.data = to_local(event.starts_at)  # shown as Copenhagen wall-clock time
    if form.validate_on_submit():
        db = get_session()
        form.copy_to(event)
        set_covered(db, event, form.topics.data or [])
        db.flush()
        # More places (or none limited any more): the waiting list moves up.
        messages.notify_event_places(db, invitations.move_up(db, event, utcnow()))
        db.commit()
        flash(_("The event is saved."))
        return redirect(url_for("events.detail", event_id=event.id))
    status = 400 if form.is_submitted() else 200
    return render_template("events/form.html", form=form, event=event), status


def _invitees(db, event: Event):
    """Return the event's invitations with their volunteers, by name (one query)."""
    return db.exec(
        select(EventInvite, Volunteer).join(Volunteer, Volunteer.id == EventInvite.volunteer_id)
        .where(EventInvite.event_id == event.id).order_by(Volunteer.name)
    ).all()


def _invite_form(db, event: Event, invited_ids, formdata=None) -> InviteForm:
    """Build the invite form offering everyone not yet invited and not stopped (one query)."""
    form = InviteForm(formdata=formdata) if formdata is not None else InviteForm(
        stage=DEFAULT_STAGE.get(event.kind, ""))
    candidates = db.exec(select(Volunteer.id, Volunteer.name, Volunteer.status)
                         .where(Volunteer.status != Stage.STOPPED).order_by(Volunteer.name)).all()
    form.people.choices = [(vid, name) for vid, name, _s in candidates if vid not in invited_ids]
    form.candidates = candidates
    return form


def render_detail(event: Event, status=200, invite_form=None):
    """Render an event with its invitation list, attendance ticks and the invite form."""
    db = get_session()
    rows = _invitees(db, event)
    invited = {invite.volunteer_id for invite, _v in rows}
    waiting = sorted((i for i, _v in rows if i.answer == invitations.WAIT),
                     key=lambda i: (i.answered_at, i.id))
    return render_template(
        "events/detail.html", event=event, rows=rows, confirm=ConfirmForm(),
        topics=topics_of_event(db, event.id) if event.kind == EventKind.LEARNING else [],
        coming=sum(i.answer == invitations.YES for i, _v in rows),
        queue={i.id: n for n, i in enumerate(waiting, 1)},
        invite_form=invite_form or _invite_form(db, event, invited),
        local_start=to_local(event.starts_at)), status


@bp.route("/<int:event_id>")
@role_required(Role.COORDINATOR)
def detail(event_id):
    """Show an event, who is invited, their answers and who came."""
    return render_detail(get_or_404(Event, event_id))


@bp.route("/<int:event_id>/invite", methods=["POST"])
@role_required(Role.COORDINATOR)
def invite(event_id):
    """Invite everyone at a step and/or picked role models (never twice)."""
    event = get_or_404(Event, event_id)
    db = get_session()
    invited = {i.volunteer_id for i, _v in _invitees(db, event)}
    form = _invite_form(db, event, invited, formdata=request.form)
    if not form.validate_on_submit():
        return render_detail(event, 400, invite_form=form)
    chosen = set(form.people.data or [])
    chosen |= {vid for vid, _n, s in form.candidates if s == form.stage.data}
    new = chosen - invited
    for vid in sorted(new):
        db.add(EventInvite(event_id=event.id, volunteer_id=vid))
    unreachable = _give_addresses(db, new)
    db.commit()
    flash(_("%(n)d invited.", n=len(new)))
    if unreachable:
        flash(_("No e-mail for %(names)s: tell them yourself, or add an e-mail to their profile "
                "and they get the invitation.", names=", ".join(unreachable)))
    return redirect(url_for("events.detail", event_id=event.id))


def _give_addresses(db, volunteer_ids) -> list[str]:
    """Let the invitation reach people without a login (e.g. new applicants) by e-mail: each
    gets an account with no password, which the scheduler's messages go to. Return the names
    of those it cannot reach."""
    if not volunteer_ids:
        return []
    unreachable = []
    for volunteer in db.exec(select(Volunteer).where(
            Volunteer.id.in_(volunteer_ids), Volunteer.user_id.is_(None))):
        user, _problem = ensure_account(db, volunteer)
        if user is None:
            unreachable.append(volunteer.name)
    return sorted(unreachable)


@bp.route("/<int:event_id>/invites/<int:invite_id>/remove", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def remove_invite(event_id, invite_id):
    """Ask (GET), then take back one invitation (POST); a freed place goes to the waiting list."""
    event = get_or_404(Event, event_id)
    invite = get_or_404(EventInvite, invite_id)
    if invite.event_id != event.id:
        return redirect(url_for("events.detail", event_id=event.id))
    db = get_session()
    volunteer = db.get(Volunteer, invite.volunteer_id)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        messages.notify_event_places(db, invitations.remove(db, invite, event, utcnow()))
        db.commit()
        flash(_("%(name)s is no longer invited.", name=volunteer.name))
        return redirect(url_for("events.detail", event_id=event.id))
    return render_template("events/remove_invite.html", event=event, invite=invite,
                           volunteer=volunteer, form=form)


@bp.route("/<int:event_id>/attendance", methods=["POST"])
@role_required(Role.COORDINATOR)
def attendance(event_id):
    """Save who came; for a training day, count the day on each volunteer's profile."""
    event = get_or_404(Event, event_id)
    if not ConfirmForm().validate_on_submit():
        return render_detail(event, 400)
    came = set(as_ids(request.form.getlist("attended")))
    held_on = event.starts_at.astimezone(COPENHAGEN).date()
    for invite, volunteer in _invitees(get_session(), event):
        attended = invite.id in came
        if is_training(event) and bool(invite.attended) != attended:
            record_training_day(volunteer, held_on, attended)
        invite.attended = attended
    get_session().commit()
    flash(_("Attendance is saved."))
    return redirect(url_for("events.detail", event_id=event.id))
