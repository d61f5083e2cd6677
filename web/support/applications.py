"""The fund (puljen), as the coordinator sees it: applications waiting, answered, and answering.

An application shows the role model, the purpose, the amount and the activity in their words;
it is tied to no match, so nothing in these pages leads to a young person.
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import bindparam
from sqlmodel import func, select

from models import FundApplication, FundStatus, Role, Volunteer, today, utcnow
from models import fund as fund_rules

from ..core.db import get_session
from ..core.formatting import day_words
from ..core.labels import FUND_PURPOSES as PURPOSES
from ..core.paging import ListQuery
from ..privacy.access import get_or_404, role_required
from ..scheduling import messages
from .forms import DecisionForm

bp = Blueprint("fund_applications", __name__, template_folder="templates",
               url_prefix="/fund/applications")

COLUMNS = (FundApplication.id, FundApplication.purpose, FundApplication.amount,
           FundApplication.status, FundApplication.created_at, FundApplication.decided_on,
           Volunteer.name)
_LISTED = select(*COLUMNS).join(Volunteer, Volunteer.id == FundApplication.volunteer_id)
# Waiting ones oldest first (the next to answer on top); answered ones newest first.
ONE_STATUS = {
    FundStatus.PENDING: ListQuery(_LISTED.where(FundApplication.status == bindparam("status"))
                                  .order_by(FundApplication.created_at, FundApplication.id)),
    "answered": ListQuery(_LISTED.where(FundApplication.status == bindparam("status"))
                          .order_by(FundApplication.created_at.desc(), FundApplication.id.desc())),
}
COUNTS = select(FundApplication.status, func.count()).group_by(FundApplication.status)


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """List the applications of one status, 50 a page, with how many there are of each."""
    db = get_session()
    status = request.args.get("status", FundStatus.PENDING)
    if status not in FundStatus.ALL:
        status = FundStatus.PENDING
    counts = dict(db.exec(COUNTS).all())
    query = ONE_STATUS[FundStatus.PENDING if status == FundStatus.PENDING else "answered"]
    page = query.page(db, {"status": status}, total=counts.get(status, 0))
    return render_template("fund/applications.html", page=page, status=status, counts=counts,
                           day=day_words(), purposes={k: str(v) for k, v in PURPOSES.items()},
                           kr_format=_("%(amount)s kr."))  # translated once, filled in per row


def _render(application, form, status=200):
    """One application with the year's figures and, while it waits, the answer form."""
    db = get_session()
    volunteer = get_or_404(Volunteer, application.volunteer_id)
    year = today().year
    return render_template(
        "fund/application.html", a=application, volunteer=volunteer, form=form, year=year,
        totals=fund_rules.totals(db, year, year),
    ), status


@bp.route("/<int:application_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def show(application_id):
    """Read one application and approve or decline it, with an optional message."""
    application = get_or_404(FundApplication, application_id)
    form = DecisionForm()
    if not form.is_submitted():
        return _render(application, form)
    if application.status != FundStatus.PENDING:
        flash(_("This application has already been answered."))
        return redirect(url_for("fund_applications.show", application_id=application.id))
    if not form.validate_on_submit():
        return _render(application, form, 400)
    db = get_session()
    approve = form.decision.data == "approve"
    year = today().year
    totals = fund_rules.totals(db, year, year, lock=True)
    if approve and (not totals.budget or totals.left < 0):
        form.decision.errors = [_("The fund's budget for %(year)d is set too low for this "
                                  "amount. Change the budget first, or decline.", year=year)
                                if totals.budget else
                                _("Set the fund's budget for %(year)d first.", year=year)]
        return _render(application, form, 400)
    fund_rules.decide(application, approve=approve, by_id=current_user.id,
                      message=form.message.data or "", at=utcnow(), on=today())
    messages.notify_fund_decided(db, application)
    db.commit()
    flash(_("The application is approved. The role model gets a message.") if approve else
          _("The application is declined. The role model gets a message."))
    return redirect(url_for("fund_applications.index"))
