"""Municipalities (tenants), user accounts and citizens' login links."""
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import TenantScoped, ts_field


class Role:
    """The four roles of the service."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    VOLUNTEER = "volunteer"
    CITIZEN = "citizen"
    ALL = (ADMIN, COORDINATOR, VOLUNTEER, CITIZEN)


class Municipality(SQLModel, table=True):
    """A job centre's network: the tenant every other row belongs to."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True, index=True)
    name: str = Field(max_length=120)
    contact_email: str | None = Field(default=None, max_length=254)
    # Scheduling rules, changeable per municipality (days without a logged meeting).
    first_prompt_days: int = Field(default=12)
    second_prompt_days: int = Field(default=16)
    risk_alert_days: int = Field(default=28)
    proposal_expiry_days: int = Field(default=7)
    # The municipality's accessibility statement (made in the WAS tool); empty: our own page.
    accessibility_url: str | None = Field(default=None, max_length=500)
    # A partner café's offer for a pair's first meeting (empty: none), and its voucher code.
    first_meeting_offer: str = Field(default="", max_length=500)
    first_meeting_code: str | None = Field(default=None, max_length=40)
    created_at: datetime = ts_field(default_now=True)


class User(TenantScoped, table=True):
    """A login: admin (no municipality), coordinator, volunteer or citizen."""

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int | None = Field(
        default=None, foreign_key="municipality.id", index=True, nullable=True
    )
    role: str = Field(max_length=20, index=True)
    name: str = Field(max_length=120)
    email: str | None = Field(default=None, max_length=254, unique=True)
    phone: str | None = Field(default=None, max_length=40)
    password_hash: str | None = Field(default=None, max_length=255)
    is_active: bool = Field(default=True)
    # Bumped at logout or disabling so every copied session cookie stops working.
    session_version: int = Field(default=1)
    language: str = Field(default="da", max_length=5)
    notify_email: bool = Field(default=True)
    notify_sms: bool = Field(default=False)
    calendar_token: str | None = Field(default=None, max_length=64, unique=True)
    totp_secret: str | None = Field(default=None, max_length=255)  # encrypted (two_factor)
    created_at: datetime = ts_field(default_now=True)
    last_login_at: datetime | None = ts_field()

    # Flask-Login's user protocol, without importing Flask into models.
    @property
    def is_authenticated(self) -> bool:
        """Every stored user is a real, logged-in identity when loaded."""
        return True

    @property
    def is_anonymous(self) -> bool:
        """A stored user is never anonymous."""
        return False

    def get_id(self) -> str:
        """Return the session id: user id and session version, so logout ends all sessions."""
        return f"{self.id}:{self.session_version}"


class OneTimeLink(TenantScoped):
    """Columns of a single-use, expiring link; only the secret's hash is stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = ts_field(default_now=True)
    expires_at: datetime = ts_field(nullable=False)
    used_at: datetime | None = ts_field()


class LoginToken(OneTimeLink, table=True):
    """A single-use, expiring link a coordinator makes for a citizen."""

    __tablename__ = "login_token"


class PasswordLink(OneTimeLink, table=True):
    """A single-use, expiring link that lets a new volunteer choose their password."""

    __tablename__ = "password_link"


class LoginAttempt(SQLModel, table=True):
    """A failed login, counted to slow down password guessing per account and client address,
    and per address (``email`` is the account's login name, or ``totp:<id>`` for the code)."""

    __tablename__ = "login_attempt"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    address: str = Field(default="", max_length=64)
    at: datetime = ts_field(default_now=True)
    __table_args__ = (sa.Index("ix_login_attempt_email_address_at", "email", "address", "at"),
                      sa.Index("ix_login_attempt_address_at", "address", "at"))
