"""Reports for the municipality: charts on the page and a CSV download for each."""
import csv
import io
from dataclasses import dataclass, field

from flask import Blueprint, Response, abort, render_template
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from models import Role

from . import charts, labels
from . import report_data as data
from .access import role_required
from .db import get_session

bp = Blueprint("reports", __name__, url_prefix="/reports")


@dataclass
class Table:
    """One report as a table: a title, column names and rows (None marks a hidden cell)."""

    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: Markup | None = None
    note: str = ""


def _month(d) -> str:
    """Name a month the way the reader's language does."""
    return format_date(d, "MMM y")


def funnel(db) -> Table:
    """The recruitment funnel."""
    rows = [[labels.STAGES[s], n] for s, n in data.funnel(db)]
    t = Table(_("Recruitment: how many reached each step"), [_("Step"), _("Role models")], rows)
    t.chart = charts.bars("funnel", t.title, rows)
    return t


def active(db) -> Table:
    """Active pairs per month."""
    rows = [[_month(m), n] for m, n in data.active_pairs(db)]
    t = Table(_("Pairs going, month by month"), [_("Month"), _("Pairs")], rows)
    t.chart = charts.bars("active", t.title, rows)
    return t


def survival(db) -> Table:
    """How long matches last (Kaplan-Meier)."""
    t = Table(_("How long matches last"),
              [_("Days since the start"), _("Share still going (%)"), _("Matches followed")])
    curve = data.survival(db)
    if curve is None:
        t.note = _("Shown when there are at least 5 matches.")
        return t
    t.rows = [[d, round(p * 100, 1), n] for d, p, n in
              zip(curve.days, curve.surviving, curve.at_risk)]
    t.chart = charts.steps("survival", t.title, curve.days, curve.surviving, _("days"))
    t.note = (_("Half of the matches have ended after %(n)d days.", n=curve.median_days)
              if curve.median_days else _("More than half of the matches are still going."))
    return t


def rhythm(db) -> Table:
    """Share of pairs meeting at least every 14 days."""
    rows = [[_month(m), pct, n] for m, pct, n in data.rhythm(db)]
    t = Table(_("Pairs meeting at least every 14 days"),
              [_("Month"), _("Share (%)"), _("Pairs going all month")], rows)
    t.chart = charts.bars("rhythm", t.title, [[r[0], r[1]] for r in rows], maximum=100,
                          unit=" %")
    return t


def attendance(db) -> Table:
    """Learning meeting attendance."""
    rows = [[f"{format_date(e.starts_at)} {e.title}", inv, yes, came]
            for e, inv, yes, came in data.attendance(db)]
    t = Table(_("Learning meetings: who came"),
              [_("Learning meeting"), _("Invited"), _("Said yes"), _("Came")], rows)
    t.chart = charts.bars("attendance", t.title, [[r[0], r[3]] for r in rows])
    return t


def reasons(db) -> Table:
    """Why matches ended."""
    rows = [[labels.END_REASONS[r], n] for r, n in data.end_reasons(db)]
    t = Table(_("Why matches ended"), [_("Reason"), _("Matches")], rows)
    t.chart = charts.bars("reasons", t.title, rows)
    return t


REPORTS = {"funnel": funnel, "active": active, "survival": survival, "rhythm": rhythm,
           "attendance": attendance, "reasons": reasons}


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """Show every report with its chart and table."""
    db = get_session()
    tables = {name: build(db) for name, build in REPORTS.items()}
    return render_template("reports/index.html", tables=tables, headline=data.headline(db))


@bp.route("/<name>.csv")
@role_required(Role.COORDINATOR)
def download(name):
    """Download one report as CSV (hidden cells say "fewer than 5")."""
    if name not in REPORTS and name != "headline":
        abort(404)
    db = get_session()
    if name == "headline":
        h = data.headline(db)
        table = Table(_("Matches still going"), [_("Still going"), _("All matches")],
                      [[h["live"], h["total"]]])
    else:
        table = REPORTS[name](db)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    hidden = _("fewer than 5")
    for row in table.rows:
        writer.writerow([hidden if cell is None else cell for cell in row])
    return Response(
        "\ufeff" + out.getvalue(),  # the byte-order mark makes spreadsheets read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=rollemodel-{name}.csv"},
    )
