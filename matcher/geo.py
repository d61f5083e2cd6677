"""Great-circle distances between many points at once."""

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def unit_vectors(lat, lon):
    """Return N×3 unit vectors on the sphere for latitude/longitude arrays in degrees."""
    p, lam = np.radians(np.asarray(lat, float)), np.radians(np.asarray(lon, float))
    return np.stack([np.cos(p) * np.cos(lam), np.cos(p) * np.sin(lam), np.sin(p)], axis=1)


def haversine_km(a, b):
    """Return the len(a)×len(b) distance matrix in km between two sets of unit vectors.

    haversine(θ) = |a − b|² / 4 for unit vectors, so the whole matrix is one matrix product
    (float64 keeps metre precision); NaN coordinates give NaN distances.
    """
    sq = np.sum(a * a, 1)[:, None] + np.sum(b * b, 1)[None, :] - 2.0 * (a @ b.T)
    return (2 * EARTH_RADIUS_KM) * np.arcsin(np.sqrt(np.clip(sq, 0.0, 4.0)) / 2)
