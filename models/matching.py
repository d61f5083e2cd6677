"""Proposals shown to citizens, the matches they start, and the meeting log."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from .base import TenantScoped, list_field, ts_field


class ProposalStatus:
    """Life of a proposal: drafted, sent (volunteers held), then decided or expired."""

    DRAFT = "draft"
    OPEN = "open"
    CHOSEN = "chosen"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    HOLDING = (DRAFT, OPEN)


class MatchStatus:
    """A match is active, paused or ended."""

    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"
    LIVE = (ACTIVE, PAUSED)


END_REASONS = ("completed", "moved", "lost_contact", "no_click", "volunteer_stopped",
               "young_person_switch", "other")
MEETING_FORMS = ("in_person", "remote", "activity")


class Proposal(TenantScoped, table=True):
    """The 2-3 role models put before one citizen, and what the citizen chose."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    proposed_by_id: int | None = Field(default=None, foreign_key="user.id")
    status: str = Field(default=ProposalStatus.DRAFT, max_length=20, index=True)
    model_label: str = Field(default="", max_length=120)
    created_at: datetime = ts_field(default_now=True)
    sent_at: datetime | None = ts_field()
    shown_at: datetime | None = ts_field()
    expires_at: datetime | None = ts_field()
    decided_at: datetime | None = ts_field()
    chosen_volunteer_id: int | None = Field(default=None, foreign_key="volunteer.id")
    decline_reason: str | None = Field(default=None, max_length=500)
    # Imported history rows keep their source date here instead of created_at.
    imported: bool = Field(default=False)


class ProposalOption(TenantScoped, table=True):
    """One volunteer shown in a proposal, with the engine's score and reasons."""

    __tablename__ = "proposal_option"
    __table_args__ = (sa.UniqueConstraint("proposal_id", "volunteer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", index=True)
    position: int = Field(default=0)
    score: float | None = None
    # The probability the engine's round had of showing this option (bounded randomisation
    # among near-equal candidates, matcher.rounds.randomise); None when a coordinator swapped
    # it in or the history was imported. Off-policy evaluation weighs choices by 1 / propensity.
    propensity: float | None = None
    # Why it fits, as the engine's codes and values (web/matching/reasons.py writes them).
    reasons: list = list_field()
    # When a coordinator swapped the engine's pick, who was replaced and why.
    replaced_volunteer_id: int | None = Field(default=None, foreign_key="volunteer.id")
    swap_reason: str | None = Field(default=None, max_length=300)


class Match(TenantScoped, table=True):
    """A citizen and the role model they chose."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", index=True)
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id")
    status: str = Field(default=MatchStatus.ACTIVE, max_length=20, index=True)
    started_on: date
    paused_at: datetime | None = ts_field()
    ended_on: date | None = None
    end_reason: str | None = Field(default=None, max_length=30)
    ended_by_id: int | None = Field(default=None, foreign_key="user.id")
    ended_by_role: str | None = Field(default=None, max_length=20)
    created_at: datetime = ts_field(default_now=True)
    # What the pair agreed at the start (models.voice): how they keep in touch, and when
    # they plan to end; and when the coordinator thanked them at the end.
    rhythm: str | None = Field(default=None, max_length=20)
    planned_end_on: date | None = None
    thanked_at: datetime | None = ts_field()


class Meeting(TenantScoped, table=True):
    """That a pair met: date, length and form; the note is the volunteer's alone."""

    # Each pair's last meeting date straight from the index: the scheduler's sweep needs it.
    __table_args__ = (sa.Index("ix_meeting_match_id_held_on", "match_id", "held_on"),)

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="match.id", index=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", index=True)
    held_on: date = Field(index=True)
    duration_minutes: int = Field(default=60)
    form: str = Field(default="in_person", max_length=20)
    # Encrypted with a key outside the database; never decrypted for anyone but the author.
    private_note: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = ts_field(default_now=True)
    updated_at: datetime | None = ts_field()

    def __repr_args__(self):
        """Leave the private note out of every repr, str and error report."""
        return [(k, v) for k, v in super().__repr_args__() if k != "private_note"]

    def __repr__(self) -> str:
        """Show the meeting's dates and ids, never the note."""
        return f"Meeting({self.__repr_str__(', ')})"

    def __str__(self) -> str:
        """Same as repr: the note stays out."""
        return self.__repr__()

