"""Sign-in through OpenID Connect: which provider subject belongs to which account, and each
municipality's own identity provider for its staff."""
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, select

from .base import ts_field


class ExternalLogin(SQLModel, table=True):
    """A provider's subject bound to one account; never a CPR number, only the pseudonym.

    Not tenant-scoped: it is read before anyone is logged in, and admins belong to no
    municipality. ``provider`` is ``mitid`` or ``municipality:<id>``.
    """

    __tablename__ = "external_login"
    __table_args__ = (sa.UniqueConstraint("issuer", "subject"),
                      sa.UniqueConstraint("user_id", "provider"))

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    provider: str = Field(max_length=40)
    issuer: str = Field(max_length=300)
    subject: str = Field(max_length=255)
    created_at: datetime = ts_field(default_now=True)
    last_used_at: datetime | None = ts_field()


class MunicipalLogin(SQLModel, table=True):
    """A municipality's own OpenID Connect identity provider (e.g. its Entra ID) for staff.

    The client secret is stored encrypted with a key kept outside the database.
    """

    __tablename__ = "municipal_login"

    municipality_id: int = Field(foreign_key="municipality.id", primary_key=True)
    issuer: str = Field(max_length=300)
    client_id: str = Field(max_length=255)
    client_secret_encrypted: str | None = Field(default=None, max_length=2000)
    enabled: bool = Field(default=True)
    updated_at: datetime = ts_field(default_now=True)


def find_login(session, issuer: str, subject: str) -> ExternalLogin | None:
    """The account bound to a provider's subject, if any."""
    return session.exec(select(ExternalLogin).where(
        ExternalLogin.issuer == issuer, ExternalLogin.subject == subject)).first()


def user_login(session, user_id: int, provider: str) -> ExternalLogin | None:
    """The subject an account has bound for one provider, if any."""
    return session.exec(select(ExternalLogin).where(
        ExternalLogin.user_id == user_id, ExternalLogin.provider == provider)).first()


def bind_login(session, *, user_id: int, provider: str, issuer: str, subject: str) -> ExternalLogin:
    """Bind a subject to an account, replacing the account's earlier one for that provider."""
    old = user_login(session, user_id, provider)
    if old is not None:
        session.delete(old)
        session.flush()  # the unique (user, provider) key must be free before the new row
    row = ExternalLogin(user_id=user_id, provider=provider, issuer=issuer, subject=subject)
    session.add(row)
    return row
