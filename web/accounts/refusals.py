"""Why a sign-in with MitID or a municipality's login was refused, in words a person reads."""
import logging

from flask import render_template
from flask_babel import lazy_gettext as _l

log = logging.getLogger(__name__)

# Why a sign-in was refused, in words, and the status the page is sent with.
REFUSALS = {
    "state": (_l("The login could not be finished: it was not started in this browser, or "
                 "the same answer came back twice. Start again."), 400),
    "timeout": (_l("The login took too long. Start again."), 400),
    "cancelled": (_l("The login was cancelled. Nothing has changed."), 400),
    "provider": (_l("The login service did not accept the login. Start again from the "
                    "beginning."), 400),
    "token": (_l("The answer from the login service could not be trusted, so you are not "
                 "logged in. Start again; if it keeps happening, tell the job centre."), 400),
    "unavailable": (_l("The login service does not answer right now. Try again in a "
                       "moment."), 503),
    "misconfigured": (_l("This login is not set up correctly. Tell the job centre."), 503),
    "unknown_mitid": (_l("Your MitID is not connected to Rollemodel yet. Log in once with the "
                         "link from your coordinator, then choose \"Use MitID next time\" on "
                         "your page."), 403),
    "unknown_staff": (_l("Your municipality's login worked, but Rollemodel does not know this "
                         "login. Log in once with your e-mail and password and connect it "
                         "under \"Ways to log in\", or ask your administrator."), 403),
    "other_municipality": (_l("This login belongs to an account in another municipality. "
                              "Use the login of the municipality you work for."), 403),
    "disabled": (_l("This account is switched off. Ask your coordinator or administrator."),
                 403),
    "taken": (_l("This login is already connected to another account in Rollemodel."), 409),
    "not_allowed": (_l("This login cannot be used for your account."), 403),
}


def refused(reason: str, detail: str = ""):
    """Show why a sign-in did not work; log the reason, never the subject."""
    log.warning("Sign-in refused: %s %s", reason, detail)
    message, status = REFUSALS[reason]
    return render_template("auth/oidc_refused.html", message=message, reason=reason), status
