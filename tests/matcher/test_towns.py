"""models/towns.py: Danish town coordinates from GeoNames."""

import pytest

from models.towns import distance_km, town_coordinates, town_names


def test_town_lookup_is_case_insensitive_and_knows_alternate_names():
    """Rødvig, Aarhus/Århus and København/Copenhagen resolve; unknown names give None."""
    lat, lon = town_coordinates("rødvig")
    assert 55.2 < lat < 55.3 and 12.3 < lon < 12.4
    assert town_coordinates("Århus") == town_coordinates("AARHUS")
    assert town_coordinates("Copenhagen") == town_coordinates("København")
    assert town_coordinates("Atlantis") is None and town_coordinates("") is None


def test_town_names_and_distance():
    """Names are sorted and include small towns; Køge–Roskilde is about 21 km."""
    names = town_names()
    assert names == sorted(names) and "Rødvig" in names and len(names) > 400
    assert distance_km("Køge", "Roskilde") == pytest.approx(21.4, abs=1)
    assert distance_km("Køge", "Nowhere") is None
