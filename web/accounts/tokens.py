"""Citizens' single-use login links: only a hash of each secret is stored."""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app

from models import LoginToken, User, utcnow

from ..core.link_secrets import derived_secret


def token_hash(token: str) -> str:
    """Hash a login link's secret; only the hash is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def make_login_token(db, user: User, created_by: User | None) -> str:
    """Create a single-use login link secret for a citizen and return it."""
    return make_login_row(db, user, created_by)[1]


def make_login_row(db, user: User, created_by: User | None) -> tuple[LoginToken, str]:
    """Create a single-use login link for a citizen: its row and its secret.

    The secret is derived from the row's id (``web.core.link_secrets``), so a message waiting
    in the outbox can hold a mark instead of the link; the row keeps only the secret's hash."""
    row = LoginToken(
        municipality_id=user.municipality_id, user_id=user.id,
        token_hash=secrets.token_hex(32),  # replaced below, once the row has its id
        created_by_id=created_by.id if created_by else None,
        expires_at=utcnow() + timedelta(hours=current_app.config["CITIZEN_LINK_HOURS"]),
    )
    db.add(row)
    db.flush()
    token = derived_secret(current_app.config, "login-token", row.id)
    row.token_hash = token_hash(token)
    return row, token
