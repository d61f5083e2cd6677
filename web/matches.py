"""Matches: the coordinator follows and changes them; each pair sees the other's contact details."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import func, select
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from models import (
    END_REASONS, Citizen, Match, MatchStatus, Meeting, Role, Volunteer,
    today, utcnow,
)
from models.cadence import STATUSES, cadences, match_cadence, status_counts

from . import holds, matching
from .access import get_or_404, role_required
from .audit import record_view
from .auth import ConfirmForm
from .db import get_session
from .labels import END_REASONS as END_LABELS
from .paging import paginate
from .scheduling import messages

bp = Blueprint("matches", __name__, url_prefix="/matches")
ENDED_BY = {"citizen": _l("The young person"), "volunteer": _l("The role model"),
            "coordinator": _l("The coordinator")}
ATTENTION = ("at_risk", "late")
FILTERS = STATUSES + ("attention",)  # "attention": at risk or late, the home page's "see all"


class EndForm(FlaskForm):
    """Ending a match: why, who ended it, and whether to find a new role model at once."""

    reason = SelectField(_l("Why did it end?"), validators=[InputRequired(_l("Choose a reason."))],
                         choices=[SelectChoice("", "—")]
                         + [SelectChoice(r, END_LABELS[r]) for r in END_REASONS])
    ended_by = SelectField(_l("Who ended it?"), validators=[InputRequired(_l("Choose who."))],
                           choices=[SelectChoice("", "—")]
                           + [SelectChoice(k, v) for k, v in ENDED_BY.items()])
    switch = BooleanField(_l("Find a new role model for the young person now (role-model switch)"))

    def validate(self, extra_validators=None):
        """Refuse the empty first choice with a message next to the field."""
        ok = super().validate(extra_validators)
        for field in (self.reason, self.ended_by):
            if not field.data and not field.errors:
                field.errors.append(_("Choose one."))
                ok = False
        return ok


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """Matches, 50 a page, filtered by rhythm or ended (meeting dates only, never content)."""
    db = get_session()
    shown = request.args.get("status", "")
    shown = shown if shown in FILTERS else ""
    cad = match_cadence(db)
    # Names only: whole profiles of 50 people would be loaded for two words each.
    query = (select(Match, Citizen.name, Volunteer.name)
             .join(Citizen, Citizen.id == Match.citizen_id)
             .join(Volunteer, Volunteer.id == Match.volunteer_id))
    counts = status_counts(db, cadence=cad)
    # The chips' counts are the list's total, so the page needs no count of its own.
    total = sum(counts[s] for s in ATTENTION) if shown == "attention" else (
        counts[shown] if shown else sum(counts.values()))
    page = paginate(db, _filtered(query, cad, shown), total=total)
    rows = page.items
    cads = cadences(db, [m for m, _c, _v in rows if m.status in MatchStatus.LIVE])
    return render_template("matches/index.html", rows=rows, cads=cads, ages=_ages(rows),
                           page=page, shown=shown, counts=counts)


def _filtered(query, cad, shown: str):
    """Keep the matches of one filter; overdue pairs come longest without a meeting first."""
    if shown in ("", "paused", "ended"):  # the stored status is enough: no meetings to read
        if shown:
            query = query.where(Match.status == shown)
        return query.order_by(Match.status == MatchStatus.ENDED, Match.started_on.desc(),
                              Match.id.desc())
    query = query.join(cad, cad.c.match_id == Match.id)
    if shown == "on_track":
        return query.where(cad.c.status == shown).order_by(Match.started_on.desc(),
                                                           Match.id.desc())
    wanted = ATTENTION if shown == "attention" else (shown,)
    return query.where(cad.c.status.in_(wanted)).order_by(
        (cad.c.status == "at_risk").desc(), cad.c.anchor, Match.id)


def _ages(rows) -> dict[int, str]:
    """Return how long each match has run (or ran), in words."""
    now = today()
    return {m.id: format_timedelta((m.ended_on or now) - m.started_on, granularity="day",
                                   threshold=1.1) for m, *_rest in rows}


@bp.route("/<int:match_id>")
@role_required(Role.COORDINATOR)
def detail(match_id):
    """One match: who, since when, cadence, and the pause/resume/end/switch actions."""
    match = get_or_404(Match, match_id)
    record_view(get_session(), obj=match)
    return _render_detail(match)


def _render_detail(match: Match, form=None, status=200):
    """Render a match with its actions (and the end form's errors, if any)."""
    db = get_session()
    citizen, volunteer = db.get(Citizen, match.citizen_id), db.get(Volunteer, match.volunteer_id)
    cad = cadences(db, [match]).get(match.id) if match.status in MatchStatus.LIVE else None
    return render_template(
        "matches/detail.html", match=match, citizen=citizen, volunteer=volunteer, cadence=cad,
        age=_ages([(match,)])[match.id], end_form=form or EndForm(), form=ConfirmForm(),
        ended_by=ENDED_BY,
    ), status


def _move(match_id, allowed, change, message):
    """Apply a state change to a match if its status allows it."""
    match = get_or_404(Match, match_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if match.status not in allowed:
        flash(_("That is not possible for this match right now."))
        return redirect(url_for("matches.detail", match_id=match.id))
    change(match)
    get_session().commit()
    flash(message)
    return redirect(url_for("matches.detail", match_id=match.id))


@bp.route("/<int:match_id>/pause", methods=["POST"])
@role_required(Role.COORDINATOR)
def pause(match_id):
    """Pause an active match (the place stays taken)."""
    def change(m):
        m.status, m.paused_at = MatchStatus.PAUSED, utcnow()
    return _move(match_id, (MatchStatus.ACTIVE,), change, _("The match is paused."))


@bp.route("/<int:match_id>/resume", methods=["POST"])
@role_required(Role.COORDINATOR)
def resume(match_id):
    """Make a paused match active again."""
    def change(m):
        m.status, m.paused_at = MatchStatus.ACTIVE, None
    return _move(match_id, (MatchStatus.PAUSED,), change, _("The match is active again."))


@bp.route("/<int:match_id>/end", methods=["POST"])
@role_required(Role.COORDINATOR)
def end(match_id):
    """End a live match with a reason and who ended it; optionally start a switch at once."""
    match = get_or_404(Match, match_id)
    if match.status not in MatchStatus.LIVE:
        flash(_("That is not possible for this match right now."))
        return redirect(url_for("matches.detail", match_id=match.id))
    form = EndForm()
    if not form.validate_on_submit():
        return _render_detail(match, form=form, status=400)
    db = get_session()
    match.status, match.ended_on = MatchStatus.ENDED, today()
    match.end_reason, match.ended_by_role = form.reason.data, form.ended_by.data
    match.ended_by_id = current_user.id
    db.flush()
    messages.notify_match_ended(db, match)
    db.commit()
    flash(_("The match has ended."))
    if form.switch.data:
        return _switch(match)
    return redirect(url_for("matches.detail", match_id=match.id))


@bp.route("/<int:match_id>/switch", methods=["POST"])
@role_required(Role.COORDINATOR)
def switch(match_id):
    """Start a role-model switch for an ended match: new suggestions without that role model."""
    match = get_or_404(Match, match_id)
    if not ConfirmForm().validate_on_submit() or match.status != MatchStatus.ENDED:
        return redirect(url_for("matches.detail", match_id=match.id))
    return _switch(match)


def _switch(match: Match):
    """Draft a new proposal for the match's young person (the ended role model is excluded)."""
    db = get_session()
    citizen = db.get(Citizen, match.citizen_id)
    if citizen not in matching.waiting_citizens(db):
        return redirect(url_for("proposals.for_citizen", citizen_id=citizen.id))
    entry = matching.suggest_round(db, match.municipality_id, [citizen])[0]
    if not entry["suggestions"]:
        flash(_("No other role model has a free place that fits right now."))
        return redirect(url_for("proposals.for_citizen", citizen_id=citizen.id))
    proposal = holds.create_draft(db, citizen, entry, current_user.id)
    db.commit()
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.route("/<int:match_id>/pair")
@role_required(Role.VOLUNTEER, Role.CITIZEN)
def pair(match_id):
    """Show one side of a live pair the other's first name, contact details and shared interests."""
    match = get_or_404(Match, match_id)
    db = get_session()
    citizen, volunteer = db.get(Citizen, match.citizen_id), db.get(Volunteer, match.volunteer_id)
    me, other = (volunteer, citizen) if current_user.role == Role.VOLUNTEER else (citizen, volunteer)
    if me.user_id != current_user.id or match.status not in MatchStatus.LIVE:
        abort(404)
    met = db.exec(select(func.count()).select_from(Meeting)
                  .where(Meeting.match_id == match.id)).one()
    return render_template("matches/pair.html", match=match, other=other,
                           shared=shared_interests(citizen, volunteer), first_meeting=met == 0)


def shared_interests(citizen: Citizen, volunteer: Volunteer) -> list[str]:
    """Return the young person's interests that the role model also has (case-insensitive)."""
    theirs = {x.strip().lower() for x in list(volunteer.interests) + list(volunteer.leisure)}
    return [x for x in citizen.interests if x.strip().lower() in theirs]

