"""Password-reset links and the second factor's replay guard."""
from datetime import datetime

from sqlmodel import Field, SQLModel

from .base import ts_field


class PasswordReset(SQLModel, table=True):
    """A single-use, expiring reset link; only the hash of its secret is stored.

    Not tenant-scoped: it is created and used before anyone is logged in, and admins
    belong to no municipality.
    """

    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = ts_field(default_now=True)
    expires_at: datetime = ts_field(nullable=False)
    used_at: datetime | None = ts_field()


class SecondFactorUse(SQLModel, table=True):
    """The last accepted TOTP time step of a user, so a code works only once."""

    __tablename__ = "second_factor_use"

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    last_step: int = Field(default=0)


class EmailChange(SQLModel, table=True):
    """A change of login e-mail asked for by staff, waiting for the person to confirm it from the
    new address; until then the old address stays the login. Only the secret's hash is stored.

    Not tenant-scoped, like password resets: admins belong to no municipality.
    """

    __tablename__ = "email_change"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    new_email: str = Field(max_length=254)
    token_hash: str = Field(max_length=64, unique=True)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = ts_field(default_now=True)
    expires_at: datetime = ts_field(nullable=False)
    used_at: datetime | None = ts_field()
