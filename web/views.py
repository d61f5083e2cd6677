"""Registers every feature blueprint and the error pages."""
from flask import render_template
from flask_babel import gettext as _


def init_app(app) -> None:
    """Register blueprints and error handlers."""
    from . import admin, citizens, home, imports, labels, language
    from . import hotline, invites, meetings, pause, reports
    from . import admin_scheduler, calendar, invitations, notifications, scheduling
    from . import events, guides, photos, profile, screening, signup, volunteers, welcome
    from . import choose, matches, matching_cli, proposals
    from . import audit, errors, gdpr, reset, security, totp
    from . import menu, paging

    labels.init_app(app)
    menu.init_app(app)
    for module in (home, admin, citizens, imports, language,
                   meetings, hotline, invites, pause, reports,
                   scheduling, invitations, calendar, notifications, admin_scheduler,
                   signup, volunteers, guides, screening, photos, events, profile, welcome,
                   proposals, choose, matches, matching_cli,
                   audit, gdpr, reset, totp, paging):
        app.register_blueprint(module.bp)
    for code in (400, 403, 404, 405, 410, 413, 429, 500, 503):
        app.register_error_handler(code, _error_page)
    security.init_app(app)
    errors.init_app(app)
    audit.init_app(app)


def _error_page(err):
    """Show a plain error page in the user's language."""
    code = getattr(err, "code", 500) or 500
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

