"""Events (information meetings, training days, learning meetings) and the hotline."""
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .base import TenantScoped, ts_field


class EventKind:
    """The three kinds of gathering a coordinator organises."""

    INFO = "info_meeting"
    TRAINING = "training_day"
    LEARNING = "learning_meeting"
    ALL = (INFO, TRAINING, LEARNING)


class Event(TenantScoped, table=True):
    """An information meeting, training day or learning meeting."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20, index=True)
    title: str = Field(max_length=200)
    topic: str = Field(default="", max_length=1000)
    place: str = Field(default="", max_length=200)
    starts_at: datetime = ts_field(nullable=False, index=True)
    duration_minutes: int = Field(default=120)
    capacity: int | None = None
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = ts_field(default_now=True)


class EventInvite(TenantScoped, table=True):
    """A volunteer invited to an event: their answer and whether they came."""

    __tablename__ = "event_invite"
    __table_args__ = (sa.UniqueConstraint("event_id", "volunteer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", index=True)
    answer: str | None = Field(default=None, max_length=5)
    answered_at: datetime | None = ts_field()
    attended: bool | None = None
    # Secret for the one-click yes/no link in the invitation message.
    answer_token: str | None = Field(default=None, max_length=64, unique=True)


class HotlineRequest(TenantScoped, table=True):
    """A volunteer asking the coordinator for help."""

    __tablename__ = "hotline_request"

    id: int | None = Field(default=None, primary_key=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", index=True)
    urgent: bool = Field(default=False)
    text: str = Field(max_length=2000)
    created_at: datetime = ts_field(default_now=True)
    answer: str | None = Field(default=None, max_length=2000)
    answered_at: datetime | None = ts_field()
    answered_by_id: int | None = Field(default=None, foreign_key="user.id")
    closed_at: datetime | None = ts_field()
