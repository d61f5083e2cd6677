"""The coordinator's page for supporting the volunteers: the fund, topics, the first meeting."""
from flask import Blueprint, render_template
from flask_login import current_user
from sqlmodel import func, select

from models import FundApplication, FundStatus, Municipality, Role, Volunteer, today
from models import fund as fund_rules
from models import topics as topic_rules

from ..core.db import get_session
from ..privacy.access import role_required

bp = Blueprint("support", __name__, template_folder="templates")
WAITING_SHOWN = 5  # oldest waiting applications listed here
TOPICS_SHOWN = 5  # most wanted topics listed here

WAITING = (select(FundApplication.id, FundApplication.purpose, FundApplication.amount,
                  FundApplication.created_at, Volunteer.name,
                  func.count().over().label("total"))
           .join(Volunteer, Volunteer.id == FundApplication.volunteer_id)
           .where(FundApplication.status == FundStatus.PENDING)
           .order_by(FundApplication.created_at, FundApplication.id).limit(WAITING_SHOWN))


@bp.route("/support")
@role_required(Role.COORDINATOR)
def index():
    """Show what waits in the fund, what is left, the most wanted topics and the coffee offer."""
    db = get_session()
    year = today().year
    waiting = db.exec(WAITING).all()
    return render_template(
        "support/index.html", waiting=waiting, waiting_count=waiting[0].total if waiting else 0,
        year=year, totals=fund_rules.totals(db, year, year),
        topics=topic_rules.most_wanted(db, TOPICS_SHOWN),
        town=db.get(Municipality, current_user.municipality_id),
    )
