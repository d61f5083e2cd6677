"""Matches: the coordinator follows and changes them; each pair sees the other's contact details."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import func, select
from wtforms import RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from models import (
    END_REASONS, Citizen, Match, MatchStatus, Meeting, Role, Volunteer,
    today, utcnow,
)
from models.cadence import (
    MATCH_CADENCE, STATUSES, cadence_columns, cadence_of, cadence_params, cadences, const,
    status_counts,
)
from models.first_meeting import offer_for
from models import lifecycle as states
from models import people

from ..core.db import get_session
from ..core.formatting import day_words, duration_words
from ..core.forms import ConfirmForm
from ..citizens.forms import reason_field
from ..core.labels import CADENCE, MATCH_STATES
from ..core.labels import END_REASONS as END_LABELS
from ..core.paging import ListQuery
from ..privacy.access import get_or_404, role_required
from ..privacy.audit import record_view
from ..scheduling import messages
from . import engine, lifecycle

bp = Blueprint("matches", __name__, template_folder="templates", url_prefix="/matches")
ENDED_BY = {"citizen": _l("The young person"), "volunteer": _l("The role model"),
            "coordinator": _l("The coordinator")}
ATTENTION = ("at_risk", "late")
FILTERS = STATUSES + ("attention",)  # "attention": at risk or late, the home page's "see all"


AFTER_END = {"switch": _l("Goes on: find a new role model now (role-model switch)"),
             "finished": _l("Has finished: no new role model")}


class EndForm(FlaskForm):
    """Ending a match: why, who ended it, and what happens next for the young person: a
    new role model (switch), or finished with a reason."""

    reason = SelectField(_l("Why did it end?"), validators=[InputRequired(_l("Choose a reason."))],
                         choices=[SelectChoice("", "—")]
                         + [SelectChoice(r, END_LABELS[r]) for r in END_REASONS])
    ended_by = SelectField(_l("Who ended it?"), validators=[InputRequired(_l("Choose who."))],
                           choices=[SelectChoice("", "—")]
                           + [SelectChoice(k, v) for k, v in ENDED_BY.items()])
    then = RadioField(_l("What happens next for the young person?"),
                      choices=list(AFTER_END.items()), validate_choice=False,
                      validators=[InputRequired(_l("Choose what happens next."))])
    finished_reason = reason_field(_l("Why have they finished?"))

    def validate(self, extra_validators=None):
        """Refuse the empty first choices with a message next to the field; a finish needs
        its reason, a switch none."""
        ok = super().validate(extra_validators)
        if self.then.data != "finished":
            self.finished_reason.errors = []
            ok = not any(f.errors for f in self if f.name != "finished_reason")
        elif self.finished_reason.data not in states.FINISHED_REASONS:
            self.finished_reason.errors = [_("Choose why.")]
            ok = False
        for field in (self.reason, self.ended_by):
            if not field.data and not field.errors:
                field.errors.append(_("Choose one."))
                ok = False
        if self.then.data not in AFTER_END and not self.then.errors:
            self.then.errors = [_("Choose what happens next.")]
            ok = False
        return ok


def _list(shown: str) -> ListQuery:
    """The rows of one filter with each live row's cadence columns, built once (at import).

    The page is picked from the matches alone and names are read for its 50 rows only: joining
    every citizen and role model before sorting made the municipality's whole lists part of
    each page. Names only: whole profiles of 50 people would be loaded for two words each."""
    query = select(Match.id, Match.municipality_id, Match.status, Match.started_on,
                   Match.ended_on, Match.citizen_id, Match.volunteer_id)
    if shown in ("", "paused", "ended"):  # the stored status is enough: no meetings to read
        if shown:
            query = query.where(Match.status == const(shown))
        query = query.order_by(Match.status == const(MatchStatus.ENDED),
                               Match.started_on.desc(), Match.id.desc())
        return ListQuery(query, wrap=lambda page: _with_names(
            page, (page.c.status == const(MatchStatus.ENDED), page.c.started_on.desc(),
                   page.c.id.desc()),
            # The last meeting and rhythm of the rows shown only, not of the whole network.
            cadence_columns(page.c.id, page.c.municipality_id) if shown != "ended" else ()))
    cad = MATCH_CADENCE
    query = query.add_columns(cad.c.last_meeting, cad.c.recent, cad.c.risk_days,
                              cad.c.anchor, cad.c.status.label("rhythm")) \
        .join(cad, cad.c.match_id == Match.id)
    if shown == "on_track":
        return ListQuery(
            query.where(cad.c.status == const(shown))
            .order_by(Match.started_on.desc(), Match.id.desc()),
            wrap=lambda page: _with_names(page, (page.c.started_on.desc(), page.c.id.desc())))
    wanted = ATTENTION if shown == "attention" else (shown,)
    return ListQuery(
        query.where(cad.c.status.in_([const(s) for s in wanted]))
        .order_by((cad.c.status == const("at_risk")).desc(), cad.c.anchor, Match.id),
        wrap=lambda page: _with_names(
            page, ((page.c.rhythm == const("at_risk")).desc(), page.c.anchor, page.c.id)))


def _with_names(page, order, columns=()):
    """The page's rows (in their order) with the young person's and the role model's names,
    and any ``columns`` worked out for these rows."""
    return (select(page, Citizen.name.label("citizen_name"),
                   Volunteer.name.label("volunteer_name"), *columns)
            .join(Citizen, Citizen.id == page.c.citizen_id)
            .join(Volunteer, Volunteer.id == page.c.volunteer_id)
            .order_by(*order))


LISTS = {shown: _list(shown) for shown in ("",) + FILTERS}


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """Matches, 50 a page, filtered by rhythm or ended (meeting dates only, never content):
    two queries, the counts of each filter and the page's rows with their cadence."""
    db = get_session()
    shown = request.args.get("status", "")
    shown = shown if shown in FILTERS else ""
    on = today()
    counts = status_counts(db, on)
    # The chips' counts are the list's total, so the page needs no count of its own.
    total = sum(counts[s] for s in ATTENTION) if shown == "attention" else (
        counts[shown] if shown else sum(counts.values()))
    page = LISTS[shown].page(db, cadence_params(on), total=total)
    rows = page.items
    cads = {r.id: cadence_of(r.status, r.started_on, r.last_meeting, r.recent, r.risk_days, on)
            for r in rows if r.status in MatchStatus.LIVE}
    return render_template("matches/index.html", rows=rows, cads=cads, ages=_ages(rows),
                           page=page, shown=shown, counts=counts,
                           states=_strings(MATCH_STATES), rhythm=_strings(CADENCE),
                           day=day_words())


