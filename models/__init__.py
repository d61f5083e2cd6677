"""SQLModel tables and small query helpers; helpers take a session and never commit."""
from .activity import Event, EventInvite, EventKind, HotlineRequest
from .base import TenantScoped, UTCDateTime, today, utcnow
from .core import LoginAttempt, LoginToken, Municipality, PasswordLink, Role, User
from .logins import ExternalLogin, MunicipalLogin
from .matching import (
    END_REASONS,
    MEETING_FORMS,
    Match,
    MatchStatus,
    Meeting,
    Proposal,
    ProposalOption,
    ProposalStatus,
)
from .people import AVAILABILITY, GENDERS, Citizen, Stage, Volunteer, VolunteerStep
from .security import EmailChange, PasswordReset, SecondFactorUse  # noqa: F401  (registers the tables)
from .support import FUND_PURPOSES, FundApplication, FundBudget, FundStatus, LearningTopic, TopicVote
from .system import AuditEntry, Heartbeat, Notification
from .voice import CheckIn, ContactRequest  # noqa: F401  (registers the tables)
from .tenancy import (
    ALL_TENANTS, TenantError, make_engine, refresh_statistics, scoped_session, set_tenant, tenant_get,
)

__all__ = [
    "ALL_TENANTS", "AVAILABILITY", "END_REASONS", "FUND_PURPOSES", "GENDERS", "MEETING_FORMS",
    "AuditEntry", "Citizen", "Event", "EventInvite", "EventKind", "ExternalLogin", "FundApplication",
    "FundBudget", "FundStatus", "Heartbeat", "HotlineRequest", "LearningTopic", "TopicVote",
    "LoginAttempt", "LoginToken", "Match", "MatchStatus", "Meeting", "MunicipalLogin", "Municipality",
    "Notification", "PasswordLink", "Proposal", "ProposalOption", "ProposalStatus", "Role", "Stage",
    "TenantError", "TenantScoped", "UTCDateTime", "User", "Volunteer", "VolunteerStep",
    "make_engine", "refresh_statistics", "scoped_session", "set_tenant", "tenant_get", "today", "utcnow",
]
