"""The coordinator's volunteer pages: the pipeline board, a profile, editing it, moving it on."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, bindparam, union_all
from sqlalchemy import select as sa_select
from sqlmodel import func, select

from models import Municipality, Role, Stage, User, Volunteer, VolunteerStep, utcnow
from models.capacity import loads, missing_requirements
from models.confidentiality import current_version
from models.recruitment import move as move_to
from models.recruitment import pause, resume
from models.recruitment import profile_events
from models.towns import town_names

from ..accounts.email_change import ask_to_change, pending
from ..accounts.password_links import (
    email_taken, ensure_account, has_been_used, mail_link, make_link,
)
from ..accounts.reset import issue_reset
from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..core.labels import MISSING, STAGES, STEP_NOTES
from ..core.paging import ListQuery
from ..privacy.access import get_or_404, role_required
from ..privacy.audit import record, record_view
from .forms import EditForm
from .photos import PhotoForm, put_photo, take_photo
from .pipeline_forms import MoveForm, ScreeningForm, TrainingForm, step_time

bp = Blueprint("volunteers", __name__, template_folder="templates", url_prefix="/volunteers")
BOARD_FEW = 5  # people shown per step on the board; the step's own list shows everyone


@bp.context_processor
def _towns():
    """Town names for the town field's suggestions."""
    return {"town_names": town_names}


# What the board shows of each person.
BOARD_COLUMNS = (Volunteer.id, Volunteer.name, Volunteer.town, Volunteer.photo, Volunteer.status,
                 Volunteer.status_changed_at, Volunteer.pause_until)
WAITING_ORDER = (Volunteer.status_changed_at, Volunteer.id)  # longest waiting first
BOARD_STAGES = Stage.PIPELINE + (Stage.PAUSED,)
# The municipality's slug (for the sign-up link) and how many are at each step, in one
# statement: the outer join still gives the slug when there are no volunteers yet.
COUNTS = (select(Municipality.slug, Volunteer.status, func.count(Volunteer.id))
          .select_from(Municipality)
          .outerjoin(Volunteer, Volunteer.municipality_id == Municipality.id)
          .where(Municipality.id == bindparam("municipality"))
          .group_by(Municipality.slug, Volunteer.status))
STEP_LIST = ListQuery(select(*BOARD_COLUMNS).where(Volunteer.status == bindparam("stage"))
                      .order_by(*WAITING_ORDER))


def _longest_waiting(stages, few: int) -> Select:
    """The ``few`` people waiting longest at each step: one small indexed query per step,
    glued together with UNION ALL, instead of ranking everyone."""
    steps = [select(*BOARD_COLUMNS).where(Volunteer.status == stage).order_by(*WAITING_ORDER)
             .limit(few).subquery() for stage in stages]
    every = union_all(*(select(step) for step in steps)).subquery("few")
    # SQLAlchemy's own select: SQLModel's would give one column's values, not rows.
    return sa_select(every).order_by(every.c.status_changed_at, every.c.id)


LONGEST_WAITING = _longest_waiting(BOARD_STAGES, BOARD_FEW)


@bp.route("/")
@role_required(Role.COORDINATOR)
def board():
    """Show per step how many wait and the longest-waiting few; one step's list 50 a page
    (two queries)."""
    db = get_session()
    stage = request.args.get("stage")
    counts, slug = {}, None
    for slug, status, n in db.exec(COUNTS, params={"municipality": current_user.municipality_id}):
        if status is not None:
            counts[status] = n
    page = None
    if stage in Stage.ALL:
        page = STEP_LIST.page(db, {"stage": stage}, total=counts.get(stage, 0))
        columns = {stage: page.items}
    else:
        stage = None
        columns = {s: [] for s in BOARD_STAGES}
        for v in db.exec(LONGEST_WAITING):
            columns[v.status].append(v)
    return render_template("volunteers/board.html", columns=columns, stage=stage, page=page,
                           counts=counts, stopped=counts.get(Stage.STOPPED, 0), now=utcnow(),
                           slug=slug, days_text=_days_text())


def _days_text():
    """Return a function giving "1 day" or "<n> days", translated once per page, not per row."""
    one, many = _("1 day"), _("%(n)d days")
    return lambda n: one if n == 1 else many % {"n": n}


def _names(db, ids) -> dict[int, str]:
    """Map user ids to names in one query."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(db.exec(select(User.id, User.name).where(User.id.in_(ids))).all())


def render_detail(volunteer: Volunteer, status=200, **forms):
    """Render a volunteer's profile page, keeping any submitted form and its errors."""
    db = get_session()
    steps = db.exec(select(VolunteerStep).where(VolunteerStep.volunteer_id == volunteer.id)
                    .order_by(VolunteerStep.at.desc(), VolunteerStep.id.desc())).all()
    names = _names(db, [s.by_id for s in steps] + [
        volunteer.child_cert_checked_by_id, volunteer.criminal_cert_checked_by_id])
    load = loads(db, [volunteer.id]).get(volunteer.id, 0)
    user = db.get(User, volunteer.user_id) if volunteer.user_id else None
    return render_template(
        "volunteers/detail.html", v=volunteer, steps=steps, names=names, load=load,
        missing=missing_requirements(volunteer, load), user=user,
        waiting=waiting_email(db, volunteer),
        events=profile_events(session=db, volunteer=volunteer),
        move_form=forms.get("move_form") or MoveForm(current=volunteer.status),
        screening_form=forms.get("screening_form") or ScreeningForm(),
        training_form=forms.get("training_form") or TrainingForm(),
        photo_form=PhotoForm(), confirm=ConfirmForm(), MISSING=MISSING, STEP_NOTES=STEP_NOTES,
        confidentiality=current_version(),
    ), status


