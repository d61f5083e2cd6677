"""What a sweep decides is due: one message for one person, and the day a sweep counts as."""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from models import User

from .outbox import channels_for

CPH = ZoneInfo("Europe/Copenhagen")
SEND_FROM_HOUR = 9  # nobody gets a prompt at midnight: a local day's messages start at nine


def local_day(now: datetime) -> date:
    """Return the Copenhagen day a sweep at ``now`` counts as (before nine, still yesterday)."""
    local = now.astimezone(CPH)
    return local.date() if local.hour >= SEND_FROM_HOUR else local.date() - timedelta(days=1)


@dataclass
class Recipient:
    """Who gets a message and how to reach them."""

    user_id: int
    municipality_id: int
    language: str
    email: str | None
    phone: str | None
    notify_email: bool
    notify_sms: bool

    def channels(self) -> list[str]:
        """Return the channels this person is reached on."""
        return channels_for(email=self.email, phone=self.phone,
                            notify_email=self.notify_email, notify_sms=self.notify_sms)


@dataclass
class Due:
    """One message that is due: for whom, what, under which key, with which words."""

    to: Recipient
    kind: str
    key: str
    link: str
    params: dict = field(default_factory=dict)


USER_COLUMNS = (User.id, User.municipality_id, User.language, User.email, User.phone,
                User.notify_email, User.notify_sms)


def recipient(row) -> Recipient:
    """Build a recipient from the user columns at the end of a result row."""
    return Recipient(*row[-len(USER_COLUMNS):])
