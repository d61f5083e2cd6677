"""Reports for the municipality: charts on the page and a CSV download for each.

The numbers are aggregates over the whole municipality, so each web process keeps
them for ``REPORT_CACHE_SECONDS`` (default 5 minutes; 0 turns the keeping off),
per municipality, and the page says when they were worked out. What is kept is the
numbers, not the page: the language of the page can differ between readers. The
CSV downloads use the same kept numbers as the page.
"""
import io
import threading
import time
from dataclasses import dataclass, field

from cachetools import TTLCache, cached
from flask import Blueprint, Response, abort, current_app, render_template
from flask_babel import format_date, format_time, to_user_timezone
from flask_babel import gettext as _
from markupsafe import Markup

from models import Role, utcnow

from ..core import csv_safe, labels
from ..core.formatting import day_words
from ..core.db import get_session
from ..privacy.access import role_required
from . import charts
from . import report_data as data

bp = Blueprint("reports", __name__, template_folder="templates", url_prefix="/reports")

CACHE_SECONDS = 300  # default for REPORT_CACHE_SECONDS
CACHE_MUNICIPALITIES = 256  # at most this many municipalities' numbers kept per process
_clock = time.monotonic  # the cache's clock; tests replace it to step past the lifetime
_setup = threading.Lock()


@bp.record_once
def _defaults(state) -> None:
    """Give the app the default lifetime of kept report numbers."""
    state.app.config.setdefault("REPORT_CACHE_SECONDS", CACHE_SECONDS)


def _keeper(app):
    """This app's function (municipality id, session) -> ReportData: worked out, or kept
    from an earlier view of the same municipality less than REPORT_CACHE_SECONDS ago.
    Made on first use, so each app (each test's too) has a cache of its own."""
    keeper = app.extensions.get("report_data")
    if keeper is None:
        with _setup:
            keeper = app.extensions.get("report_data")
            if keeper is None:
                seconds = app.config.get("REPORT_CACHE_SECONDS", CACHE_SECONDS)

                def work_out(municipality_id, db):
                    return data.compute(db)

                if seconds and seconds > 0:
                    cache = TTLCache(CACHE_MUNICIPALITIES, seconds, timer=lambda: _clock())
                    # The key is the municipality: numbers never cross the tenant wall. The
                    # condition lets a second thread wait for a computation under way.
                    keeper = cached(cache, key=lambda municipality_id, db: municipality_id,
                                    condition=threading.Condition())(work_out)
                else:
                    keeper = work_out
                app.extensions["report_data"] = keeper
    return keeper


def report_data(db) -> data.ReportData:
    """The numbers of every report for the session's municipality (kept for a while)."""
    municipality_id = db.info.get("tenant")
    if not isinstance(municipality_id, int):
        abort(403)  # reports belong to one municipality
    return _keeper(current_app)(municipality_id, db)


def _when(moment) -> dict:
    """When the numbers were worked out: the time, and the date when it was not today."""
    same_day = to_user_timezone(moment).date() == to_user_timezone(utcnow()).date()
    return {"time": format_time(moment, "HH:mm"),
            "date": None if same_day else day_words()(moment)}


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


def funnel(d: data.ReportData) -> Table:
    """The recruitment funnel."""
    rows = [[labels.STAGES[s], n] for s, n in d.funnel]
    t = Table(_("Recruitment: how many reached each step"), [_("Step"), _("Role models")], rows)
    t.chart = charts.bars("funnel", t.title, rows)
    return t


def active(d: data.ReportData) -> Table:
    """Active pairs per month."""
    rows = [[_month(m), n] for m, n in d.active]
    t = Table(_("Pairs going, month by month"), [_("Month"), _("Pairs")], rows)
    t.chart = charts.bars("active", t.title, rows)
    return t


def survival(d: data.ReportData) -> Table:
    """How long matches last (Kaplan-Meier)."""
    t = Table(_("How long matches last"),
              [_("Days since the start"), _("Share still going (%)"), _("Matches followed")])
    curve = d.survival
    if curve is None:
        t.note = _("Shown when there are at least 5 matches.")
        return t
    t.rows = [[d, round(p * 100, 1), n] for d, p, n in
              zip(curve.days, curve.surviving, curve.at_risk)]
    t.chart = charts.steps("survival", t.title, curve.days, curve.surviving, _("days"))
    t.note = (_("Half of the matches have ended after %(n)d days.", n=curve.median_days)
              if curve.median_days else _("More than half of the matches are still going."))
    return t


