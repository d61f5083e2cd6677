"""Each hard filter removes exactly the pairs it should, and suggestions respect the mask."""

import pytest

from matcher import Engine

ROSKILDE = {"lat": 55.642, "lon": 12.080, "town": "Roskilde"}   # ~21 km from Køge
AALBORG = {"lat": 57.048, "lon": 9.919, "town": "Aalborg"}      # ~230 km from Køge


def _mask(citizens, volunteers):
    """Return the hard-filter mask from the prior engine."""
    return Engine().score(citizens, volunteers)[2]


@pytest.mark.parametrize("fields", [
    {"matchable": False},
    {"capacity": 1, "load": 1},
    {"capacity": 2, "load": 3},
    {"capacity": 0},
])
def test_volunteer_side_filters(citizen, volunteer, fields):
    """Unmatchable volunteers and volunteers without free capacity are filtered out."""
    mask = _mask([citizen("c")], [volunteer("ok"), volunteer("no", **fields)])
    assert mask.tolist() == [[True, False]]


def test_preferred_gender(citizen, volunteer):
    """A citizen's preferred gender removes others, including an unknown gender."""
    vols = [volunteer("f", gender="f"), volunteer("m", gender="m"), volunteer("u", gender=None)]
    assert _mask([citizen("c", preferred_gender="f")], vols).tolist() == [[True, False, False]]
    assert _mask([citizen("c")], vols).tolist() == [[True, True, True]]


def test_max_distance(citizen, volunteer):
    """A maximum distance removes volunteers further away; unknown towns are kept for review."""
    vols = [volunteer("near", **ROSKILDE), volunteer("far", **AALBORG), volunteer("?", lat=None, lon=None)]
    assert _mask([citizen("c", max_distance_km=30)], vols).tolist() == [[True, False, True]]
    assert _mask([citizen("c", max_distance_km=10)], vols).tolist() == [[False, False, True]]
    assert _mask([citizen("c")], vols).tolist() == [[True, True, True]]


def test_excluded_volunteers(citizen, volunteer):
    """Volunteers from an ended match with this citizen are never proposed again."""
    vols = [volunteer("a"), volunteer("b")]
    mask = _mask([citizen("c1", excluded=["a", "unknown-id"]), citizen("c2")], vols)
    assert mask.tolist() == [[False, True], [True, True]]


def test_suggestions_respect_every_filter(citizen, volunteer):
    """Suggestions contain only volunteers that pass all filters."""
    vols = [volunteer("ok1", gender="f", occupation="tømrer"), volunteer("ok2", gender="f", occupation="kok"),
            volunteer("paused", gender="f", matchable=False), volunteer("full", gender="f", load=1),
            volunteer("man", gender="m"), volunteer("far", gender="f", **AALBORG),
            volunteer("ended", gender="f")]
    cit = citizen("c", preferred_gender="f", max_distance_km=50, excluded=["ended"])
    [result] = Engine().suggest([cit], vols, k=3)
    assert sorted(s["volunteer"] for s in result["suggestions"]) == ["ok1", "ok2"]
