"""The fund's yearly budget, set by the coordinator, and what it was spent on, by purpose and month."""
from babel.dates import get_month_names
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_number, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from models import FUND_PURPOSES, Role, today, utcnow
from models import fund as fund_rules

from ..core.db import get_session
from ..core.numbers import as_number
from ..privacy.access import role_required
from .forms import BudgetForm

bp = Blueprint("fund_budget", __name__, template_folder="templates", url_prefix="/fund/budget")


def _year() -> int:
    """The year asked for in the address, or this year."""
    value = request.args.get("year", "")
    return as_number(value, 2000, 2100) or today().year


def _tables(rows) -> tuple[list, list]:
    """Sum the grouped rows into (purpose, count, kroner) and (month, count, kroner), every
    purpose and month listed, empty ones as zero."""
    purposes = {p: [0, 0] for p in FUND_PURPOSES}
    months = {m: [0, 0] for m in range(1, 13)}
    for purpose, month, count, amount in rows:
        for bucket in (purposes.setdefault(purpose, [0, 0]), months[int(month)]):
            bucket[0] += count
            bucket[1] += amount
    names = get_month_names("wide", locale=str(get_locale()))
    return ([(p, *v) for p, v in purposes.items()],
            [(names[m], *v) for m, v in months.items()])


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def index():
    """Show a year's budget, spending per purpose and per month and what is left; set the budget."""
    db = get_session()
    year = _year()
    current = today().year
    form = BudgetForm()
    if form.validate_on_submit():
        year = form.year.data
        totals = fund_rules.totals(db, year, current, lock=True)
        if form.amount.data < totals.approved + totals.pending:
            form.amount.errors = [_(
                "%(sum)s kr. is already approved or waiting for an answer in %(year)d: the "
                "budget cannot be less.", sum=format_number(totals.approved + totals.pending),
                year=year)]
        else:
            fund_rules.set_budget(db, municipality_id=current_user.municipality_id, year=year,
                                  amount=form.amount.data, by_id=current_user.id, at=utcnow())
            db.commit()
            flash(_("The budget for %(year)d is saved.", year=year))
            return redirect(url_for("fund_budget.index", year=year))
    totals = fund_rules.totals(db, year, current)
    if not form.is_submitted():
        form.year.data, form.amount.data = year, totals.budget
    by_purpose, by_month = _tables(fund_rules.spending(db, year))
    return render_template(
        "fund/budget.html", form=form, year=year, current=current, totals=totals,
        by_purpose=by_purpose, by_month=by_month,
    ), 400 if form.errors else 200
