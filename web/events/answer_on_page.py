"""A volunteer answers yes or no to a learning meeting or training day on their own page."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from models import Event, EventInvite, Role, invitations, utcnow

from ..accounts.own_profile import current_volunteer
from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..privacy.access import get_or_404, role_required
from ..scheduling import messages

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
    db = get_session()
    recorded, moved = invitations.answer(db, invite, event, choice, utcnow())
    messages.notify_event_places(db, moved)
    db.commit()
    flash({"yes": _("Thank you — we have your answer."),
           "wait": _("The meeting is full, so you are on the waiting list. You get a message "
                     "if a place opens up."),
           "no": _("Thank you — we have noted that you cannot come.")}[recorded])
    return redirect(url_for("home.volunteer") + "#events-h")
