"""One table of who may open which kind of record by its id.

The municipality wall is kept by the tenant filter (``models/tenancy.py``): a record of
another municipality is never found. This table adds the role wall on top: which roles
may look a kind of record up at all. A role missing here gets 404, as if the record did
not exist. Views still check *whose* record it is where a role may only open its own
(a volunteer's own match, a citizen's own proposal). Admins run municipalities and
accounts; they never open a person's record.
"""
from models import Role

C, V, Y, A = Role.COORDINATOR, Role.VOLUNTEER, Role.CITIZEN, Role.ADMIN

# kind of record -> roles that may open one by id (own-only roles are checked in the view)
LOOKUP = {
    "Citizen": {C, V},  # V: the first name of their own young person
    "Volunteer": {C, V, Y},  # Y: the photo and profile of a suggested role model
    "Match": {C, V, Y},  # V and Y: only their own match
    "Meeting": {V},  # the meeting log is the volunteer's; coordinators see cadence only
    "Proposal": {C, Y},
    "ProposalOption": {C, Y},
    "Event": {C, V},
    "EventInvite": {C, V},
    "HotlineRequest": {C, V},
    "FundApplication": {C, V},  # V: only their own; no young person is ever in one
    "LearningTopic": {C, V},
    "VolunteerStep": {C},
    "AuditEntry": {C},
    "User": {C, A},
    "Municipality": {A},
    # A check-in is the young person's alone: never opened by id, by anyone (their own page
    # reads it by their login; a coordinator sees only counts, or one shared with a request).
    "CheckIn": set(),
    "ContactRequest": {C},
}


class PolicyError(LookupError):
    """A view looked up a kind of record that the policy table does not name."""


def may_open(role: str, model) -> bool:
    """Tell whether ``role`` may open a record of ``model`` by id."""
    try:
        return role in LOOKUP[model.__name__]
    except KeyError:
        raise PolicyError(f"add {model.__name__} to web/privacy/policy.py LOOKUP") from None
