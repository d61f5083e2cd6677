"""The young person's voice after the choice, on their own page and the coordinator's.

- *Hvordan går det?* (``check_in``): one tap — good, so-so or not good — for the pair's current
  occasion (``models.voice``). The answer is the young person's: the role model's pages never
  read check-ins, and a coordinator sees only the municipality's counts (the reports), unless
  the young person shares this one answer with a request to talk.
- *Jeg vil gerne tale med en* (``talk``): a call-me request to the coordinators, with the time
  they promise to answer by, shown to the young person; coordinators see the open requests on
  their home and here, and mark them handled.
- *Jeg vil gerne have en anden rollemodel* (``switch``): the live match ends at once, with no
  reason asked and nothing held against anyone; the young person waits for new suggestions
  (the lifecycle's switch), the role model is told kindly that the match has ended, not why.
- *Døren står altid åben* (``again``): a young person who finished asks for a role model again
  and is back on the waiting list (the lifecycle's reopening); the coordinators are told.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from models import Citizen, Match, MatchStatus, Role, today, utcnow
from models import lifecycle
from models.voice import ANSWERS, CheckIn, ContactRequest, answer_by, answered, current_occasion

from ..core.db import get_session
from ..core.formatting import moment_words
from ..core.forms import ConfirmForm
from ..core.labels import CHECK_IN_ANSWERS
from ..privacy.access import get_or_404, role_required
from ..scheduling import messages

bp = Blueprint("voice", __name__, template_folder="templates")
HANDLED_SHOWN = 30


def _me():
    """The logged-in young person and their live match (or None)."""
    db = get_session()
    citizen = db.exec(select(Citizen).where(Citizen.user_id == current_user.id)).first()
    if citizen is None:
        abort(404)
    match = db.exec(select(Match).where(Match.citizen_id == citizen.id,
                                        Match.status.in_(MatchStatus.LIVE))).first()
    return citizen, match


def open_request(db, citizen_id: int, kind: str = "talk") -> ContactRequest | None:
    """The young person's request of ``kind`` not yet handled, if any."""
    return db.exec(select(ContactRequest).where(
        ContactRequest.citizen_id == citizen_id, ContactRequest.kind == kind,
        ContactRequest.handled_at.is_(None))).first()


def check_in_due(db, match: Match | None):
    """The occasion the young person may answer now and their answer to it (or None, None)."""
    if match is None or match.status != MatchStatus.ACTIVE:
        return None, None
    occasion = current_occasion(match.started_on, today())
    return occasion, answered(db, match.id, occasion.key) if occasion else None


@bp.route("/check-in", methods=["GET", "POST"])
@role_required(Role.CITIZEN)
def check_in():
    """Ask *Hvordan går det?* for the current occasion and keep the one-tap answer."""
    db = get_session()
    citizen, match = _me()
    occasion, answer = check_in_due(db, match)
    form = ConfirmForm()
    if request.method == "POST":
        choice = request.form.get("answer")
        if not form.validate_on_submit() or choice not in ANSWERS or occasion is None:
            flash(_("Tap one of the three answers."))
            return redirect(url_for("voice.check_in"))
        if answer is None:
            answer = CheckIn(municipality_id=citizen.municipality_id, match_id=match.id,
                             citizen_id=citizen.id, occasion=occasion.key, answer=choice)
            db.add(answer)
        else:  # a second tap changes the answer; it is still one per occasion
            answer.answer, answer.answered_at = choice, utcnow()
        db.commit()
        return redirect(url_for("voice.check_in"))
    return render_template("voice/check_in.html", occasion=occasion, answer=answer,
                           form=form, labels=CHECK_IN_ANSWERS,
                           waiting=open_request(db, citizen.id), when=moment_words())


def _ask(db, citizen, kind: str, check_in_id: int | None = None) -> ContactRequest:
    """Record a young person's request for contact, with the time it is promised an answer by,
    and tell the coordinators (the caller commits)."""
    now = utcnow()
    req = ContactRequest(municipality_id=citizen.municipality_id, citizen_id=citizen.id,
                         kind=kind, check_in_id=check_in_id, created_at=now,
                         answer_by=answer_by(now))
    db.add(req)
    db.flush()
    messages.notify_contact_request(db, req)
    return req


