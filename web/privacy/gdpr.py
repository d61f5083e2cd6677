"""GDPR rights: a person's copy of their data, erasure by a coordinator, and retention."""
from datetime import date, datetime

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import BooleanField
from wtforms.validators import DataRequired

from models import (
    Citizen, Event, EventInvite, ExternalLogin, FundApplication, HotlineRequest, LearningTopic,
    Match, Meeting, Proposal, Role, TopicVote, User, Volunteer, VolunteerStep, utcnow,
)
from models import erasure
from models.voice import CheckIn, ContactRequest
from models.photos import delete_photo

from ..core.db import get_session
from ..core.labels import GDPR_SECTIONS
from . import audit, readable
from .access import get_or_404, role_required

bp = Blueprint("gdpr", __name__, template_folder="templates")
# Never part of anyone's copy: secrets, and the note only its author reads in the service.
HIDDEN = {"password_hash", "totp_secret", "calendar_token", "session_version", "private_note",
          "answer_token", "municipality_id"}


class EraseForm(FlaskForm):
    """A confirmation that the erasure cannot be undone."""

    confirm = BooleanField(
        _l("I understand that the personal data are removed for good"),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


def _plain(value):
    """Turn a stored value into something JSON can hold."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def row(obj) -> dict:
    """Return a row's columns as a dict, leaving out secrets and private notes."""
    return {c.name: _plain(getattr(obj, c.name)) for c in obj.__table__.columns
            if c.name not in HIDDEN}


def _rows(db, model, *where) -> list[dict]:
    """Return every row of ``model`` matching ``where`` as plain dicts."""
    return [row(r) for r in db.exec(select(model).where(*where)).all()]


def person_data(db, user: User) -> dict:
    """Collect everything the service holds about ``user`` (a fixed number of queries)."""
    data = {"account": row(user), "access_log": audit.access_log(db, user)}
    logins = _rows(db, ExternalLogin, ExternalLogin.user_id == user.id)
    if logins:
        data["logins"] = logins  # MitID's or the municipality's pseudonym, never a CPR number
    profile = audit.own_profile(db, user)
    if isinstance(profile, Volunteer):
        data["role_model_profile"] = row(profile)
        data["steps"] = _rows(db, VolunteerStep, VolunteerStep.volunteer_id == profile.id)
        data["matches"] = _rows(db, Match, Match.volunteer_id == profile.id)
        data["meetings"] = _rows(db, Meeting, Meeting.volunteer_id == profile.id)
        data["hotline"] = _rows(db, HotlineRequest, HotlineRequest.volunteer_id == profile.id)
        data["events"] = [dict(row(i), event=e.title, starts_at=_plain(e.starts_at)) for i, e in
                          db.exec(select(EventInvite, Event).join(Event).where(
                              EventInvite.volunteer_id == profile.id)).all()]
        data["fund"] = _rows(db, FundApplication, FundApplication.volunteer_id == profile.id)
        data["topics"] = [dict(row(v), topic=title) for v, title in db.exec(
            select(TopicVote, LearningTopic.title).join(
                LearningTopic, LearningTopic.id == TopicVote.topic_id)
            .where(TopicVote.volunteer_id == profile.id)).all()]
    elif isinstance(profile, Citizen):
        data["profile"] = row(profile)
        data["proposals"] = _rows(db, Proposal, Proposal.citizen_id == profile.id)
        data["matches"] = _rows(db, Match, Match.citizen_id == profile.id)
        data["check_ins"] = _rows(db, CheckIn, CheckIn.citizen_id == profile.id)
        data["contact_requests"] = _rows(db, ContactRequest,
                                         ContactRequest.citizen_id == profile.id)
    return data


@bp.route("/my-data")
@role_required(*Role.ALL)
def my_data():
    """Show a person all the data the service holds about them, readably."""
    db = get_session()
    data = person_data(db, current_user)
    return render_template("gdpr/my_data.html", data=data, GDPR_SECTIONS=GDPR_SECTIONS,
                           sections=readable.sections(db, current_user, data,
                                                      audit.own_profile(db, current_user)),
                           access=readable.access_rows(data))


@bp.route("/my-data.json")
@role_required(*Role.ALL)
def my_data_json():
    """Download all my data as JSON."""
    response = jsonify(person_data(get_session(), current_user))
    response.headers["Content-Disposition"] = 'attachment; filename="rollemodel-mine-data.json"'
    return response


def _erase_page(obj, kind: str, form, status=200):
    """Render the confirmation page for erasing ``obj``."""
    return render_template("gdpr/erase.html", obj=obj, kind=kind, form=form), status


def _erase(model, ident: int, kind: str):
    """Confirm, then erase one person of this municipality and log it."""
    obj = get_or_404(model, ident)
    if obj.name == erasure.ERASED:
        flash(_("This person's data have already been erased."))
        return redirect(url_for("home.index"))
    form = EraseForm()
    if not form.validate_on_submit():
        return _erase_page(obj, kind, form, 400 if form.errors else 200)
    db = get_session()
    photo = erasure.erase_volunteer(db, obj) if kind == "volunteer" else erasure.erase_citizen(
        db, obj)
    audit.record(db, "erase", obj)
    db.commit()
    if photo:
        delete_photo(current_app.config["PHOTO_DIR"], photo)  # after the commit: no orphan row
    flash(_("The personal data are erased. Statistics are kept without a name."))
    return redirect(url_for("home.index"))


@bp.route("/gdpr/citizens/<int:citizen_id>/erase", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def erase_citizen(citizen_id):
    """Erase a young person's personal data."""
    return _erase(Citizen, citizen_id, "citizen")


@bp.route("/gdpr/volunteers/<int:volunteer_id>/erase", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def erase_volunteer(volunteer_id):
    """Erase a role model's personal data."""
    return _erase(Volunteer, volunteer_id, "volunteer")


def apply_retention(session, now=None, days=None) -> dict:
    """Apply the retention rule (``RETENTION_DAYS``); a plain function for the scheduler."""
    if days is None:
        days = current_app.config.get("RETENTION_DAYS", 365)
    return erasure.apply_retention(session, now or utcnow(), days)
