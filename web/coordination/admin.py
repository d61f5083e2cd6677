"""The admin's pages: municipalities and coordinator accounts."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlmodel import func, select
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Regexp, ValidationError

from models import Citizen, Municipality, Role, User, Volunteer

from ..accounts.password_links import has_been_used, mail_link, make_link
from ..core.forms import ConfirmForm
from ..core.db import get_session
from ..privacy.access import role_required

bp = Blueprint("admin", __name__, template_folder="templates", url_prefix="/admin")


class MunicipalityForm(FlaskForm):
    """A new municipality."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(
        _l("Short name for addresses"),
        validators=[
            DataRequired(),
            Length(max=60),
            Regexp(r"^[a-z0-9-]+$", message=_l("Use lower-case letters a-z, digits and dashes.")),
        ],
    )

    def validate_slug(self, field):
        """Refuse a short name that is already taken."""
        if get_session().exec(select(Municipality).where(Municipality.slug == field.data)).first():
            raise ValidationError(_("That short name is already used."))


class CoordinatorForm(FlaskForm):
    """A new coordinator account."""

    municipality = SelectField(_l("Municipality"), coerce=int)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])

    def validate_email(self, field):
        """Refuse an e-mail address that already has an account."""
        email = field.data.strip().lower()
        if get_session().exec(select(User).where(User.email == email)).first():
            raise ValidationError(_("That e-mail already has an account."))



def _counts(db, model) -> dict[int, int]:
    """Count rows of ``model`` per municipality in one query."""
    return dict(db.exec(
        select(model.municipality_id, func.count()).group_by(model.municipality_id)
    ).all())


def _render_index(m_form=None, c_form=None, status=200):
    """Render the admin page, keeping a submitted form and its errors."""
    db = get_session()
    municipalities = db.exec(select(Municipality).order_by(Municipality.name)).all()
    c_form = c_form or CoordinatorForm(prefix="c")
    c_form.municipality.choices = [(m.id, m.name) for m in municipalities]
    coordinators = db.exec(
        select(User).where(User.role == Role.COORDINATOR).order_by(User.name)
    ).all()
    return render_template(
        "admin/index.html",
        municipalities=municipalities,
        coordinators=coordinators,
        not_yet={u.id for u in coordinators if not has_been_used(u)},
        confirm=ConfirmForm(),
        volunteer_counts=_counts(db, Volunteer),
        citizen_counts=_counts(db, Citizen),
        m_form=m_form or MunicipalityForm(prefix="m"),
        c_form=c_form,
    ), status


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    """List municipalities with their coordinators, and the forms to add more."""
    return _render_index()


@bp.route("/municipalities", methods=["POST"])
@role_required(Role.ADMIN)
def add_municipality():
    """Create a municipality."""
    m_form = MunicipalityForm(prefix="m")
    if not m_form.validate_on_submit():
        return _render_index(m_form=m_form, status=400)
    db = get_session()
    db.add(Municipality(name=m_form.name.data.strip(), slug=m_form.slug.data))
    db.commit()
    flash(_("Municipality %(name)s created.", name=m_form.name.data))
    return redirect(url_for("admin.index"))


@bp.route("/coordinators", methods=["POST"])
@role_required(Role.ADMIN)
def add_coordinator():
    """Create a coordinator account in a municipality."""
    c_form = CoordinatorForm(prefix="c")
    c_form.municipality.choices = [
        (m.id, m.name) for m in get_session().exec(select(Municipality)).all()
    ]
    if not c_form.validate_on_submit():
        return _render_index(c_form=c_form, status=400)
    db = get_session()
    user = User(municipality_id=c_form.municipality.data, role=Role.COORDINATOR,
                name=c_form.name.data.strip(), email=c_form.email.data.strip().lower())
    db.add(user)
    db.flush()
    _invite(db, user)
    flash(_("Account for %(name)s created. An e-mail with a link to choose a password has been "
            "sent to %(e)s.", name=user.name, e=user.email))
    return redirect(url_for("admin.index"))


def _invite(db, user: User) -> None:
    """Mail a new coordinator the link to choose their first password (never shown here)."""
    link = make_link(db, user, current_user)
    db.commit()
    mail_link(user, link, db.get(Municipality, user.municipality_id).name)


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@role_required(Role.ADMIN)
def invite_again(user_id):
    """Send a coordinator who never chose a password a new link (the old one stops working)."""
    db = get_session()
    user = db.get(User, user_id)
    if user is None or user.role != Role.COORDINATOR or has_been_used(user) or not user.is_active:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    _invite(db, user)
    flash(_("A new link has been sent to %(e)s.", e=user.email))
    return redirect(url_for("admin.index"))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@role_required(Role.ADMIN)
def toggle_active(user_id):
    """Disable an account (ending all its sessions) or enable it again."""
    db = get_session()
    user = db.get(User, user_id)
    if user is None or user.role == Role.ADMIN:
        abort(404)
    user.is_active = not user.is_active
    user.session_version += 1
    db.commit()
    flash(_("The account is enabled.") if user.is_active else _("The account is disabled."))
    return redirect(url_for("admin.index"))
