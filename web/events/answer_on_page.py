"""A volunteer answers yes or no to a learning meeting or training day on their own page."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from models import Event, EventInvite, Role, utcnow

from ..accounts.own_profile import current_volunteer
from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..privacy.access import get_or_404, role_required

bp = Blueprint("invites", __name__, template_folder="templates", url_prefix="/invites")


@bp.route("/<int:invite_id>/answer", methods=["POST"])
@role_required(Role.VOLUNTEER)
def answer(invite_id):
    """Record the volunteer's yes or no to one of their own invitations."""
    invite = get_or_404(EventInvite, invite_id)
    if invite.volunteer_id != current_volunteer().id:
        abort(404)
    choice = request.form.get("answer")
    if choice not in ("yes", "no") or not ConfirmForm().validate_on_submit():
        abort(400)
    event = get_or_404(Event, invite.event_id)
    if event.starts_at < utcnow():
        flash(_("That event has already taken place."))
        return redirect(url_for("home.volunteer"))
    invite.answer, invite.answered_at = choice, utcnow()
    get_session().commit()
    flash(_("Thank you — we have your answer.") if choice == "yes"
          else _("Thank you — we have noted that you cannot come."))
    return redirect(url_for("home.volunteer") + "#events-h")
