"""The logged-in volunteer's own profile, for the pages a volunteer uses about themselves."""
from flask import abort
from flask_login import current_user
from sqlmodel import select

from models import Match, MatchStatus, Volunteer

from .access import get_or_404
from .db import get_session


def current_volunteer() -> Volunteer:
    """Return the logged-in user's volunteer profile, or answer 404 when none is linked."""
    me = get_session().exec(select(Volunteer).where(Volunteer.user_id == current_user.id)).first()
    if me is None:
        abort(404)
    return me


def own_match(match_id: int, live_only: bool = True) -> tuple[Volunteer, Match]:
    """Return the volunteer and one of their own matches, or 404 for anyone else's."""
    me = current_volunteer()
    match = get_or_404(Match, match_id)
    if match.volunteer_id != me.id or (live_only and match.status not in MatchStatus.LIVE):
        abort(404)
    return me, match
