"""The admin's view of the scheduler: its heartbeat and the notification outbox.

The outbox shows what kind of message went to which municipality and how the
delivery went; message texts say nothing personal, and recipients are not named.
"""
import re
from datetime import timedelta

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import func, select

from models import Heartbeat, Municipality, Notification, Role, utcnow

from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..privacy.access import role_required
from .sms import describe_gateway

bp = Blueprint("admin_scheduler", __name__, template_folder="templates",
               url_prefix="/admin/scheduler")
SHOWN = 50
SMS_SHOWN = 10
KINDS = {
    "prompt1": _l("Meeting reminder"), "prompt2": _l("Second meeting reminder"),
    "risk": _l("Pair at risk"), "invite": _l("Invitation"), "remind7": _l("Reminder, 7 days"),
    "remind1": _l("Reminder, 1 day"), "proposal_sent": _l("New suggestions"),
    "choice_made": _l("Choice made"), "match_started": _l("Match started"),
    "match_ended": _l("Match ended"), "hotline_answered": _l("Hotline answer"),
    "hotline_urgent": _l("Urgent hotline question"), "volunteer_paused": _l("Role model paused"),
    "volunteer_resumed": _l("Role model back"), "proposal_link": _l("Login link to suggestions"),
    "needs_suggestions": _l("A young person needs new suggestions"),
    "event_place": _l("A place opened up on the waiting list"),
}
# What went wrong with a delivery, in words: the first pattern found in the stored error wins.
ERRORS = (
    (("no e-mail address",), _l("The person has no e-mail address.")),
    (("no phone number",), _l("The person has no phone number.")),
    (("timed out", "timeout"), _l("The mail server did not answer in time.")),
    (("errno 111", "refused", "errno 113", "errno -2", "errno -3", "unreachable",
      "connection", "disconnected"), _l("The mail server could not be reached.")),
    (("(5", " 5"), _l("The mail server refused the message.")),
    (("(4", " 4"), _l("The mail server asked to try again later.")),
)


def error_words(error: str | None) -> str:
    """Say in words why a message was not delivered (never the technical text)."""
    if not error:
        return ""
    code = re.match(r"([45])\d\d\b(.*)", error)
    if code:  # the server's own answer to this message, with its reason
        why = re.sub(r"<?[^\s<>]+@[^\s<>]+>?", "…", error)[:120]  # recipients are not named
        if code.group(1) == "5":
            return str(_l("The mail server refused the message for good (%(why)s).", why=why))
        return str(_l("The mail server asked to try again later (%(why)s).", why=why))
    low = error.lower()
    for patterns, words in ERRORS:
        if any(p in low for p in patterns):
            return str(words)
    return str(_l("The message could not be delivered."))


def _counts(db, now) -> dict[str, int]:
    """Count waiting, recently sent and given-up messages (one query)."""
    waiting = func.sum(sa.case((sa.and_(Notification.sent_at.is_(None),
                                        Notification.failed_at.is_(None)), 1), else_=0))
    sent = func.sum(sa.case((Notification.sent_at >= now - timedelta(days=1), 1), else_=0))
    failed = func.sum(sa.case((Notification.failed_at.is_not(None), 1), else_=0))
    row = db.exec(select(waiting, sent, failed)).one()
    return {"waiting": row[0] or 0, "sent_day": row[1] or 0, "failed": row[2] or 0}


def _sms_problems(db) -> dict:
    """Text messages the gateway refused: how many were given up or wait for a retry, and the
    newest of them with the gateway's answer (two queries)."""
    failing = sa.and_(Notification.channel == "sms", Notification.sent_at.is_(None),
                      Notification.last_error.is_not(None))
    given_up = func.sum(sa.case((Notification.failed_at.is_not(None), 1), else_=0))
    counts = db.exec(select(given_up, func.count()).where(failing)).one()
    newest = db.exec(select(Notification).where(failing)
                     .order_by(Notification.id.desc()).limit(SMS_SHOWN)).all()
    return {"given_up": counts[0] or 0, "retrying": (counts[1] or 0) - (counts[0] or 0),
            "rows": newest, "gateway": describe_gateway(current_app.config)}


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    """Show when the scheduler last ran, and the newest outbox rows."""
    db = get_session()
    now = utcnow()
    beat = db.get(Heartbeat, "scheduler")
    stale_after = timedelta(seconds=current_app.config["SCHEDULER_STALE_SECONDS"])
    stale = beat is None or beat.last_run_at is None or now - beat.last_run_at > stale_after
    rows = db.exec(select(Notification).order_by(Notification.id.desc()).limit(SHOWN)).all()
    towns = dict(db.exec(select(Municipality.id, Municipality.name)).all())
    return render_template(
        "scheduling/admin.html", beat=beat, stale=stale, counts=_counts(db, now), rows=rows,
        towns=towns, kinds=KINDS, form=ConfirmForm(), error_words=error_words,
        stale_minutes=int(stale_after.total_seconds() // 60), sms=_sms_problems(db),
    )


@bp.route("/retry", methods=["POST"])
@role_required(Role.ADMIN)
def retry():
    """Make every waiting message due now, e.g. after the mail server is fixed."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    db.execute(sa.update(Notification.__table__).where(
        Notification.__table__.c.sent_at.is_(None), Notification.__table__.c.failed_at.is_(None)
    ).values(next_attempt_at=utcnow()))
    db.commit()
    flash(_("Waiting messages will be tried again within a minute."))
    return redirect(url_for("admin_scheduler.index"))
