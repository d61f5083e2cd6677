"""Shared column types, clock helpers and the tenant mixin for every table."""
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored in UTC that always comes back time-zone aware."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Refuse naive datetimes and store the UTC instant."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime")
        value = value.astimezone(UTC)
        # SQLite has no time zone type: keep the UTC wall time.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        """Return an aware UTC datetime whatever the backend gave us."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def today() -> date:
    """Return today's date in Copenhagen, where the service's days begin."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/Copenhagen")).date()


def ts_field(*, nullable: bool = True, default_now: bool = False, **kw):
    """Declare a UTC timestamp column."""
    if default_now:
        return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, **kw)
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, **kw)


def list_field():
    """Declare a JSON list column (interests, languages, availability, ...)."""
    return Field(default_factory=list, sa_type=sa.JSON, nullable=False)


class TenantRoot:
    """Plain base of ``TenantScoped``, for the central tenant filter (``models.tenancy``):
    SQLAlchemy applies one criterion given for a base class to every mapped subclass."""


class TenantScoped(SQLModel, TenantRoot):
    """Mixin for rows that belong to one municipality; reads are filtered centrally."""

    municipality_id: int = Field(foreign_key="municipality.id", index=True, nullable=False)