def _strings(labels: dict) -> dict[str, str]:
    """Translate a table of labels once for a page, not once for each row showing one."""
    return {code: str(label) for code, label in labels.items()}


def _ages(rows) -> dict[int, str]:
    """Return how long each match (each with ``id``, ``started_on`` and ``ended_on``) has run
    (or ran), in words."""
    now, words = today(), duration_words()
    return {m.id: words((m.ended_on or now) - m.started_on) for m in rows}


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
        age=_ages([match])[match.id], end_form=form or EndForm(), form=ConfirmForm(),
        ended_by=ENDED_BY,
        # A switch is offered while nothing newer is under way for the young person.
        later=match.status == MatchStatus.ENDED
        and states.state_of(db, citizen) not in (states.WAITING, states.FINISHED),
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
    states.end_match(db, match, reason=form.reason.data, ended_by_role=form.ended_by.data,
                     by_id=current_user.id, on=today(), then=form.then.data,
                     finished_reason=form.finished_reason.data)
    messages.notify_match_ended(db, match)
    db.commit()
    if form.then.data == "switch":
        flash(_("The match has ended."))
        return _switch(match)
    flash(_("The match has ended, and the young person is finished."))
    return redirect(url_for("matches.detail", match_id=match.id))


@bp.route("/<int:match_id>/switch", methods=["POST"])
@role_required(Role.COORDINATOR)
def switch(match_id):
    """Start a role-model switch for an ended match: new suggestions without that role model
    (a finished young person is brought back onto the waiting list first)."""
    match = get_or_404(Match, match_id)
    if not ConfirmForm().validate_on_submit() or match.status != MatchStatus.ENDED:
        return redirect(url_for("matches.detail", match_id=match.id))
    citizen = get_session().get(Citizen, match.citizen_id)
    if states.reopen(get_session(), citizen, on=today()):
        get_session().commit()
    return _switch(match)


def _switch(match: Match):
    """Draft a new proposal for the match's young person (the ended role model is excluded)."""
    db = get_session()
    citizen = db.get(Citizen, match.citizen_id)
    if states.state_of(db, citizen) != states.WAITING:
        return redirect(url_for("proposals.for_citizen", citizen_id=citizen.id))
    entry = engine.suggest_round(db, match.municipality_id, [citizen])[0]
    if not entry["suggestions"]:
        flash(_("No other role model has a free place that fits right now."))
        return redirect(url_for("proposals.for_citizen", citizen_id=citizen.id))
    proposal = lifecycle.create_draft(db, citizen, entry, current_user.id)
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
                           shared=shared_interests(citizen, volunteer), first_meeting=met == 0,
                           offer=offer_for(db, match.id) if met == 0 else None)


def shared_interests(citizen: Citizen, volunteer: Volunteer) -> list[str]:
    """Return the young person's interests that the role model also has (case-insensitive)."""
    return people.shared_interests(citizen.interests,
                                   list(volunteer.interests) + list(volunteer.leisure))

