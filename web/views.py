"""Registers every feature blueprint and the error pages."""
from flask import render_template
from flask_babel import gettext as _


def init_app(app) -> None:
    """Register blueprints and error handlers."""
    from . import scheduling
    from .accounts import (
        email_change, external_logins, language, oidc_login, password_links, reset, two_factor,
    )
    from .citizens import cli as citizens_cli
    from .citizens import finishing
    from .citizens import views as citizens
    from .coordination import admin, home, municipality_settings, reports
    from .core import accessibility, errors, labels, menu, paging, security
    from .events import answer_by_link, answer_on_page
    from .events import views as events
    from .followup import agreement, first_meeting, hotline, meetings, pause, voice
    from .imports import views as imports
    from .matching import choose, matches, proposals
    from .matching import cli as matching_cli
    from .matching import model_page
    from .matching import learning as matching_learning
    from .matching import reasons as matching_reasons
    from .privacy import audit, gdpr
    from .recruitment import confidentiality, guides, photos, profile, screening, signup, volunteers
    from .scheduling import calendar, preferences
    from .scheduling import admin as scheduling_admin
    from .support import applications, budget, fund, hub, topics

    labels.init_app(app)
    matching_reasons.init_app(app)
    matching_learning.init_app(app)
    accessibility.init_app(app)
    oidc_login.init_app(app)
    external_logins.init_app(app)
    menu.init_app(app)
    for module in (home, admin, citizens, finishing, citizens_cli, imports, language,
                   meetings, hotline, answer_on_page, pause, reports,
                   scheduling, answer_by_link, calendar, preferences, scheduling_admin,
                   signup, volunteers, guides, screening, photos, events, profile, password_links,
                   proposals, choose, matches, matching_cli, model_page,
                   audit, gdpr, reset, email_change, two_factor, paging, oidc_login, external_logins,
                   municipality_settings, accessibility,
                   confidentiality, first_meeting, hub, topics, fund, applications, budget,
                   voice, agreement):
        app.register_blueprint(module.bp)
    for code in (400, 403, 404, 405, 410, 413, 429, 500, 503):
        app.register_error_handler(code, _error_page)
    security.init_app(app)
    errors.init_app(app)
    audit.init_app(app)


def _error_page(err):
    """Show a plain error page in the user's language."""
    code = getattr(err, "code", 500) or 500
    if code == 429 and getattr(err, "response", None) is not None:
        return err.response  # a page of its own (the sign-up form keeps what was typed)
    titles = {
        403: _("You do not have access to this page."),
        404: _("The page was not found."),
        410: _("This link is no longer valid."),
        413: _("The file is too large."),
        429: _("Too many attempts. Wait a little and try again."),
        503: _("The service is busy right now. Try again in a moment; nothing was lost."),
    }
    title = titles.get(code, _("Something went wrong."))
    return render_template("error.html", code=code, title=title), code

