"""Topics for learning meetings: volunteers suggest and vote, the coordinator plans from the list.

A topic leaves the open list when a learning meeting takes it up (ticked on the event's form,
``web/events``) and stays below as history. Votes are counted, never shown by name.
"""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import LearningTopic, Role, utcnow
from models import topics as topic_rules

from ..accounts.own_profile import current_volunteer
from ..core.db import get_session
from ..core.forms import ConfirmForm
from ..privacy.access import get_or_404, role_required
from .forms import TopicForm, VoteForm

bp = Blueprint("topics", __name__, template_folder="templates", url_prefix="/topics")


def _page(form=None, status=200):
    """The list of open and covered topics, for a volunteer (with their votes) or a coordinator."""
    db = get_session()
    volunteer = current_volunteer() if current_user.role == Role.VOLUNTEER else None
    return render_template(
        "topics/index.html", form=form or TopicForm(formdata=None), vote_form=VoteForm(),
        confirm=ConfirmForm(), volunteer=volunteer,
        open_topics=topic_rules.open_topics(db, volunteer.id if volunteer else None),
        covered=topic_rules.covered_topics(db), now=utcnow(),
    ), status


@bp.route("/")
@role_required(Role.VOLUNTEER, Role.COORDINATOR)
def index():
    """Show the topics volunteers wish for, most wanted first, and those already taken up."""
    return _page()


@bp.route("/suggest", methods=["POST"])
@role_required(Role.VOLUNTEER)
def suggest():
    """Add a topic with my vote (or vote for the same topic if someone asked already)."""
    volunteer = current_volunteer()
    form = TopicForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    db = get_session()
    _topic, new = topic_rules.suggest(db, volunteer_id=volunteer.id, title=form.title.data,
                                      details=form.details.data or "")
    db.commit()
    flash(_("Thank you. Your topic is on the list.") if new else
          _("Someone has already asked for that topic, so your vote went to it."))
    return redirect(url_for("topics.index"))


@bp.route("/<int:topic_id>/vote", methods=["POST"])
@role_required(Role.VOLUNTEER)
def vote(topic_id):
    """Give my one vote to an open topic, or take it back."""
    topic = get_or_404(LearningTopic, topic_id)
    volunteer = current_volunteer()
    form = VoteForm()
    if not form.validate_on_submit():
        abort(400)
    if topic.covered_by_event_id is not None or topic.removed_at is not None:
        flash(_("That topic is no longer open for votes."))
        return redirect(url_for("topics.index"))
    db = get_session()
    on = form.vote.data == "yes"
    topic_rules.vote(db, topic=topic, volunteer_id=volunteer.id, on=on)
    db.commit()
    flash(_("Your vote is counted.") if on else _("Your vote is taken back."))
    return redirect(url_for("topics.index", _anchor=f"topic-{topic.id}"))


@bp.route("/<int:topic_id>/remove", methods=["POST"])
@role_required(Role.COORDINATOR)
def remove(topic_id):
    """Take a topic off the list (a duplicate, or not one for a learning meeting)."""
    topic = get_or_404(LearningTopic, topic_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    topic_rules.remove(topic)
    get_session().commit()
    flash(_("The topic is taken off the list."))
    return redirect(url_for("topics.index"))
