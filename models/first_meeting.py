"""A pair's first meeting: the municipality's offer (a partner café's free coffee), shown to
both of the pair until their first meeting is logged."""
import sqlalchemy as sa
from sqlmodel import Session, select

from .core import Municipality
from .matching import Match, Meeting

OFFER = (select(Municipality.first_meeting_offer, Municipality.first_meeting_code)
         .join(Match, Match.municipality_id == Municipality.id)
         .where(Match.id == sa.bindparam("match"), Municipality.first_meeting_offer != "",
                ~select(Meeting.id).where(Meeting.match_id == Match.id).exists()))


def offer_for(session: Session, match_id: int | None):
    """The offer (text, code) for a pair that has not met yet, or None (one query)."""
    if match_id is None:
        return None
    return session.exec(OFFER, params={"match": match_id}).first()
