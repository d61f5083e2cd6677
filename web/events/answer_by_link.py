"""One-click yes or no to an event, from the link in the invitation message.

The link's secret names the invitation, so no login is needed. A GET only shows
what will be recorded and a button: link scanners in mail programs follow GETs,
and must not answer for anyone. The POST records the answer.
"""
from flask import Blueprint, abort, render_template
from sqlmodel import select

from models import ALL_TENANTS, Event, EventInvite, invitations, set_tenant, utcnow

from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..core.limits import limiter
from ..scheduling import messages
from ..scheduling.answer_links import token_hash

bp = Blueprint("invitations", __name__, template_folder="templates", url_prefix="/invitations")
ANSWERS = ("yes", "no")


def _invite_by_token(token: str):
    """Find the invitation and its event for a link secret, binding the session to its town."""
    db = get_session()
    set_tenant(db, ALL_TENANTS)  # nobody is logged in; the secret names the row
    invite = db.exec(select(EventInvite).where(EventInvite.answer_token == token_hash(token))
                     .execution_options(all_tenants=True)).first()
    if invite is None:
        abort(404)
    set_tenant(db, invite.municipality_id)
    return invite, db.get(Event, invite.event_id)


@bp.route("/<token>/<answer>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def answer(token, answer):
    """Show the answer with a confirm button (GET), and record it (POST)."""
    if answer not in ANSWERS:
        abort(404)
    invite, event = _invite_by_token(token)
    if event.starts_at < utcnow():
        return render_template("events/answer_past.html", event=event), 410
    form = ConfirmForm()
    if form.validate_on_submit():
        db = get_session()
        recorded, moved = invitations.answer(db, invite, event, answer, utcnow())
        messages.notify_event_places(db, moved)
        db.commit()
        return render_template("events/answer_done.html", event=event, answer=recorded)
    return render_template("events/answer_confirm.html", event=event, answer=answer,
                           invite=invite, form=form)
