"""Record builders for matcher tests: a plain volunteer and citizen with sensible defaults."""

import pytest


def make_volunteer(id, **fields):
    """Return a matchable volunteer record in Køge with the given fields overriding defaults."""
    record = {"id": id, "birth_year": 1975, "gender": "m", "lat": 55.458, "lon": 12.182,
              "town": "Køge", "occupation": "", "work_history": "", "education": "",
              "interests": [], "leisure": [], "offers": "", "languages": ["dansk"],
              "availability": ["weekend"], "capacity": 1, "load": 0, "experience": 0,
              "matchable": True}
    record.update(fields)
    return record


def make_citizen(id, **fields):
    """Return a citizen record in Køge with the given fields overriding defaults."""
    record = {"id": id, "birth_year": 2003, "gender": "f", "lat": 55.458, "lon": 12.182,
              "town": "Køge", "interests": [], "wishes": "", "preferred_gender": None,
              "max_distance_km": None, "languages": ["dansk"], "availability": ["weekend"],
              "excluded": []}
    record.update(fields)
    return record


@pytest.fixture
def volunteer():
    """Give tests the volunteer builder."""
    return make_volunteer


@pytest.fixture
def citizen():
    """Give tests the citizen builder."""
    return make_citizen
