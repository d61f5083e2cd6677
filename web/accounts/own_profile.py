"""The logged-in volunteer's own profile, for the pages a volunteer uses about themselves."""
from flask import abort
from flask_login import current_user
from sqlmodel import select

from models import Volunteer

from ..core.db import get_session


def current_volunteer() -> Volunteer:
    """Return the logged-in user's volunteer profile, or answer 404 when none is linked."""
    me = get_session().exec(select(Volunteer).where(Volunteer.user_id == current_user.id)).first()
    if me is None:
        abort(404)
    return me
