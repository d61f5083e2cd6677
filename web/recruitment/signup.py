"""The public sign-up page where people offer to become role models (no login)."""
from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from wtforms import BooleanField, EmailField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from models import Municipality, set_tenant
from models.recruitment import record_signup
from models.towns import town_names

from ..core.db import get_session
from ..core.limits import limiter
from .forms import known_town, phone_number

bp = Blueprint("signup", __name__, template_folder="templates")
CONSENT_VERSION = "2026-1"


class SignupForm(FlaskForm):
    """Who wants to be a role model, and their consent to being stored."""

    name = StringField(_l("Your name"), validators=[
        InputRequired(_l("Write your name.")), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[
        InputRequired(_l("Write your e-mail address.")), Length(max=254),
        Email(_l("Write a whole e-mail address, like navn@eksempel.dk."))])
    phone = TelField(_l("Phone"), validators=[
        InputRequired(_l("Write your phone number, so we can call you.")), phone_number])
    town = StringField(_l("Town where you live"), validators=[
        InputRequired(_l("Write the town you live in.")), Length(max=120), known_town],
        render_kw={"list": "towns"})
    motivation = TextAreaField(_l("A few words on why you would like to be a role model"),
                               validators=[Optional(), Length(max=1000)])
    consent = BooleanField(validators=[
        DataRequired(_l("Tick the box, so we may keep your details."))])
    # A field people never see (hidden by CSS); robots fill it in.
    website = StringField(_l("Leave this field empty"))


def _municipality(slug: str) -> Municipality:
    """Find the municipality of the address and bind the session to it, or answer 404."""
    db = get_session()
    found = db.exec(select(Municipality).where(Municipality.slug == slug)).first()
    if found is None:
        abort(404)
    set_tenant(db, found.id)  # nobody is logged in: the address names the municipality
    return found


def _signup_form(municipality: Municipality) -> SignupForm:
    """The sign-up form with the municipality's consent text (holding what was posted)."""
    form = SignupForm()
    form.consent.label.text = _(
        "I agree that %(m)s job centre keeps my details to contact me about becoming a "
        "role model. I can take back my consent at any time.", m=municipality.name)
    return form


def _too_many(_limit):
    """The form again, with what was typed, when this address has signed up too often."""
    municipality = _municipality(request.view_args["slug"])
    form = _signup_form(municipality)
    form.name.errors = [_("Many sign-ups have come from this address. What you wrote is kept "
                          "here: try again in an hour.")]
    return make_response(render_template("signup/form.html", form=form,
                                         municipality=municipality, towns=town_names()), 429)


# Only a sign-up that went through counts: a form sent back for a typo does not.
@bp.route("/m/<slug>/bliv-rollemodel", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"], deduct_when=lambda r: r.status_code == 302,
               on_breach=_too_many)
def form(slug):
    """Show the sign-up form and save a sign-up."""
    municipality = _municipality(slug)
    form = _signup_form(municipality)
    if form.is_submitted() and form.website.data:
        return redirect(url_for("signup.thanks", slug=slug))  # a robot: pretend, save nothing
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("signup/form.html", form=form, municipality=municipality,
                               towns=town_names()), status
    _save(municipality, form)
    return redirect(url_for("signup.thanks", slug=slug))


def _save(municipality: Municipality, form: SignupForm) -> None:
    """Record the sign-up, retrying once if another sign-up took the same number."""
    fields = {
        "name": form.name.data.strip(), "email": form.email.data.strip().lower(),
        "phone": form.phone.data.strip(), "town": form.town.data.strip(),
        "motivation": (form.motivation.data or "").strip(),
    }
    db = get_session()
    for attempt in (1, 2):
        try:
            record_signup(session=db, municipality_id=municipality.id, fields=fields,
                          consent_version=CONSENT_VERSION)
            db.commit()
            return
        except IntegrityError:
            db.rollback()
            if attempt == 2:
                raise


@bp.route("/m/<slug>/bliv-rollemodel/tak")
def thanks(slug):
    """Thank the person and say what happens next."""
    return render_template("signup/thanks.html", municipality=_municipality(slug))
