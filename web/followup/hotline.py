"""The hotline: a volunteer asks the coordinator for help; the coordinator answers and closes."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import bindparam, union_all
from sqlalchemy import select as sa_select
from sqlmodel import select
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from models import HotlineRequest, Role, User, Volunteer, utcnow

from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..privacy.access import get_or_404, role_required
from ..scheduling.notices import coordinators, notify

bp = Blueprint("hotline", __name__, template_folder="templates", url_prefix="/hotline")
CLOSED_SHOWN = 30  # closed requests listed below the open ones


class AskForm(FlaskForm):
    """A volunteer's question for the coordinator."""

    text = TextAreaField(_l("What do you need help with?"), validators=[
        DataRequired(_l("Write a few words about what you need help with.")),
        Length(max=2000, message=_l("Keep it under 2000 characters."))])
    urgent = BooleanField(_l("It is urgent — I need an answer today"))


class AnswerForm(FlaskForm):
    """The coordinator's answer."""

    answer = TextAreaField(_l("Your answer"), validators=[
        DataRequired(_l("Write an answer.")),
        Length(max=2000, message=_l("Keep it under 2000 characters."))])


def _open_first(query):
    """Order requests: open urgent, open normal, then closed; newest first inside each."""
    return query.order_by(HotlineRequest.closed_at.is_not(None), HotlineRequest.urgent.desc(),
                          HotlineRequest.created_at.desc())


OPEN_SHOWN = 500  # open requests listed at most (closed ones fill up to this many rows)
MINE_SHOWN = 50  # a volunteer's own requests listed


def _coordinator_list():
    """The open requests and the newest closed ones: two small lists, not every request
    ever made; of each only who, when and how far it got, not the text."""
    listed = select(HotlineRequest.id, HotlineRequest.urgent, HotlineRequest.created_at,
                    HotlineRequest.closed_at.is_not(None).label("closed"),
                    (HotlineRequest.answer != "").label("answered"), Volunteer.name) \
        .join(Volunteer, Volunteer.id == HotlineRequest.volunteer_id)
    parts = [_open_first(listed.where(HotlineRequest.closed_at.is_(None))).limit(OPEN_SHOWN),
             _open_first(listed.where(HotlineRequest.closed_at.is_not(None))).limit(CLOSED_SHOWN)]
    every = union_all(*(part.subquery().select() for part in parts)).subquery("listed")
    return sa_select(every).order_by(every.c.closed, every.c.urgent.desc(),
                                     every.c.created_at.desc())


COORDINATOR_LIST = _coordinator_list()  # built once, at import
# The volunteer's id with their own requests (one row of nothing but the id when there are
# none, no row at all when the login has no volunteer profile).
MINE = _open_first(
    select(Volunteer.id.label("volunteer_id"), HotlineRequest.id, HotlineRequest.urgent,
           HotlineRequest.text, HotlineRequest.created_at, HotlineRequest.answer,
           HotlineRequest.closed_at)
    .select_from(Volunteer)
    .outerjoin(HotlineRequest, HotlineRequest.volunteer_id == Volunteer.id)
    .where(Volunteer.user_id == bindparam("user"))
).limit(MINE_SHOWN)


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER, Role.COORDINATOR)
def index():
    """Volunteers ask and read answers; coordinators see open requests first (one query)."""
    db = get_session()
    if current_user.role == Role.COORDINATOR:
        open_rows, closed = [], []
        for row in db.exec(COORDINATOR_LIST):
            (closed if row.closed else open_rows).append(row)
        closed = closed[:max(0, OPEN_SHOWN - len(open_rows))]  # as if one list of 500
        return render_template("hotline/coordinator.html", open_rows=open_rows, closed=closed)
    rows = db.exec(MINE, params={"user": current_user.id}).all()
    if not rows:
        abort(404)
    form = AskForm()
    if form.validate_on_submit():
        req = HotlineRequest(volunteer_id=rows[0].volunteer_id, urgent=form.urgent.data,
                             text=form.text.data.strip())
        db.add(req)
        db.flush()
        if req.urgent:
            notify(db, "notify_hotline_urgent", req, coordinators(db), kind="hotline_urgent",
                   key=f"hotline:{req.id}:urgent", link=url_for("hotline.show", request_id=req.id))
        db.commit()
        flash(_("Your coordinator has your message and will answer you here."))
        return redirect(url_for("hotline.index"))
    mine = [row for row in rows if row.id is not None]
    return render_template("hotline/volunteer.html", form=form, mine=mine)


@bp.route("/<int:request_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def show(request_id):
    """Read one request and answer it."""
    req = get_or_404(HotlineRequest, request_id)
    volunteer = get_or_404(Volunteer, req.volunteer_id)
    form = AnswerForm()
    if form.validate_on_submit():
        db = get_session()
        req.answer = form.answer.data.strip()
        req.answered_at = utcnow()
        req.answered_by_id = current_user.id
        users = [u for u in [_user(db, volunteer)] if u is not None]
        notify(db, "notify_hotline_answered", req, users, kind="hotline_answered",
               key=f"hotline:{req.id}:answered:{int(req.answered_at.timestamp())}",
               link=url_for("hotline.index"))
        db.commit()
        flash(_("Your answer is sent."))
        return redirect(url_for("hotline.show", request_id=req.id))  # stay in the conversation
    if not form.is_submitted() and req.answer:
        form.answer.data = req.answer
    return render_template("hotline/show.html", req=req, volunteer=volunteer, form=form,
                           close_form=ConfirmForm())


def _user(db, volunteer: Volunteer):
    """Return the volunteer's login account, if they have one."""
    return db.get(User, volunteer.user_id) if volunteer.user_id else None


@bp.route("/<int:request_id>/close", methods=["POST"])
@role_required(Role.COORDINATOR)
def close(request_id):
    """Close a request (or open it again)."""
    req = get_or_404(HotlineRequest, request_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    req.closed_at = None if req.closed_at else utcnow()
    get_session().commit()
    flash(_("The request is closed.") if req.closed_at else _("The request is open again."))
    return redirect(url_for("hotline.index"))
