"""Volunteers (role models) with their pipeline, and young citizens."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from .base import TenantScoped, list_field, ts_field


class Stage:
    """Steps of the volunteer pipeline, in order, plus pause and stop."""

    INTERESTED = "interested"
    CALLED = "called"
    INFO_MEETING = "info_meeting"
    INTERVIEWED = "interviewed"
    SCREENED = "screened"
    TRAINED = "trained"
    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"
    PIPELINE = (INTERESTED, CALLED, INFO_MEETING, INTERVIEWED, SCREENED, TRAINED, ACTIVE)
    ALL = PIPELINE + (PAUSED, STOPPED)


AVAILABILITY = ("weekday_day", "weekday_evening", "weekend")
# The programme is for young people of these ages (in the year they are registered).
YOUNG_AGES = (15, 30)


def shared_interests(young: list[str], role_model: list[str]) -> list[str]:
    """The young person's interests that the role model has too (interests or leisure),
    compared without regard to case, in the young person's order."""
    theirs = {x.strip().lower() for x in role_model}
    return [x for x in young or [] if x.strip().lower() in theirs]
GENDERS = ("f", "m", "x")


class Volunteer(TenantScoped, table=True):
    """A role model: contact, match profile, pipeline status, screening and training."""

    # The board and each step's list read one step's people, longest waiting first.
    __table_args__ = (sa.UniqueConstraint("municipality_id", "external_id"),
                      sa.Index("ix_volunteer_step_waiting", "municipality_id", "status",
                               "status_changed_at"))

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", unique=True)
    external_id: str = Field(max_length=60, index=True)
    name: str = Field(max_length=120)
    email: str | None = Field(default=None, max_length=254, index=True)
    phone: str | None = Field(default=None, max_length=40)
    birth_year: int | None = None
    gender: str | None = Field(default=None, max_length=1)
    town: str = Field(default="", max_length=120)
    occupation: str = Field(default="", max_length=200)
    work_history: str = Field(default="", max_length=1000)
    education: str = Field(default="", max_length=500)
    interests: list[str] = list_field()
    leisure: list[str] = list_field()
    offers: str = Field(default="", max_length=1000)
    languages: list[str] = list_field()
    availability: list[str] = list_field()
    preferences: str = Field(default="", max_length=500)
    capacity: int = Field(default=1)
    motivation: str = Field(default="", max_length=1000)
    # Short answers from the coordinator's first phone call (the call guide), keyed by question.
    call_notes: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    photo: str | None = Field(default=None, max_length=80)
    status: str = Field(default=Stage.INTERESTED, max_length=20, index=True)
    status_changed_at: datetime = ts_field(default_now=True)
    pause_until: date | None = None
    stop_reason: str | None = Field(default=None, max_length=300)
    child_cert_checked_on: date | None = None
    child_cert_checked_by_id: int | None = Field(default=None, foreign_key="user.id")
    child_cert_ok: bool | None = None
    criminal_cert_checked_on: date | None = None
    criminal_cert_checked_by_id: int | None = Field(default=None, foreign_key="user.id")
    criminal_cert_ok: bool | None = None
    training_day1_on: date | None = None
    training_day2_on: date | None = None
    consent_at: datetime | None = ts_field()
    consent_version: str | None = Field(default=None, max_length=20)
    # The duty of confidentiality (tavshedserklæring) the volunteer signed in the service:
    # which text (models.confidentiality) and when; a new text asks for a new signature.
    confidentiality_version: str | None = Field(default=None, max_length=20)
    confidentiality_signed_at: datetime | None = ts_field()
    created_at: datetime = ts_field(default_now=True)

    @property
    def first_name(self) -> str:
        """Return the first word of the name, as shown to young people."""
        return self.name.split()[0] if self.name else ""


class VolunteerStep(TenantScoped, table=True):
    """When a volunteer reached a pipeline step, and who moved them."""

    __tablename__ = "volunteer_step"

    id: int | None = Field(default=None, primary_key=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", index=True)
    stage: str = Field(max_length=20)
    at: datetime = ts_field(default_now=True)
    by_id: int | None = Field(default=None, foreign_key="user.id")
    note: str | None = Field(default=None, max_length=300)


class Citizen(TenantScoped, table=True):
    """A young citizen: only what matching needs, never case details or diagnoses."""

    # The coordinator's list is in name order, a page at a time; the young people waiting
    # longest are read in the order they came (the home page's ten, the proposals' list).
    __table_args__ = (sa.UniqueConstraint("municipality_id", "external_id"),
                      sa.Index("ix_citizen_municipality_name", "municipality_id", "name"),
                      sa.Index("ix_citizen_municipality_created", "municipality_id",
                               "created_at"))

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", unique=True)
    external_id: str = Field(max_length=60, index=True)
    name: str = Field(max_length=120)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    birth_year: int | None = None
    gender: str | None = Field(default=None, max_length=1)
    town: str = Field(default="", max_length=120)
    interests: list[str] = list_field()
    wishes: str = Field(default="", max_length=500)
    preferred_gender: str | None = Field(default=None, max_length=1)
    max_distance_km: int | None = None
    languages: list[str] = list_field()
    availability: list[str] = list_field()
    legal_basis: str | None = Field(default=None, max_length=40)
    consent_text_version: str | None = Field(default=None, max_length=20)
    consent_recorded_at: datetime | None = ts_field()
    consent_recorded_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = ts_field(default_now=True)
    # Finished: left the network (models.lifecycle.FINISHED_REASONS), when and by whom; a
    # coordinator can bring them back, on ``reopened_on``.
    finished_on: date | None = None
    finished_reason: str | None = Field(default=None, max_length=20)
    finished_by_id: int | None = Field(default=None, foreign_key="user.id")
    reopened_on: date | None = None

    @property
    def first_name(self) -> str:
        """Return the first word of the name, as shown to the role model."""
        return self.name.split()[0] if self.name else ""
