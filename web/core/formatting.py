"""Days, moments and lengths of time in words, each distinct value worked out once per language.

Every page and message writes a day one way per language (Danish "26. mar. 2026", English
"26 Mar 2026"), and a moment as that day with its time ("26. mar. 2026 kl. 17:00").

Formatting a date through Flask-Babel looks up the language and its patterns every time,
which in a list of 50 rows costs more than the list's queries. The words for a day depend
only on the day and the language, so they are remembered (per process, a bounded number).
"""
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from babel import dates
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _


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


@lru_cache(maxsize=4096)
def _clock(hour: int, minute: int) -> str:
    """A time of day, the same in both languages (17:00)."""
    return f"{hour:02d}:{minute:02d}"


def moment_words():
    """Return a function writing a moment (a datetime) in the user's time zone as its day and
    time in the current language, e.g. "26. mar. 2026 kl. 17:00"; None gives ""."""
    day, zone = day_words(), get_timezone()
    pattern = _("%(day)s at %(time)s")

    def words(moment: datetime | None) -> str:
        """The moment in words."""
        if not moment:
            return ""
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
        return pattern % {"day": day(local.date()), "time": _clock(local.hour, local.minute)}

    return words


def duration_words():
    """Return a function writing a length of whole days (a timedelta) in the current language
    the way Flask-Babel's ``format_timedelta(..., granularity="day", threshold=1.1)`` does."""
    locale = str(get_locale())
    return lambda length: _days(length.days, locale)
