"""A young person chooses their role model among 2–3 suggestions — or says none fits."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import select
from werkzeug.routing import BuildError
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from models import Citizen, Proposal, ProposalOption, ProposalStatus, Role, Volunteer, today

from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..privacy.access import get_or_404, role_required
from . import lifecycle

bp = Blueprint("choose", __name__, template_folder="templates", url_prefix="/choose")


class NoneFitsForm(FlaskForm):
    """Saying that none of the suggestions fits, with an optional why."""

    why = TextAreaField(_l("If you like: what would fit you better?"), validators=[
        Optional(), Length(max=500, message=_l("Please keep it under 500 characters."))])


def _me() -> Citizen:
    """Return the logged-in young person's profile, or 404."""
    me = get_session().exec(select(Citizen).where(Citizen.user_id == current_user.id)).first()
    if me is None:
        abort(404)
    return me


def _open_proposal(me: Citizen) -> Proposal | None:
    """Return the young person's open proposal, expiring old ones first."""
    db = get_session()
    if lifecycle.expire_proposals(db):
        db.commit()
    return db.exec(select(Proposal).where(
        Proposal.citizen_id == me.id, Proposal.status == ProposalStatus.OPEN)).first()


def _own_option(option_id: int) -> tuple[Proposal, ProposalOption]:
    """Return an option of the young person's own open proposal, or 404."""
    option = get_or_404(ProposalOption, option_id)
    proposal = _open_proposal(_me())
    if proposal is None or option.proposal_id != proposal.id:
        abort(404)
    return proposal, option


def photo_url(volunteer: Volunteer) -> str | None:
    """Return the address of a role model's photo, or None to show the placeholder."""
    if not volunteer.photo:
        return None
    try:
        return url_for("photos.show", volunteer_id=volunteer.id)
    except BuildError:
        return None


def cards(proposal: Proposal) -> list[dict]:
    """Return what the young person sees of each suggestion (two queries)."""
    db = get_session()
    options = lifecycle.options_of(db, [proposal.id])[proposal.id]
    people = {v.id: v for v in db.exec(select(Volunteer).where(
        Volunteer.id.in_([o.volunteer_id for o in options])))}
    year = today().year
    return [{
        "option": o, "person": people[o.volunteer_id], "photo": photo_url(people[o.volunteer_id]),
        "age": year - people[o.volunteer_id].birth_year if people[o.volunteer_id].birth_year else None,
    } for o in options]


@bp.route("/")
@role_required(Role.CITIZEN)
def index():
    """Show the 2–3 suggested role models as cards; the first view is recorded."""
    proposal = _open_proposal(_me())
    if proposal is None:
        flash(_("You have no suggestions to choose from right now."))
        return redirect(url_for("home.citizen"))
    if proposal.shown_at is None:
        lifecycle.mark_shown(proposal)
        get_session().commit()
    return render_template("choose/index.html", proposal=proposal, cards=cards(proposal))


@bp.route("/<int:option_id>", methods=["GET", "POST"])
@role_required(Role.CITIZEN)
def confirm(option_id):
    """Ask the young person to confirm their choice, then start the match."""
    proposal, option = _own_option(option_id)
    person = get_session().get(Volunteer, option.volunteer_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("choose/confirm.html", option=option, person=person,
                               photo=photo_url(person), form=form)
    db = get_session()
    outcome = lifecycle.choose(db, proposal, option)
    db.commit()
    if outcome == "taken":
        return render_template("choose/taken.html", person=person)
    if outcome == "ok":
        flash(_("You chose %(name)s. Here is how you get in touch, and what happens next.",
                name=person.first_name))
    return redirect(url_for("home.citizen"))


@bp.route("/none", methods=["GET", "POST"])
@role_required(Role.CITIZEN)
def none_fits():
    """Let the young person say that none fits; the coordinator finds others. No penalty."""
    proposal = _open_proposal(_me())
    if proposal is None:
        return redirect(url_for("home.citizen"))
    form = NoneFitsForm()
    if form.validate_on_submit():
        db = get_session()
        lifecycle.decline(db, proposal, form.why.data)
        db.commit()
        return render_template("choose/declined.html")
    return render_template("choose/none.html", form=form), 400 if form.errors else 200
