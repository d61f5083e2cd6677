"""A volunteer's private meeting note: encrypted at rest, readable only by its author.

The key (``NOTE_KEY``) lives outside the database, so a copy of the database
alone never reveals a note. Nothing here logs, and nothing decrypts a note for
anyone but the volunteer who wrote it: the views check that before calling.
"""
from datetime import date

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from sqlmodel import select, update

from models import Match, MatchStatus, Meeting


def _fernet() -> Fernet:
    """Return the cipher for the configured note key."""
    return Fernet(current_app.config["NOTE_KEY"])


def seal(text: str | None) -> bytes | None:
    """Encrypt a note; an empty note is stored as nothing at all."""
    text = (text or "").strip()
    return _fernet().encrypt(text.encode("utf-8")) if text else None


def unseal(token: bytes | None) -> str:
    """Decrypt a note, or return an empty string when there is none or the key changed."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(bytes(token)).decode("utf-8")
    except InvalidToken:
        # A rotated key makes old notes unreadable; say nothing rather than fail the page.
        return ""


def delete_notes_for_ended_matches(session, older_than: date) -> int:
    """Erase the private notes of matches that ended before ``older_than``; return how many."""
    ended = select(Match.id).where(
        Match.status == MatchStatus.ENDED, Match.ended_on < older_than
    )
    result = session.execute(
        update(Meeting)
        .where(Meeting.match_id.in_(ended), Meeting.private_note.is_not(None))
        .values(private_note=None)
    )
    return result.rowcount or 0
