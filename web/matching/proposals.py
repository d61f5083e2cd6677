"""A coordinator proposes role models: one young person at a time, or a whole round."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import func, select
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from models import Citizen, Match, MatchStatus, Proposal, ProposalStatus, Role, Volunteer
from models import today, utcnow
from models.capacity import candidates
from models import lifecycle as states
from models.lifecycle import WAITING_ORDER, waiting_citizens, waiting_clause

from ..core.numbers import as_ids
from ..citizens.views import declined_answers
from ..core.qr import qr_svg
from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..core.paging import page_number, paginate
from ..privacy.access import get_or_404, role_required
from . import engine, lifecycle
from .choose import photo_url

bp = Blueprint("proposals", __name__, template_folder="templates", url_prefix="/proposals")
SECTIONS = ("waiting", ProposalStatus.DRAFT, ProposalStatus.OPEN)  # the round's three lists
SWAP_BLOCKED_SHOWN = 10  # with nobody free to swap in, those nearest to it are listed
SWAP_LISTED = 5  # the best role models to swap in, listed with their reasons
FILTERS = SECTIONS + (ProposalStatus.CHOSEN, ProposalStatus.DECLINED, ProposalStatus.EXPIRED,
                      ProposalStatus.CANCELLED)


class SwapForm(FlaskForm):
    """Put another matchable role model in place of one suggestion, with the reason."""

    volunteer = SelectField(_l("Suggest instead"), coerce=int,
                            validators=[DataRequired(_l("Choose a role model."))])
    reason = StringField(_l("Why the swap?"), validators=[
        DataRequired(_l("Write a short reason for the swap.")), Length(max=300)])


def swap_forms(db, proposal: Proposal, options) -> tuple[dict, list, list]:
    """Build one swap form per option, offering the role models who could be suggested and
    are not shown already, best fit first (one the young person said no to before is marked:
    the reason for the swap says why). The third value lists the best of them with the
    engine's score and reasons. With nobody to offer there are no forms, and the second value
    lists who is nearest to being suggestable, with what each is missing."""
    taken = {o.volunteer_id for o in options}
    people = candidates(db, proposal.citizen_id, skip=taken)
    free = [(v, missing) for v, missing in people if missing in ([], ["declined"])]
    if not free:
        return {}, people[:SWAP_BLOCKED_SHOWN], []
    by_id = {v.id: (v, missing) for v, missing in free}
    ranked = engine.rank_for(db, proposal.municipality_id, db.get(Citizen, proposal.citizen_id),
                             [v for v, _m in free])
    best = [(by_id[int(r["volunteer"])][0], bool(by_id[int(r["volunteer"])][1]), r)
            for r in ranked]
    said_no = _("said no to before")
    choices = [SelectChoice(v.id, f"{v.name} ({v.town})" + (f" · {said_no}" if declined else ""))
               for v, declined, _r in best]
    forms = {}
    for o in options:
        form = SwapForm(prefix=f"o{o.id}")
        form.volunteer.choices = [SelectChoice(0, _("Choose…"))] + choices
        forms[o.id] = form
    return forms, [], best[:SWAP_LISTED]


def render_detail(proposal: Proposal, forms=None, status=200):
    """Render one proposal with its options, the engine's reasons and the swap forms."""
    db = get_session()
    options = lifecycle.options_of(db, [proposal.id])[proposal.id]
    people = {v.id: v for v in db.exec(select(Volunteer).where(
        Volunteer.id.in_([o.volunteer_id for o in options]
                         + [o.replaced_volunteer_id for o in options if o.replaced_volunteer_id])))}
    blocked, swaps = [], []
    if proposal.status == ProposalStatus.DRAFT:
        made, blocked, swaps = swap_forms(db, proposal, options)
        forms = made if forms is None else forms
    year = today().year
    ages = {v.id: year - v.birth_year for v in people.values() if v.birth_year}
    photos = {v.id: photo_url(v) for v in people.values()}
    return render_template(
        "proposals/detail.html", proposal=proposal, citizen=db.get(Citizen, proposal.citizen_id),
        options=options, people=people, forms=forms or {}, form=ConfirmForm(), blocked=blocked,
        swaps=swaps, ages=ages, photos=photos,
        answers=declined_answers(db, proposal.citizen_id)[:3],
    ), status


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """The matching round: waiting young people, drafts to review and open proposals, 50 at a
    time; ``status`` shows one list (or the decided proposals of one status) with page links."""
    db = get_session()
    lifecycle.expire_proposals(db)
    db.commit()
    shown = request.args.get("status", "")
    shown = shown if shown in FILTERS else ""
    counts = dict(db.exec(select(Proposal.status, func.count()).group_by(Proposal.status)).all())
    counts["waiting"] = db.exec(select(func.count()).select_from(Citizen)
                                .where(waiting_clause())).one()
    pages = {}
    for status in ([shown] if shown else SECTIONS):
        number = page_number() if shown else 1
        pages[status] = paginate(db, _list_query(status), number, total=counts.get(status, 0))
    drafts = pages[ProposalStatus.DRAFT].items if ProposalStatus.DRAFT in pages else []
    options = lifecycle.options_of(db, [p.id for p, _c in drafts])
    sizes = {pid: len(opts) for pid, opts in options.items()}
    return render_template("proposals/index.html", pages=pages, shown=shown, counts=counts,
                           sizes=sizes, form=ConfirmForm())