def rhythm(d: data.ReportData) -> Table:
    """Share of pairs meeting at least every 14 days."""
    rows = [[_month(m), pct, n] for m, pct, n in d.rhythm]
    t = Table(_("Pairs meeting at least every 14 days"),
              [_("Month"), _("Share (%)"), _("Pairs going all month")], rows)
    t.chart = charts.bars("rhythm", t.title, [[r[0], r[1]] for r in rows], maximum=100,
                          unit=" %")
    return t


def attendance(d: data.ReportData) -> Table:
    """Learning meeting attendance."""
    rows = [[f"{format_date(a.starts_at)} {a.title}", a.invited, a.said_yes, a.came]
            for a in d.attendance]
    t = Table(_("Learning meetings: who came"),
              [_("Learning meeting"), _("Invited"), _("Said yes"), _("Came")], rows)
    t.chart = charts.bars("attendance", t.title, [[r[0], r[3]] for r in rows])
    return t


def reasons(d: data.ReportData) -> Table:
    """Why matches ended."""
    rows = [[labels.END_REASONS[r], n] for r, n in d.reasons]
    t = Table(_("Why matches ended"), [_("Reason"), _("Matches")], rows)
    t.chart = charts.bars("reasons", t.title, rows)
    return t


def citizens(d: data.ReportData) -> Table:
    """Where the young people stand."""
    rows = [[labels.CITIZEN_STATES[s], n] for s, n in d.citizens]
    t = Table(_("Young people: where they stand"), [_("State"), _("Young people")], rows)
    t.chart = charts.bars("citizens", t.title, rows)
    return t


def finished(d: data.ReportData) -> Table:
    """Why young people finished."""
    rows = [[labels.FINISHED_REASONS[r], n] for r, n in d.finished]
    t = Table(_("Why young people finished"), [_("Reason"), _("Young people")], rows)
    t.chart = charts.bars("finished", t.title, rows)
    return t


def check_ins(d: data.ReportData) -> Table:
    """The young people's answers to *Hvordan går det?*: counts only, for everyone."""
    rows = [[labels.CHECK_IN_ANSWERS[a], n] for a, n in d.check_ins]
    t = Table(_("How are things going? The young people's answers"), [_("Answer"), _("Answers")],
              rows, note=_("Counted for the whole municipality. A young person's own answer is "
                           "theirs: you only see it when they share it with a request for "
                           "contact."))
    t.chart = charts.bars("check_ins", t.title, rows)
    return t


REPORTS = {"funnel": funnel, "active": active, "survival": survival, "rhythm": rhythm,
           "attendance": attendance, "reasons": reasons, "citizens": citizens,
           "finished": finished, "check_ins": check_ins}


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """Show every report with its chart and table."""
    d = report_data(get_session())
    tables = {name: build(d) for name, build in REPORTS.items()}
    return render_template("reports/index.html", tables=tables, headline=d.headline,
                           computed=_when(d.computed_at))


@bp.route("/<name>.csv")
@role_required(Role.COORDINATOR)
def download(name):
    """Download one report as CSV (hidden cells say "fewer than 5")."""
    if name not in REPORTS and name != "headline":
        abort(404)
    d = report_data(get_session())
    if name == "headline":
        h = d.headline
        table = Table(_("Matches still going"), [_("Still going"), _("All matches")],
                      [[h["live"], h["total"]]])
    else:
        table = REPORTS[name](d)
    out = io.StringIO()
    writer = csv_safe.writer(out)
    writer.writerow(table.columns)
    hidden = _("fewer than 5")
    for row in table.rows:
        writer.writerow([hidden if cell is None else cell for cell in row])
    return Response(
        "\ufeff" + out.getvalue(),  # the byte-order mark makes spreadsheets read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=rollemodel-{name}.csv"},
    )