@bp.route("/talk", methods=["POST"])
@role_required(Role.CITIZEN)
def talk():
    """Ask a coordinator to get in touch, once at a time; optionally share today's check-in."""
    db = get_session()
    citizen, match = _me()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    waiting = open_request(db, citizen.id)
    if waiting is None:
        occasion, answer = check_in_due(db, match)
        shared = answer.id if answer is not None and request.form.get("share") == "1" else None
        waiting = _ask(db, citizen, "talk", check_in_id=shared)
        db.commit()
    flash(_("Your coordinator will get in touch with you by %(when)s.",
            when=moment_words()(waiting.answer_by)))
    return redirect(url_for("home.citizen"))


@bp.route("/switch", methods=["GET", "POST"])
@role_required(Role.CITIZEN)
def switch():
    """Ask for another role model: the match ends now, no reason asked, no penalty."""
    db = get_session()
    citizen, match = _me()
    form = ConfirmForm()
    if match is None:
        return redirect(url_for("home.citizen"))
    if request.method == "POST" and form.validate_on_submit():
        lifecycle.end_match(db, match, reason="young_person_switch", ended_by_role="citizen",
                            by_id=current_user.id, on=today(), then="switch")
        messages.notify_switch_requested(db, match)
        db.commit()
        flash(_("Your match has ended. Your coordinator finds new role models for you to "
                "choose from. You did nothing wrong by asking."))
        return redirect(url_for("home.citizen"))
    return render_template("voice/switch.html", form=form)


@bp.route("/again", methods=["POST"])
@role_required(Role.CITIZEN)
def again():
    """A young person who finished asks for a role model again: back on the waiting list."""
    db = get_session()
    citizen, _match = _me()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if lifecycle.reopen(db, citizen, on=today()):
        req = _ask(db, citizen, "again")
        db.commit()
        flash(_("Welcome back! Your coordinator finds role models for you and gets in touch "
                "by %(when)s.", when=moment_words()(req.answer_by)))
    return redirect(url_for("home.citizen"))


# The coordinator's list: who asked, when, by when, and the one check-in they shared.
REQUESTS = (select(ContactRequest.id, ContactRequest.kind, ContactRequest.created_at,
                   ContactRequest.answer_by, ContactRequest.handled_at, ContactRequest.citizen_id,
                   Citizen.name, Citizen.phone, Citizen.email, CheckIn.answer.label("shared"))
            .join(Citizen, Citizen.id == ContactRequest.citizen_id)
            .outerjoin(CheckIn, CheckIn.id == ContactRequest.check_in_id))


@bp.route("/contact-requests/")
@role_required(Role.COORDINATOR)
def requests():
    """Open requests, soonest promise first, then the latest handled (two queries)."""
    db = get_session()
    waiting = db.exec(REQUESTS.where(ContactRequest.handled_at.is_(None))
                      .order_by(ContactRequest.answer_by, ContactRequest.id)).all()
    handled = db.exec(REQUESTS.where(ContactRequest.handled_at.is_not(None))
                      .order_by(ContactRequest.handled_at.desc()).limit(HANDLED_SHOWN)).all()
    return render_template("voice/requests.html", waiting=waiting, handled=handled,
                           form=ConfirmForm(), labels=CHECK_IN_ANSWERS, when=moment_words(),
                           now=utcnow())


@bp.route("/contact-requests/<int:request_id>/handled", methods=["POST"])
@role_required(Role.COORDINATOR)
def handled(request_id):
    """Mark a request handled (the coordinator has been in touch)."""
    req = get_or_404(ContactRequest, request_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if req.handled_at is None:
        req.handled_at, req.handled_by_id = utcnow(), current_user.id
        get_session().commit()
    flash(_("Marked as handled."))
    return redirect(url_for("voice.requests"))
