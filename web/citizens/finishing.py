"""Finishing a young person (one, or several from the list) and bringing them back."""
from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from models import Citizen, Role, today
from models import lifecycle

from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..core.numbers import as_ids
from ..privacy.access import get_or_404, role_required
from .forms import FinishForm
from .views import render_detail

bp = Blueprint("finishing", __name__, template_folder="templates", url_prefix="/citizens")
BULK_MAX = 500  # young people finished in one go; a page of the list holds 50


@bp.route("/<int:citizen_id>/finish", methods=["POST"])
@role_required(Role.COORDINATOR)
def finish(citizen_id):
    """Record that one young person has finished (their proposals are withdrawn)."""
    citizen = get_or_404(Citizen, citizen_id)
    form = FinishForm()
    if not form.validate_on_submit():
        return render_detail(citizen, finish_form=form, status=400)
    db = get_session()
    if not lifecycle.finish(db, citizen, reason=form.reason.data, on=form.on.data,
                            by_id=current_user.id):
        flash(_("%(name)s has a role model. End the match first; it asks what happens next.",
                name=citizen.first_name))
        return redirect(url_for("citizens.detail", citizen_id=citizen.id))
    db.commit()
    flash(_("%(name)s is finished. You can bring them back if it was a mistake.",
            name=citizen.first_name))
    return redirect(url_for("citizens.detail", citizen_id=citizen.id))


@bp.route("/<int:citizen_id>/reopen", methods=["POST"])
@role_required(Role.COORDINATOR)
def reopen(citizen_id):
    """Put a finished young person back on the waiting list."""
    citizen = get_or_404(Citizen, citizen_id)
    if ConfirmForm().validate_on_submit() and lifecycle.reopen(get_session(), citizen,
                                                                 on=today()):
        get_session().commit()
        flash(_("%(name)s is back on the waiting list.", name=citizen.first_name))
    return redirect(url_for("citizens.detail", citizen_id=citizen.id))


@bp.route("/finish", methods=["POST"])
@role_required(Role.COORDINATOR)
def finish_many():
    """Finish the young people ticked in the list, all with the same reason and day."""
    form = FinishForm()
    ids = sorted(as_ids(request.form.getlist("citizen")))[:BULK_MAX]
    back = request.form.get("back", "")
    back = back if back.startswith("/citizens") else url_for("citizens.index")
    if not ids:
        flash(_("Tick the young people who have finished first."))
        return redirect(back)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error)
        return redirect(back)
    db = get_session()
    people = db.exec(select(Citizen).where(Citizen.id.in_(ids))).all()
    states = lifecycle.states_of(db, [c.id for c in people])
    done, matched = [], []
    for citizen in people:
        if states[citizen.id] == lifecycle.FINISHED:
            continue
        if lifecycle.finish(db, citizen, reason=form.reason.data, on=form.on.data,
                            by_id=current_user.id):
            done.append(citizen)
        else:
            matched.append(citizen.name)
    db.commit()
    flash(_("%(n)d finished.", n=len(done)))
    if matched:
        flash(_("Not finished, because they have a role model (end the match first): "
                "%(names)s", names=", ".join(sorted(matched))))
    return redirect(back)
