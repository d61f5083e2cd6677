"""Support for the volunteers: topics they wish for at learning meetings, and the fund.

Nothing here names or describes a young person: a fund application belongs to the role model
alone (never to a match), so no list, page or export of applications can lead to one.
"""
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from .base import TenantScoped, ts_field


class LearningTopic(TenantScoped, table=True):
    """A topic volunteers wish a learning meeting would take up; open until a meeting covers it."""

    __tablename__ = "learning_topic"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=120)
    details: str = Field(default="", max_length=500)
    suggested_by_id: int | None = Field(default=None, foreign_key="volunteer.id")
    created_at: datetime = ts_field(default_now=True)
    # The learning meeting that takes (or took) the topic up; it then leaves the open list.
    covered_by_event_id: int | None = Field(default=None, foreign_key="event.id", index=True)
    # Set when the coordinator takes a topic off the list (a duplicate, or not for a meeting).
    removed_at: datetime | None = ts_field()


class TopicVote(TenantScoped, table=True):
    """One volunteer's vote for one topic; taking it back deletes the row."""

    __tablename__ = "topic_vote"
    __table_args__ = (sa.UniqueConstraint("topic_id", "volunteer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    topic_id: int = Field(foreign_key="learning_topic.id", index=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", index=True)
    created_at: datetime = ts_field(default_now=True)


class FundStatus:
    """An application waits, is approved or declined, or its volunteer withdrew it."""

    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    ALL = (PENDING, APPROVED, DECLINED, WITHDRAWN)


# What the fund pays for (labels live in web): activities a role model does with their young person.
FUND_PURPOSES = ("gym", "sport", "culture", "transport", "course", "food", "other")


class FundBudget(TenantScoped, table=True):
    """The municipality's fund for one calendar year, in whole kroner."""

    __tablename__ = "fund_budget"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int
    amount: int
    set_by_id: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = ts_field(default_now=True)


class FundApplication(TenantScoped, table=True):
    """A role model's application for a small amount for an activity with their young person."""

    __tablename__ = "fund_application"
    # The coordinator's list: one status at a time, oldest first.
    __table_args__ = (sa.Index("ix_fund_application_waiting", "municipality_id", "status",
                               "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", index=True)
    purpose: str = Field(max_length=20)
    amount: int
    # What the activity is; the form refuses the young person's name and other personal details.
    description: str = Field(max_length=300)
    status: str = Field(default=FundStatus.PENDING, max_length=20)
    created_at: datetime = ts_field(default_now=True)
    decided_at: datetime | None = ts_field()
    # The Copenhagen day of the decision: an approved amount is spent in that year and month.
    decided_on: date | None = Field(default=None, index=True)
    decided_by_id: int | None = Field(default=None, foreign_key="user.id")
    message: str = Field(default="", max_length=500)
