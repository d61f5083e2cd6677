"""Dates relative to today, so the demo always looks current."""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from models import today

LOCAL = ZoneInfo("Europe/Copenhagen")


def days_ago(n: int) -> date:
    """Return the date ``n`` days before today (negative: in the future)."""
    return today() - timedelta(days=n)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """Return an aware UTC datetime for a local Copenhagen wall-clock time on ``day``."""
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL).astimezone(UTC)
