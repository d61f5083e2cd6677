"""Dates relative to today, so the demo always looks current."""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from models import today

LOCAL = ZoneInfo("Europe/Copenhagen")


def days_ago(n: int) -> date:
    """Return the date ``n`` days before today (negative: in the future)."""
    return today() - timedelta(days=n)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """Return an aware UTC datetime for a local Copenhagen wall-clock time on ``day``."""
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL).astimezone(UTC)


def working_day(day: date) -> date:
    """Return ``day``, or the first day after it that is a weekday and no Danish holiday
    (Christmas Eve, New Year's Eve, Constitution Day and 1 May included: nobody holds a
    learning meeting then)."""
    closed = holidays.country_holidays("DK", years=(day.year, day.year + 1),
                                       categories=("public", "optional"))
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day
