"""The fund (puljen), as a role model sees it: apply for a small amount, follow the answer.

An application says what the money is for, how much and what the activity is — never who the
young person is: it belongs to the role model, not to the pair, and the form refuses the young
person's name, a CPR-like number, a phone number or an e-mail address in the description.
"""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from sqlmodel import select

from models import FundApplication, FundStatus, Role, today
from models import fund as fund_rules

from ..accounts.own_profile import current_volunteer
from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..privacy.access import get_or_404, role_required
from ..scheduling import messages
from .forms import FundForm

bp = Blueprint("fund", __name__, template_folder="templates", url_prefix="/fund")
MINE_SHOWN = 50  # a role model's own applications listed, newest first

DETAIL_WORDS = {
    "cpr": lambda found: _("Leave out “%(found)s”: it looks like a CPR number.", found=found),
    "email": lambda found: _("Leave out the e-mail address “%(found)s”.", found=found),
    "phone": lambda found: _("Leave out the phone number “%(found)s”.", found=found),
    "name": lambda found: _("Leave out “%(found)s”: do not name your young person.", found=found),
}


def _mine(db, volunteer_id: int) -> list[FundApplication]:
    """The volunteer's own applications, newest first (one query)."""
    return db.exec(select(FundApplication).where(FundApplication.volunteer_id == volunteer_id)
                   .order_by(FundApplication.created_at.desc(), FundApplication.id.desc())
                   .limit(MINE_SHOWN)).all()


def _check(db, form: FundForm, volunteer) -> fund_rules.Totals | None:
    """Check what only the service knows (a pair, personal details, what is left), adding
    errors to the form; return the locked year's totals when the application may be made."""
    if not fund_rules.has_young_person(db, volunteer.id):
        form.purpose.errors = [_("You can apply when you have a young person.")]
        return None
    found = fund_rules.personal_detail(form.description.data,
                                       fund_rules.young_people_names(db, volunteer.id))
    if found:
        form.description.errors = [DETAIL_WORDS[found[0]](found[1]) + " " + _(
            "The application must not say who your young person is or anything about them.")]
        return None
    year = today().year
    totals = fund_rules.totals(db, year, year, lock=True)
    why = fund_rules.refusal(totals, form.amount.data)
    if why == "closed":
        form.amount.errors = [_("The fund has no budget for %(year)d yet, so you cannot apply "
                                "right now. Ask your coordinator.", year=year)]
    elif why == "over":
        form.amount.errors = [_("There is only %(left)s kr. left in the fund this year. Apply for "
                                "that or less, or ask your coordinator.",
                                left=format_number(max(totals.left, 0)))]
    return None if why else totals


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER)
def index():
    """Explain the fund, take an application and list my own with their answers."""
    db = get_session()
    volunteer = current_volunteer()
    form = FundForm()
    if form.validate_on_submit() and _check(db, form, volunteer):
        application = FundApplication(
            volunteer_id=volunteer.id, purpose=form.purpose.data, amount=form.amount.data,
            description=" ".join(form.description.data.split()))
        db.add(application)
        db.flush()
        messages.notify_fund_applied(db, application)
        db.commit()
        flash(_("Your application is sent. You will get a message when your coordinator has "
                "answered."))
        return redirect(url_for("fund.index"))
    year = today().year
    return render_template(
        "fund/index.html", form=form, year=year, totals=fund_rules.totals(db, year, year),
        has_pair=fund_rules.has_young_person(db, volunteer.id), mine=_mine(db, volunteer.id),
        confirm=ConfirmForm(),
    ), 400 if form.errors else 200


@bp.route("/<int:application_id>/withdraw", methods=["POST"])
@role_required(Role.VOLUNTEER)
def withdraw(application_id):
    """Withdraw one of my applications while it waits for an answer."""
    application = get_or_404(FundApplication, application_id)
    if application.volunteer_id != current_volunteer().id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if application.status == FundStatus.PENDING:
        application.status = FundStatus.WITHDRAWN
        get_session().commit()
        flash(_("Your application is withdrawn."))
    return redirect(url_for("fund.index"))
