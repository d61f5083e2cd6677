"""Days and lengths of time in words, each distinct value worked out once per language.

Formatting a date through Flask-Babel looks up the language and its patterns every time,
which in a list of 50 rows costs more than the list's queries. The words for a day depend
only on the day and the language, so they are remembered (per process, a bounded number).
"""
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from babel import dates
from flask_babel import get_locale, get_timezone


@lru_cache(maxsize=4096)
def _day(day: date, locale: str) -> str:
    """A date in words, as the ``format_date`` filter writes it (medium length)."""
    return dates.format_date(day, "medium", locale=locale)


@lru_cache(maxsize=4096)
def _days(days: int, locale: str) -> str:
    """A number of days in words, rounded to the largest fitting unit ("3 months")."""
    return dates.format_timedelta(timedelta(days=days), granularity="day", threshold=1.1,
                                  locale=locale)


def day_words():
    """Return a function writing a date, or the day of a moment (a datetime) in the user's
    time zone, in the current language the way the ``format_date`` filter does; None gives ""."""
    locale, zone = str(get_locale()), get_timezone()

    def words(day: date | datetime | None) -> str:
        """The day in words."""
        if not day:
            return ""
        if isinstance(day, datetime):
            day = (day if day.tzinfo else day.replace(tzinfo=UTC)).astimezone(zone).date()
        return _day(day, locale)

    return words


def duration_words():
    """Return a function writing a length of whole days (a timedelta) in the current language
    the way Flask-Babel's ``format_timedelta(..., granularity="day", threshold=1.1)`` does."""
    locale = str(get_locale())
    return lambda length: _days(length.days, locale)
