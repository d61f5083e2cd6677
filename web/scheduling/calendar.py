"""A personal calendar feed (iCalendar) at a secret address, and the page that shows it.

The feed holds dates and places, never names: a calendar address is easily
shared with a phone or a synchronisation service.
"""
import secrets
from datetime import datetime, timedelta

import icalendar
import sqlalchemy as sa
from flask import (
    Blueprint, Response, abort, flash, redirect, render_template, request, url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import func, select

from models import (
    ALL_TENANTS, Citizen, Event, EventInvite, Match, MatchStatus, Meeting, Role, User,
    Volunteer, set_tenant, utcnow,
)
from models.cadence import PROMISE_DAYS, cadences

from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..core.i18n import locale_for
from ..core.labels import EVENT_KINDS
from ..core.limits import limiter
from ..privacy.access import role_required

bp = Blueprint("calendar", __name__, template_folder="templates", url_prefix="/calendar")
PAST_DAYS = 180  # how far back the feed shows meetings and events
ROLES = (Role.COORDINATOR, Role.VOLUNTEER, Role.CITIZEN)


@bp.route("/")
@role_required(*ROLES)
def index():
    """Show the user's calendar address, or offer to make one."""
    link = url_for("calendar.feed", token=current_user.calendar_token, _external=True) \
        if current_user.calendar_token else None
    return render_template("scheduling/calendar.html", link=link, form=ConfirmForm())


@bp.route("/token", methods=["POST"])
@role_required(*ROLES)
def renew():
    """Make a new secret address (the old one stops working), or switch it off."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    off = request.form.get("action") == "off"
    had_one = current_user.calendar_token is not None
    current_user.calendar_token = None if off else secrets.token_urlsafe(24)
    get_session().add(current_user)
    get_session().commit()
    if off:
        flash(_("Your calendar address is switched off."))
    elif had_one:
        flash(_("Your calendar has a new address. The old one no longer works."))
    else:  # the first one: there is no old address to speak of
        flash(_("Your calendar address is ready. Copy it into your calendar."))
    return redirect(url_for("calendar.index"))


@bp.route("/<token>.ics")
@limiter.limit("60 per minute")
def feed(token):
    """Serve the calendar of the user whose secret is in the address."""
    db = get_session()
    set_tenant(db, ALL_TENANTS)  # no login: the secret names the user
    user = db.exec(select(User).where(User.calendar_token == token)
                   .execution_options(all_tenants=True)).first()
    if user is None or not user.is_active or user.role not in ROLES:
        abort(404)
    set_tenant(db, user.municipality_id)
    with force_locale(locale_for(user.language)):
        cal = build_feed(db, user, utcnow())
    return Response(cal.to_ical(), mimetype="text/calendar",
                    headers={"Cache-Control": "private, max-age=300"})


def build_feed(db, user: User, now: datetime) -> icalendar.Calendar:
    """Build one user's calendar: their events and, for pairs, meetings and the next due date."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Rollemodel//Rollemodel//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Rollemodel")
    since = now - timedelta(days=PAST_DAYS)
    events = select(Event).where(Event.starts_at >= since)
    matches = []
    if user.role == Role.VOLUNTEER:
        me = db.exec(select(Volunteer).where(Volunteer.user_id == user.id)).first()
        events = events.join(EventInvite, EventInvite.event_id == Event.id).where(
            EventInvite.volunteer_id == (me.id if me else -1),
            func.coalesce(EventInvite.answer, "") != "no")
        matches = db.exec(select(Match).where(Match.volunteer_id == (me.id if me else -1),
                                              Match.status.in_(MatchStatus.LIVE))).all()
    elif user.role == Role.CITIZEN:
        events = events.where(sa.false())
        me = db.exec(select(Citizen).where(Citizen.user_id == user.id)).first()
        matches = db.exec(select(Match).where(Match.citizen_id == (me.id if me else -1),
                                              Match.status.in_(MatchStatus.LIVE))).all()
    for event in db.exec(events.order_by(Event.starts_at)).all():
        cal.add_component(_entry(f"event-{event.id}", event.starts_at,
                                 f"{EVENT_KINDS.get(event.kind, event.kind)}: {event.title}",
                                 duration=timedelta(minutes=event.duration_minutes),
                                 location=event.place))
    _add_meetings(db, cal, matches, since.date(), user.role == Role.VOLUNTEER)
    return cal


def _add_meetings(db, cal, matches, since, with_due: bool) -> None:
    """Add the pairs' logged meetings and, for the role model, the next due date."""
    ids = [m.id for m in matches]
    if not ids:
        return
    for meeting in db.exec(select(Meeting).where(Meeting.match_id.in_(ids),
                                                 Meeting.held_on >= since)).all():
        cal.add_component(_entry(f"meeting-{meeting.id}", meeting.held_on, _("Meeting (logged)")))
    if not with_due:
        return
    rhythm = cadences(db, matches)
    for m in matches:
        if m.status == MatchStatus.ACTIVE:
            due = (rhythm[m.id].last_meeting or m.started_on) + timedelta(days=PROMISE_DAYS)
            cal.add_component(_entry(f"due-{m.id}", due,
                                     _("Next meeting with your young person, at the latest")))


def _entry(uid: str, start, summary: str, duration=None, location=None) -> icalendar.Event:
    """Make one calendar entry (a whole day when ``start`` is a date)."""
    entry = icalendar.Event()
    entry.add("uid", f"{uid}@rollemodel")
    entry.add("dtstamp", utcnow())
    entry.add("dtstart", start)
    if duration:
        entry.add("duration", duration)
    entry.add("summary", summary)
    if location:
        entry.add("location", location)
    return entry
