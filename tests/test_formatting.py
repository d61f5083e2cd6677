"""Dates and lengths of time from remembered words read exactly as Flask-Babel writes them."""
from datetime import UTC, date, datetime, timedelta

import flask_babel
import pytest
from flask import session

from web.core.formatting import day_words, duration_words


@pytest.mark.parametrize("lang", ["da", "en"])
def test_remembered_words_are_flask_babels(app, lang):
    with app.test_request_context():
        session["lang"] = lang
        day, length = day_words(), duration_words()
        for _ in range(2):  # worked out, then remembered
            for d in (date(2026, 1, 1), date(2026, 12, 31)):
                assert day(d) == flask_babel.format_date(d, "medium")
            # 23:30 UTC on 30 June is 1 July in Copenhagen: the user's day is written.
            moment = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
            assert day(moment) == flask_babel.format_date(moment, "medium")
            assert day(moment) == flask_babel.format_date(date(2026, 7, 1), "medium")
            assert day(None) == ""
            for n in (0, 1, 2, 13, 40, 400):
                assert length(timedelta(days=n)) == flask_babel.format_timedelta(
                    timedelta(days=n), granularity="day", threshold=1.1)
