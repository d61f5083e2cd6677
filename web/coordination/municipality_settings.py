"""The admin's settings for one municipality: its accessibility statement and its own login
for staff (an OpenID Connect identity provider, e.g. the municipality's Entra ID)."""
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, URLField
from wtforms.validators import Length, Optional, URL, ValidationError

from models import Municipality, MunicipalLogin, Role, utcnow

from ..accounts.external_logins import callback_url
from ..accounts.oidc import encrypt_secret
from ..core import accessibility
from ..core.db import get_session
from ..privacy.access import role_required

bp = Blueprint("municipality_settings", __name__, template_folder="templates",
               url_prefix="/admin/municipalities")
ADDRESS = _l("Write a whole address starting with https://.")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _https(form, field):
    """Accept only https addresses: the statement and the login are public and must be secure."""
    if field.data and not field.data.lower().startswith("https://"):
        raise ValidationError(ADDRESS)


def _https_or_loopback(form, field):
    """An identity provider is reached over https; plain http only on this machine (tests)."""
    parts = urlsplit(field.data or "")
    if field.data and parts.scheme != "https" and parts.hostname not in LOOPBACK:
        raise ValidationError(ADDRESS)


class SettingsForm(FlaskForm):
    """The statement's address and the identity provider's client registration."""

    accessibility_url = URLField(_l("Address of the accessibility statement"), validators=[
        Optional(), Length(max=500), URL(message=ADDRESS), _https])
    issuer = StringField(_l("Issuer (the identity provider's address)"), validators=[
        Optional(), Length(max=300), URL(require_tld=False, message=ADDRESS), _https_or_loopback])
    client_id = StringField(_l("Client ID"), validators=[Optional(), Length(max=255)])
    client_secret = PasswordField(_l("Client secret"), validators=[Optional(), Length(max=500)])
    enabled = BooleanField(_l("Staff can log in with this login"), default=True)

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then that an issuer has a client id and a client id an issuer."""
        ok = super().validate(extra_validators)
        if bool((self.client_id.data or "").strip()) != bool((self.issuer.data or "").strip()):
            self.client_id.errors = [*self.client_id.errors,
                                     _("Fill in both the issuer and the client ID, or neither.")]
            return False
        return ok


def _municipality(municipality_id: int) -> Municipality:
    """The municipality by id, or 404."""
    found = get_session().get(Municipality, municipality_id)
    if found is None:
        abort(404)
    return found


@bp.route("/<int:municipality_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit(municipality_id):
    """Show and change one municipality's accessibility statement and staff login."""
    db = get_session()
    municipality = _municipality(municipality_id)
    login = db.get(MunicipalLogin, municipality_id)
    form = SettingsForm(data={
        "accessibility_url": municipality.accessibility_url or "",
        "issuer": login.issuer if login else "", "client_id": login.client_id if login else "",
        "enabled": login.enabled if login else True})
    if form.validate_on_submit():
        municipality.accessibility_url = (form.accessibility_url.data or "").strip() or None
        _save_login(db, municipality_id, login, form)
        db.commit()
        accessibility.forget()
        flash(_("The settings for %(name)s are saved.", name=municipality.name))
        return redirect(url_for("municipality_settings.edit", municipality_id=municipality_id))
    return render_template("admin/municipality.html", form=form, municipality=municipality,
                           login=login, callback=callback_url()), 400 if form.errors else 200


def _save_login(db, municipality_id: int, login, form) -> None:
    """Create, change or remove the municipality's identity provider; a blank secret keeps
    the stored one."""
    issuer, client_id = (form.issuer.data or "").strip(), (form.client_id.data or "").strip()
    if not issuer:
        if login is not None:
            db.delete(login)
        return
    if login is None:
        login = MunicipalLogin(municipality_id=municipality_id, issuer=issuer, client_id=client_id)
        db.add(login)
    login.issuer, login.client_id, login.enabled = issuer, client_id, form.enabled.data
    if form.client_secret.data:
        login.client_secret_encrypted = encrypt_secret(form.client_secret.data)
    login.updated_at = utcnow()