def _list_query(status: str):
    """The rows of one list: waiting young people (longest first) or proposals of one status."""
    if status == "waiting":
        return select(Citizen).where(waiting_clause()).order_by(*WAITING_ORDER)
    query = (select(Proposal, Citizen.name).join(Citizen, Citizen.id == Proposal.citizen_id)
             .where(Proposal.status == status))
    if status in ProposalStatus.HOLDING:
        return query.order_by(Proposal.created_at, Proposal.id)
    return query.order_by(Proposal.decided_at.desc(), Proposal.created_at.desc(), Proposal.id)


@bp.route("/round", methods=["POST"])
@role_required(Role.COORDINATOR)
def make_round():
    """Draft proposals for every waiting young person in one balanced engine round."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("proposals.index"))
    db = get_session()
    waiting = waiting_citizens(db)
    by_id = {str(c.id): c for c in waiting}
    made = 0
    for entry in engine.suggest_round(db, current_user.municipality_id, waiting):
        if entry["suggestions"]:
            lifecycle.create_draft(db, by_id[entry["citizen"]], entry, current_user.id)
            made += 1
    db.commit()
    flash(_("%(n)d drafts are ready for review. Nothing has been sent yet.", n=made))
    return redirect(url_for("proposals.index"))


@bp.route("/round/send", methods=["POST"])
@role_required(Role.COORDINATOR)
def send_round():
    """Send the ticked drafts; each is checked for free places on its own."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("proposals.index"))
    db = get_session()
    asked = request.form.getlist("proposal")
    ids = as_ids(asked)
    if len(ids) != len(set(asked)):
        abort(400)  # not a proposal's number: "²", "-1", 20 digits ...
    sent = refused = 0
    for pid in ids:
        proposal = get_or_404(Proposal, pid)
        if proposal.status != ProposalStatus.DRAFT:
            continue
        if lifecycle.send(db, proposal) is not None:
            db.rollback()  # releases the lock; this draft stays a draft
            refused += 1
            continue
        lifecycle.invite_citizen(db, proposal, current_user)
        db.commit()
        sent += 1
    flash(_("Sent: %(sent)d. Not sent because a role model has no free place: %(refused)d.",
            sent=sent, refused=refused))
    return redirect(url_for("proposals.index"))


