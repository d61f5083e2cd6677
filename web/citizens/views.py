"""Young citizens: the coordinator's register, list and edit pages, the login link,
and the citizen's own profile."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import bindparam
from sqlmodel import or_, select

from models import (
    Citizen, Match, MatchStatus, Proposal, ProposalOption, ProposalStatus, Role, User, Volunteer,
    utcnow,
)
from models import lifecycle
from models.cadence import const
from models.towns import town_names

from ..core.numbers import as_number
from ..accounts.tokens import make_login_token
from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..core.labels import CITIZEN_STATES
from ..core.paging import ListQuery
from ..core.qr import qr_svg
from ..privacy.access import get_or_404, role_required
from ..privacy.audit import record, record_view
from .forms import (
    CONSENT_TEXTS, CONSENT_VERSION, CitizenForm, FinishForm, LEGAL_BASES, ProfileForm, initial,
)

bp = Blueprint("citizens", __name__, template_folder="templates", url_prefix="/citizens")


def next_external_id(db) -> str:
    """Return the next free id of the form C-0001 in this municipality."""
    ids = db.exec(select(Citizen.external_id).where(Citizen.external_id.like("C-%"))).all()
    numbers = [n for n in (as_number(i[2:], 0, 10**12) for i in ids) if n is not None]
    return f"C-{max(numbers, default=0) + 1:04d}"


def record_basis(citizen: Citizen, basis: str, user_id: int) -> None:
    """Record the legal basis (and consent text version): who and when, if it changed."""
    version = CONSENT_VERSION if basis == "consent" else None
    if (citizen.legal_basis, citizen.consent_text_version) != (basis, version) \
            or citizen.consent_recorded_at is None:
        citizen.legal_basis, citizen.consent_text_version = basis, version
        citizen.consent_recorded_at, citizen.consent_recorded_by_id = utcnow(), user_id


def _form_page(form, citizen=None, status=200):
    """Render the register/edit form with the town suggestions and the consent text."""
    return render_template(
        "citizens/form.html", form=form, citizen=citizen, towns=town_names(),
        consent_text=CONSENT_TEXTS[CONSENT_VERSION], consent_version=CONSENT_VERSION,
    ), status


def _list(searched: bool, state: str) -> ListQuery:
    """The list in name order, searched by name, id or town or not, of one state or all;
    each row with its state."""
    query = select(Citizen.id, Citizen.name, Citizen.external_id, Citizen.town,
                   Citizen.legal_basis, Citizen.finished_on).order_by(Citizen.name, Citizen.id)
    if searched:
        like = bindparam("like")
        query = query.where(or_(Citizen.name.ilike(like), Citizen.external_id.ilike(like),
                                Citizen.town.ilike(like)))
    if state:
        query = query.where(lifecycle.state_clause(state))
    return ListQuery(query, wrap=lambda rows: select(
        rows, lifecycle.state_column(rows.c.id, rows.c.finished_on).label("state"))
        .order_by(rows.c.name, rows.c.id))


LISTS = {(searched, state): _list(searched, state)
         for searched in (False, True) for state in ("",) + lifecycle.STATES}


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """List the young people 50 a page, optionally searched by name, id or town and of one
    state (three queries: the count of each state, the count, and the page's rows with each
    one's state); ticked rows can be finished together."""
    q = request.args.get("q", "").strip()[:100]
    state = request.args.get("state", "")
    state = state if state in lifecycle.STATES else ""
    db = get_session()
    counts = lifecycle.state_counts(db)
    total = None if q else (counts[state] if state else sum(counts.values()))
    page = LISTS[bool(q), state].page(db, {"like": f"%{q}%"} if q else None, total=total)
    return render_template("citizens/index.html", citizens=page.items, q=q, page=page,
                           state=state, counts=counts, finish_form=FinishForm(),
                           tick_format=_("Choose %(name)s"),  # translated once, not per row
                           state_labels={k: str(v) for k, v in CITIZEN_STATES.items()})


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new():
    """Register a young citizen with what matching needs and the legal basis."""
    form = CitizenForm()
    if not form.validate_on_submit():
        return _form_page(form, status=400 if form.is_submitted() else 200)
    db = get_session()
    citizen = Citizen(external_id=next_external_id(db), **form.citizen_values())
    record_basis(citizen, form.legal_basis.data, current_user.id)
    db.add(citizen)
    db.commit()
    flash(_("%(name)s is registered.", name=citizen.name))
    return redirect(url_for("citizens.detail", citizen_id=citizen.id))


@bp.route("/<int:citizen_id>/edit", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(citizen_id):
    """Change a citizen's profile and legal basis."""
    citizen = get_or_404(Citizen, citizen_id)
    if request.method == "GET":
        record_view(get_session(), obj=citizen, reason="edit")
    form = CitizenForm() if request.method == "POST" else CitizenForm(data=initial(citizen))
    if not form.validate_on_submit():
        return _form_page(form, citizen, status=400 if form.is_submitted() else 200)
    db = get_session()
    _store(db, citizen, form.citizen_values())
    record_basis(citizen, form.legal_basis.data, current_user.id)
    db.commit()
    flash(_("The changes are saved."))
    return redirect(url_for("citizens.detail", citizen_id=citizen.id))


def _store(db, citizen: Citizen, values: dict) -> None:
    """Save profile values, keeping the login account's phone number in step."""
    for name, value in values.items():
        setattr(citizen, name, value)
    if citizen.user_id and "phone" in values:
        user = db.get(User, citizen.user_id)
        if user is not None:
            user.phone = citizen.phone


@bp.route("/me", methods=["GET", "POST"])
@role_required(Role.CITIZEN)
def me():
    """Show the young person everything stored about them, and let them correct some of it."""
    db = get_session()
    citizen = db.exec(select(Citizen).where(Citizen.user_id == current_user.id)).first()
    if citizen is None:
        abort(404)
    form = ProfileForm() if request.method == "POST" else ProfileForm(data=initial(citizen))
    if form.validate_on_submit():
        _store(db, citizen, form.profile_values())
        db.commit()
        flash(_("Thank you — your profile is updated."))
        return redirect(url_for("citizens.me"))
    return render_template(
        "citizens/me.html", citizen=citizen, form=form, legal_bases=LEGAL_BASES,
        consent_texts=CONSENT_TEXTS,
    ), 400 if form.is_submitted() else 200


@bp.route("/<int:citizen_id>")
@role_required(Role.COORDINATOR)
def detail(citizen_id):
    """Show a citizen's matching profile, where they stand and what they have answered."""
    citizen = get_or_404(Citizen, citizen_id)
    record_view(get_session(), obj=citizen)
    return render_detail(citizen)


def render_detail(citizen: Citizen, finish_form=None, status=200):
    """Render a citizen's page (with the finishing form's errors, if any)."""
    db = get_session()
    live = db.exec(select(Match).where(Match.citizen_id == citizen.id,
                                       Match.status.in_(MatchStatus.LIVE))).first()
    people = dict(db.exec(select(User.id, User.name).where(User.id.in_(
        [i for i in (citizen.consent_recorded_by_id, citizen.finished_by_id) if i]))).all())
    return render_template(
        "citizens/detail.html", citizen=citizen, form=ConfirmForm(), legal_bases=LEGAL_BASES,
        recorder=people.get(citizen.consent_recorded_by_id),
        finished_by=people.get(citizen.finished_by_id), live=live,
        state=lifecycle.state_of(db, citizen), answers=declined_answers(db, citizen.id),
        finish_form=finish_form or FinishForm(),
    ), status


def declined_answers(db, citizen_id: int) -> list:
    """The young person's "none of these fits" answers, newest first, with the first names of
    the role models they said no to (two queries)."""
    proposals = db.exec(select(Proposal).where(
        Proposal.citizen_id == citizen_id, Proposal.status == const(ProposalStatus.DECLINED))
        .order_by(Proposal.decided_at.desc(), Proposal.id.desc())).all()
    shown: dict[int, list[str]] = {p.id: [] for p in proposals}
    if proposals:
        for pid, name in db.exec(
                select(ProposalOption.proposal_id, Volunteer.name)
                .join(Volunteer, Volunteer.id == ProposalOption.volunteer_id)
                .where(ProposalOption.proposal_id.in_(list(shown)))
                .order_by(ProposalOption.position)):
            shown[pid].append(name)
    return [(p, shown[p.id]) for p in proposals]


def ensure_account(db, citizen: Citizen) -> User:
    """Return the citizen's login account, creating one (without password) if needed."""
    if citizen.user_id:
        return db.get(User, citizen.user_id)
    user = User(
        municipality_id=citizen.municipality_id, role=Role.CITIZEN, name=citizen.name,
        email=None, phone=citizen.phone,
    )
    db.add(user)
    db.flush()
    citizen.user_id = user.id
    return user


@bp.route("/<int:citizen_id>/login-link", methods=["POST"])
@role_required(Role.COORDINATOR)
def login_link(citizen_id):
    """Create a single-use login link for the citizen and show it with a QR code."""
    citizen = get_or_404(Citizen, citizen_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_detail(citizen, status=400)
    db = get_session()
    user = ensure_account(db, citizen)
    token = make_login_token(db, user, current_user)
    record(db, "login_link", citizen)  # the young person sees it in their access log
    db.commit()
    link = url_for("auth.link_login", token=token, _external=True)
    return render_template(
        "citizens/link.html", citizen=citizen, link=link, qr=qr_svg(link),
        message=_("The link works once and expires in %(h)d hours.",
                  h=current_app.config["CITIZEN_LINK_HOURS"]),
    )
