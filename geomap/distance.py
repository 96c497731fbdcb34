"""Great-circle distance, the one formula the resolver and the evaluator share."""

from __future__ import annotations

import math

__all__ = ["EARTH_RADIUS_KM", "haversine_km"]

#: Mean Earth radius in km (geopy's great_circle default, as the geoparsing literature uses).
EARTH_RADIUS_KM = 6371.009


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (lat, lon) points.

    >>> round(haversine_km(0, 0, 1, 0), 1)
    111.2
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
