"""The notification outbox, the audit log and the scheduler's heartbeat."""
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import TenantScoped, ts_field


class Notification(TenantScoped, table=True):
    """A message waiting to be sent; its key makes a repeated sweep harmless."""

    id: int | None = Field(default=None, primary_key=True)
    # Admins belong to no municipality, and they get messages too.
    municipality_id: int | None = Field(
        default=None, foreign_key="municipality.id", index=True, nullable=True
    )
    user_id: int = Field(foreign_key="user.id", index=True)
    channel: str = Field(default="email", max_length=10)
    kind: str = Field(max_length=40)
    dedupe_key: str = Field(max_length=200, unique=True)
    subject: str = Field(max_length=200)
    body: str = Field(max_length=4000)
    link: str | None = Field(default=None, max_length=500)
    created_at: datetime = ts_field(default_now=True)
    next_attempt_at: datetime = ts_field(default_now=True, index=True)
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=500)
    sent_at: datetime | None = ts_field(index=True)
    # Set when the sender gives up (no address, or refused too many times); never retried.
    failed_at: datetime | None = ts_field()


class AuditEntry(TenantScoped, table=True):
    """Who looked at or changed whose record, when and why."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int | None = Field(
        default=None, foreign_key="municipality.id", index=True, nullable=True
    )
    at: datetime = ts_field(default_now=True, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    action: str = Field(max_length=40)
    object_type: str = Field(max_length=40)
    object_id: int | None = None
    subject_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    reason: str | None = Field(default=None, max_length=300)
    __table_args__ = (sa.Index("ix_audit_entry_object", "object_type", "object_id"),)


class Heartbeat(SQLModel, table=True):
    """When the scheduler last ran, and what it did."""

    name: str = Field(primary_key=True, max_length=40)
    last_run_at: datetime | None = ts_field()
    details: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
