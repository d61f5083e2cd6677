"""Young citizens: the coordinator's register, list and edit pages, the login link,
and the citizen's own profile."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import bindparam
from sqlmodel import case, or_, select

from models import (
    Citizen, Match, MatchStatus, Proposal, ProposalStatus, Role, User, utcnow,
)
from models.towns import town_names

from ..accounts.tokens import make_login_token
from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..core.labels import CITIZEN_STATES
from ..core.paging import ListQuery
from ..core.qr import qr_svg
from ..privacy.access import get_or_404, role_required
from ..privacy.audit import record_view
from .forms import CONSENT_TEXTS, CONSENT_VERSION, CitizenForm, LEGAL_BASES, ProfileForm, initial

bp = Blueprint("citizens", __name__, template_folder="templates", url_prefix="/citizens")


def next_external_id(db) -> str:
    """Return the next free id of the form C-0001 in this municipality."""
    ids = db.exec(select(Citizen.external_id).where(Citizen.external_id.like("C-%"))).all()
    numbers = [int(i[2:]) for i in ids if i[2:].isdigit()]
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


def citizen_state(citizen_id):
    """The state of the citizen with the id column ``citizen_id``, as a column: matched,
    proposed, draft or waiting. A live match wins over a holding proposal, a sent one over
    a draft."""
    def holding(status):
        return select(Proposal.id).where(Proposal.citizen_id == citizen_id,
                                         Proposal.status == status).exists()
    matched = select(Match.id).where(Match.citizen_id == citizen_id,
                                     Match.status.in_(MatchStatus.LIVE)).exists()
    return case((matched, "matched"), (holding(ProposalStatus.OPEN), "proposed"),
                (holding(ProposalStatus.DRAFT), "draft"), else_="waiting")


def _list(searched: bool) -> ListQuery:
    """The list in name order, searched by name, id or town or not; each row with its state."""
    query = select(Citizen.id, Citizen.name, Citizen.external_id, Citizen.town,
                   Citizen.legal_basis).order_by(Citizen.name, Citizen.id)
    if searched:
        like = bindparam("like")
        query = query.where(or_(Citizen.name.ilike(like), Citizen.external_id.ilike(like),
                                Citizen.town.ilike(like)))
    return ListQuery(query, wrap=lambda rows: select(
        rows, citizen_state(rows.c.id).label("state")).order_by(rows.c.name, rows.c.id))


LISTS = {searched: _list(searched) for searched in (False, True)}


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """List the young people 50 a page, optionally searched by name, id or town (two queries:
    the count, and the page's rows with each one's state)."""
    q = request.args.get("q", "").strip()[:100]
    page = LISTS[bool(q)].page(get_session(), {"like": f"%{q}%"} if q else None)
    return render_template("citizens/index.html", citizens=page.items, q=q, page=page,
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


def _recorder(db, citizen: Citizen):
    """Return who recorded the legal basis (one query), or None."""
    if citizen.consent_recorded_by_id is None:
        return None
    return db.get(User, citizen.consent_recorded_by_id)


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
    """Show a citizen's matching profile."""
    citizen = get_or_404(Citizen, citizen_id)
    record_view(get_session(), obj=citizen)
    return render_template(
        "citizens/detail.html", citizen=citizen, form=ConfirmForm(), legal_bases=LEGAL_BASES,
        recorder=_recorder(get_session(), citizen),
    )


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
        return render_template("citizens/detail.html", citizen=citizen, form=form,
                               legal_bases=LEGAL_BASES), 400
    db = get_session()
    user = ensure_account(db, citizen)
    token = make_login_token(db, user, current_user)
    db.commit()
    link = url_for("auth.link_login", token=token, _external=True)
    return render_template(
        "citizens/link.html", citizen=citizen, link=link, qr=qr_svg(link),
        message=_("The link works once and expires in %(h)d hours.",
                  h=current_app.config["CITIZEN_LINK_HOURS"]),
    )