@bp.route("/citizen/<int:citizen_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def for_citizen(citizen_id):
    """Find role models for one young person (a GET shows the button, a POST drafts)."""
    citizen = get_or_404(Citizen, citizen_id)
    db = get_session()
    current = db.exec(select(Proposal).where(
        Proposal.citizen_id == citizen.id, Proposal.status.in_(ProposalStatus.HOLDING))).first()
    if current:
        return redirect(url_for("proposals.detail", proposal_id=current.id))
    matched = db.exec(select(Match).where(
        Match.citizen_id == citizen.id, Match.status.in_(MatchStatus.LIVE))).first()
    state = states.state_of(db, citizen)
    form = ConfirmForm()
    if state == states.WAITING and request.method == "POST" and form.validate_on_submit():
        entry = engine.suggest_round(db, citizen.municipality_id, [citizen])[0]
        if entry["suggestions"]:
            proposal = lifecycle.create_draft(db, citizen, entry, current_user.id)
            db.commit()
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
        form.form_errors.append(_("No role model fits right now: nobody matchable has a free "
                                  "place within the young person's wishes."))
    return render_template("proposals/citizen.html", citizen=citizen, matched=matched, form=form,
                           state=state)


@bp.route("/<int:proposal_id>")
@role_required(Role.COORDINATOR)
def detail(proposal_id):
    """Show a proposal with the engine's suggestions, reasons, scores and model."""
    proposal = get_or_404(Proposal, proposal_id)
    if lifecycle.expire_proposals(get_session()):
        get_session().commit()
    return render_detail(proposal)[0]


@bp.route("/<int:proposal_id>/swap/<int:option_id>", methods=["POST"])
@role_required(Role.COORDINATOR)
def swap(proposal_id, option_id):
    """Replace one suggestion with another matchable role model, keeping who and why."""
    proposal = get_or_404(Proposal, proposal_id)
    db = get_session()
    options = lifecycle.options_of(db, [proposal.id])[proposal.id]
    option = next((o for o in options if o.id == option_id), None)
    if option is None or proposal.status != ProposalStatus.DRAFT:
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    forms, _blocked, _best = swap_forms(db, proposal, options)
    if option.id not in forms:  # nobody could be swapped in: the page says why
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    form = forms[option.id]
    if not form.validate_on_submit():
        return render_detail(proposal, forms, 400)
    volunteer = get_or_404(Volunteer, form.volunteer.data)
    scored = engine.explain_pair(db, proposal.municipality_id,
                                   db.get(Citizen, proposal.citizen_id), volunteer)
    option.replaced_volunteer_id = option.replaced_volunteer_id or option.volunteer_id
    option.volunteer_id = volunteer.id
    option.swap_reason = form.reason.data.strip()
    option.score, option.reasons = scored["score"], list(scored["reasons"])
    option.propensity = None  # the coordinator's choice, not the engine's round
    db.commit()
    flash(_("%(name)s is now among the suggestions.", name=volunteer.first_name))
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.route("/<int:proposal_id>/send", methods=["POST"])
@role_required(Role.COORDINATOR)
def send(proposal_id):
    """Send the proposal: hold the places, give the young person a login link."""
    proposal = get_or_404(Proposal, proposal_id)
    if not ConfirmForm().validate_on_submit() or proposal.status != ProposalStatus.DRAFT:
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    db = get_session()
    missing = lifecycle.send(db, proposal)
    if missing is not None:
        db.rollback()
        names = [v.first_name for v in db.exec(select(Volunteer).where(Volunteer.id.in_(missing)))]
        flash(_("No free place any more for: %(names)s. Swap them for someone else, then send.",
                names=", ".join(names)) if names else _("There is nothing to send."))
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    link = lifecycle.invite_citizen(db, proposal, current_user)
    db.commit()
    citizen = db.get(Citizen, proposal.citizen_id)
    return render_template("proposals/sent.html", proposal=proposal, citizen=citizen,
                           link=link, qr=qr_svg(link))


@bp.route("/<int:proposal_id>/cancel", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def cancel(proposal_id):
    """Ask before withdrawing a draft or an open proposal (GET), then withdraw it (POST with
    ``confirm``); held places are released."""
    proposal = get_or_404(Proposal, proposal_id)
    if proposal.status not in ProposalStatus.HOLDING:
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    form = ConfirmForm()
    if request.method == "POST" and request.form.get("confirm") == "yes" \
            and form.validate_on_submit():
        proposal.status, proposal.decided_at = ProposalStatus.CANCELLED, utcnow()
        get_session().commit()
        flash(_("The proposal was withdrawn."))
        return redirect(url_for("proposals.index"))
    citizen = get_session().get(Citizen, proposal.citizen_id)
    return render_template("proposals/cancel.html", proposal=proposal, citizen=citizen,
                           form=form)
