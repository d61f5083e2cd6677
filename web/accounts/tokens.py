"""Citizens' single-use login links: only a hash of each secret is stored."""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app

from models import LoginToken, User, utcnow


def token_hash(token: str) -> str:
    """Hash a login link's secret; only the hash is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def make_login_token(db, user: User, created_by: User | None) -> str:
    """Create a single-use login link secret for a citizen and return it."""
    token = secrets.token_urlsafe(24)
    db.add(LoginToken(
        municipality_id=user.municipality_id,
        user_id=user.id,
        token_hash=token_hash(token),
        created_by_id=created_by.id if created_by else None,
        expires_at=utcnow() + timedelta(hours=current_app.config["CITIZEN_LINK_HOURS"]),
    ))
    return token
