"""The hotline: a volunteer asks the coordinator for help; the coordinator answers and closes."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from models import HotlineRequest, Role, User, Volunteer, utcnow

from .access import get_or_404, role_required
from .auth import ConfirmForm
from .db import get_session
from .me import current_volunteer
from .notices import coordinators, notify

bp = Blueprint("hotline", __name__, url_prefix="/hotline")
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


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER, Role.COORDINATOR)
def index():
    """Volunteers ask and read answers; coordinators see open requests first."""
    db = get_session()
    if current_user.role == Role.COORDINATOR:
        rows = db.exec(_open_first(
            select(HotlineRequest, Volunteer.name)
            .join(Volunteer, Volunteer.id == HotlineRequest.volunteer_id)
        ).limit(500)).all()
        open_rows = [r for r in rows if r[0].closed_at is None]
        closed = [r for r in rows if r[0].closed_at is not None][:CLOSED_SHOWN]
        return render_template("hotline/coordinator.html", open_rows=open_rows, closed=closed)
    me = current_volunteer()
    form = AskForm()
    if form.validate_on_submit():
        req = HotlineRequest(volunteer_id=me.id, urgent=form.urgent.data,
                             text=form.text.data.strip())
        db.add(req)
        db.flush()
        if req.urgent:
            notify(db, "notify_hotline_urgent", req, coordinators(db), kind="hotline_urgent",
                   key=f"hotline:{req.id}:urgent", link=url_for("hotline.show", request_id=req.id))
        db.commit()
        flash(_("Your coordinator has your message and will answer you here."))
        return redirect(url_for("hotline.index"))
    mine = db.exec(_open_first(
        select(HotlineRequest).where(HotlineRequest.volunteer_id == me.id)
    ).limit(50)).all()
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
        return redirect(url_for("hotline.index"))
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