@bp.route("/<int:volunteer_id>")
@role_required(Role.COORDINATOR)
def detail(volunteer_id):
    """Show a volunteer's profile, steps, screening, training and what is missing."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    record_view(get_session(), obj=volunteer)
    return render_detail(volunteer)


@bp.route("/<int:volunteer_id>/move", methods=["POST"])
@role_required(Role.COORDINATOR)
def move(volunteer_id):
    """Move the volunteer to another step, with the date, who did it and a note."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    form = MoveForm(current=volunteer.status)
    if not form.validate_on_submit():
        return render_detail(volunteer, 400, move_form=form)
    db = get_session()
    stage = form.stage.data
    at, note = step_time(form.on_date.data), (form.note.data or "").strip() or None
    if stage == Stage.PAUSED:  # their pairs pause too: no reminders while they are away
        pause(session=db, volunteer=volunteer, until=form.pause_until.data,
              by_id=current_user.id, note=note, at=at)
    elif stage == Stage.ACTIVE and volunteer.status == Stage.PAUSED:
        resume(session=db, volunteer=volunteer, by_id=current_user.id, note=note, at=at)
    else:
        move_to(session=db, volunteer=volunteer, stage=stage, by_id=current_user.id, at=at,
                note=note)
    if stage == Stage.STOPPED:
        volunteer.stop_reason = form.reason.data.strip()
    problem = None
    if stage == Stage.ACTIVE and not volunteer.user_id:
        _user, problem = ensure_account(db, volunteer)
    db.commit()
    flash(_("%(name)s is now at the step: %(stage)s.", name=volunteer.name,
            stage=STAGES[stage]))
    if stage == Stage.ACTIVE:
        flash(problem or _("A login was made. Create a link so they can choose a password."))
    return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id))


@bp.route("/<int:volunteer_id>/access", methods=["POST"])
@role_required(Role.COORDINATOR)
def access(volunteer_id):
    """Give the volunteer a way in: for a login never used, a single-use link to choose a first
    password, shown here; for one that has been used, a reset link mailed to the volunteer's
    own address and never shown to staff (with it, staff could become the volunteer)."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_detail(volunteer, 400)
    db = get_session()
    user, problem = ensure_account(db, volunteer)
    if user is None:
        flash(problem)
        return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id))
    if has_been_used(user):
        issue_reset(db, user)
        record(db, "reset_sent", volunteer)
        db.commit()
        flash(_("%(name)s already has a password. A link to choose a new one was sent to their "
                "own e-mail, %(e)s. Nobody else sees it.", name=volunteer.first_name,
                e=user.email))
        return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id))
    link = make_link(db, user, current_user)
    record(db, "password_link", volunteer)
    db.commit()
    mailed = mail_link(user, link, db.get(Municipality, volunteer.municipality_id).name)
    return render_template("volunteers/access.html", v=volunteer, link=link, mailed=mailed)


@bp.route("/<int:volunteer_id>/edit", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(volunteer_id):
    """Let the coordinator change any field of the volunteer's profile."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    form = EditForm(obj=volunteer)
    if form.validate_on_submit() and _email_ok(form, volunteer):
        name = take_photo(form.photo)
        if not form.photo.errors:
            db = get_session()
            form.copy_contact_to(volunteer)
            form.copy_to(volunteer)
            asked = hold_login_email(db, volunteer)
            sync_account(db, volunteer)
            cleanup = put_photo(volunteer, name)
            db.commit()
            cleanup()
            flash(_("The profile is saved."))
            if asked:
                flash(_("The new e-mail, %(e)s, is used to log in once %(name)s confirms it "
                        "from that address. Until then the old one stays. The old address has "
                        "been told.", e=asked, name=volunteer.first_name))
            return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id))
    status = 400 if form.is_submitted() else 200
    return render_template("volunteers/edit.html", form=form, v=volunteer), status


def _email_ok(form, volunteer: Volunteer) -> bool:
    """Check the e-mail is not someone else's and not removed from a login; add the error."""
    email = (form.email.data or "").strip().lower() or None
    if email is None and volunteer.user_id:
        form.email.errors = [_("The role model logs in with the e-mail, so it must be there.")]
    elif email_taken(get_session(), email, volunteer):
        form.email.errors = [_("Another person already uses this e-mail.")]
    return not form.email.errors


def hold_login_email(db, volunteer: Volunteer) -> str | None:
    """Keep the login e-mail when staff change it on a login that has been used: ask the person
    to confirm the new one from that address (the old address is told) and return it; None when
    it did not change or the login was never used (nobody to take it from yet)."""
    if not volunteer.user_id:
        return None
    user = db.get(User, volunteer.user_id)
    if volunteer.email == user.email or not has_been_used(user):
        return None
    new, volunteer.email = volunteer.email, user.email
    ask_to_change(db, user, new, current_user)
    record(db, "email_change", volunteer)
    return new


def waiting_email(db, volunteer: Volunteer) -> str | None:
    """The new login e-mail waiting for the volunteer's confirmation, if any."""
    row = pending(db, volunteer.user_id) if volunteer.user_id else None
    return row.new_email if row else None


def sync_account(db, volunteer: Volunteer) -> None:
    """Keep the login account's name, e-mail and phone the same as the profile's."""
    if volunteer.user_id:
        user = db.get(User, volunteer.user_id)
        user.name, user.email, user.phone = volunteer.name, volunteer.email, volunteer.phone
