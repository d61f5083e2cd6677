"""Recording a volunteer's certificate checks and training days on their profile."""
from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import Role, Volunteer

from ..core.db import get_session
from ..privacy.access import get_or_404, role_required
from .pipeline_forms import ScreeningForm, TrainingForm
from .volunteers import render_detail

bp = Blueprint("screening", __name__, template_folder="templates", url_prefix="/volunteers")


@bp.route("/<int:volunteer_id>/screening", methods=["POST"])
@role_required(Role.COORDINATOR)
def screening(volunteer_id):
    """Record that I checked a certificate: when, OK or not OK; no document is kept."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    form = ScreeningForm()
    if not form.validate_on_submit():
        return render_detail(volunteer, 400, screening_form=form)
    prefix = "child_cert" if form.certificate.data == "child" else "criminal_cert"
    setattr(volunteer, f"{prefix}_checked_on", form.checked_on.data)
    setattr(volunteer, f"{prefix}_checked_by_id", current_user.id)
    setattr(volunteer, f"{prefix}_ok", form.result.data == "ok")
    get_session().commit()
    flash(_("The check is saved."))
    return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id, _anchor="screening"))


@bp.route("/<int:volunteer_id>/training", methods=["POST"])
@role_required(Role.COORDINATOR)
def training(volunteer_id):
    """Record a training day the volunteer attended (when it was not an event in the service)."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    form = TrainingForm()
    if not form.validate_on_submit():
        return render_detail(volunteer, 400, training_form=form)
    other = volunteer.training_day2_on if form.day.data == "1" else volunteer.training_day1_on
    if other == form.held_on.data:
        form.held_on.errors = [_("The two training days must be on different dates.")]
        return render_detail(volunteer, 400, training_form=form)
    setattr(volunteer, f"training_day{form.day.data}_on", form.held_on.data)
    get_session().commit()
    flash(_("The training day is saved."))
    return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id, _anchor="training"))

