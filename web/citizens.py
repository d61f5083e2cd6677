"""A coordinator's view of one young citizen, and their login link."""
import io

import qrcode
import qrcode.image.svg
from flask import Blueprint, current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from models import Citizen, Role, User

from .access import get_or_404, role_required
from .auth import ConfirmForm, make_login_token
from .db import get_session

bp = Blueprint("citizens", __name__, url_prefix="/citizens")


def qr_svg(data: str) -> Markup:
    """Render ``data`` as an inline SVG QR code."""
    img = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = io.BytesIO()
    img.save(buf)
    svg = buf.getvalue().decode()
    return Markup(svg[svg.index("<svg"):])


@bp.route("/<int:citizen_id>")
@role_required(Role.COORDINATOR)
def detail(citizen_id):
    """Show a citizen's matching profile."""
    citizen = get_or_404(Citizen, citizen_id)
    return render_template("citizens/detail.html", citizen=citizen, form=ConfirmForm())


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
        return render_template("citizens/detail.html", citizen=citizen, form=form), 400
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
