"""The coordinator's page "How suggestions are chosen": the model in use and since when, how
often young people chose the first, second or third suggestion or none, what the hold-out says
against the prior, the starting point, and when the next retraining is. No personal data:
counts only, and counts under 5 are hidden."""
from datetime import datetime

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import func, select

from models import Municipality, Proposal, ProposalOption, ProposalStatus, Role

from ..coordination.charts import bars
from ..core.db import get_session
from ..privacy.access import role_required
from . import engine, learning

bp = Blueprint("suggestion_model", __name__, template_folder="templates",
               url_prefix="/proposals/how")
HIDE_UNDER = 5


def choice_counts(db) -> dict:
    """Count decided proposals by the position of the chosen option, and those with none
    chosen (two grouped queries)."""
    by_position = dict(db.exec(
        select(ProposalOption.position, func.count())
        .join(Proposal, Proposal.id == ProposalOption.proposal_id)
        .where(Proposal.chosen_volunteer_id == ProposalOption.volunteer_id)
        .group_by(ProposalOption.position)).all())
    none = db.exec(select(func.count()).select_from(Proposal)
                   .where(Proposal.status == ProposalStatus.DECLINED)).one()
    return {"first": by_position.get(0, 0), "second": by_position.get(1, 0),
            "third": by_position.get(2, 0), "none": int(none)}


def _moment(text):
    """Read an ISO moment from the status file (None when missing)."""
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """The page in plain words, with a small chart."""
    db = get_session()
    town = db.get(Municipality, current_user.municipality_id)
    model = engine.load_model(town.slug)
    status = learning.read_status(town.slug)
    counts = choice_counts(db)
    total = sum(counts.values())
    labels = {"first": _("Chose the first"), "second": _("Chose the second"),
              "third": _("Chose the third"), "none": _("Chose none")}
    rows = [(labels[k], (round(100 * n / total) if total and n >= HIDE_UNDER else None)
             if total else 0) for k, n in counts.items()]
    chart = bars("choices", _("Which suggestion young people chose"), rows, maximum=100,
                 unit=" %")
    last = status.get("last") or {}
    return render_template(
        "model/index.html", model=model, status=status, last=last, counts=counts, total=total,
        rows=rows, chart=chart, hide_under=HIDE_UNDER,
        in_use_since=_moment(status.get("in_use_since")),
        next_retrain=_moment(status.get("next_retrain")),
        checked_at=_moment(status.get("checked_at")),
        starting=(status.get("starting_point") or {"kind": "prior"}))
