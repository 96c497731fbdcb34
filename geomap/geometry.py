"""Geometry for the renderer: ``Sequence[LatLon]`` -> ``Bounds``; simplified outlines.

This is the only module that imports shapely. Everywhere else in geomap a point is
``(lat, lon)``; shapely, like GeoJSON, wants ``(x, y) = (lon, lat)``. The swap happens
here, on the way in and on the way out, and nowhere else.

A box around one point (or a few points a street apart) would make the map zoom to
street level, so :func:`bounds` pads every box to a minimum span in each direction.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from shapely.geometry import MultiPoint, mapping, shape

from geomap.models import Bounds, LatLon

__all__ = ["DEFAULT_MIN_SPAN", "bounds", "simplified_geojson"]

DEFAULT_MIN_SPAN = 1.0
"""Smallest height and width of a box, in degrees (0.5° each way around one point)."""


def bounds(points: Sequence[LatLon], *, min_span: float = DEFAULT_MIN_SPAN) -> Bounds | None:
    """The ``((south, west), (north, east))`` box around ``points``; ``None`` if empty.

    Each side of the box is at least ``min_span`` degrees, grown evenly around the
    centre and kept within latitude -90..90 and longitude -180..180.

    >>> bounds([(33.3, 44.4)])
    ((32.8, 43.9), (33.8, 44.9))
    >>> bounds([]) is None
    True
    """
    if not points:
        return None
    if not (min_span >= 0 and math.isfinite(min_span)):
        raise ValueError(f"min_span must be a finite number >= 0, got {min_span!r}")
    for point in points:
        _check_point(point)
    # shapely order: x = lon, y = lat.
    west, south, east, north = MultiPoint([(lon, lat) for lat, lon in points]).bounds
    south, north = _widen(south, north, min_span, limit=90.0)
    west, east = _widen(west, east, min_span, limit=180.0)
    return ((south, west), (north, east))


def _check_point(point: LatLon) -> None:
    lat, lon = point
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"expected (lat, lon) in degrees within range, got {point!r}")


def _widen(low: float, high: float, min_span: float, *, limit: float) -> tuple[float, float]:
    """Grow ``low..high`` evenly to ``min_span``, shifted back inside ``-limit..limit``."""
    span = high - low
    if span >= min_span:
        return low, high
    grow = (min_span - span) / 2
    low, high = low - grow, high + grow
    # Near a pole or the antimeridian, slide the box inward rather than cut it short.
    if low < -limit:
        low, high = -limit, min(limit, high + (-limit - low))
    elif high > limit:
        low, high = max(-limit, low - (high - limit)), limit
    return round(low, 9), round(high, 9)


def simplified_geojson(geometry: str, tolerance: float, *, digits: int = 3) -> dict[str, Any]:
    """A GeoJSON geometry (as JSON text) simplified by ``tolerance`` degrees, for drawing.

    Coordinates stay in GeoJSON's (lon, lat) order and are rounded to ``digits``.
    """
    simple = shape(json.loads(geometry)).simplify(tolerance, preserve_topology=True)
    rounded: dict[str, Any] = _rounded(mapping(simple), digits)
    return rounded


def _rounded(value: Any, digits: int) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, list | tuple):
        return [_rounded(v, digits) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v, digits) for k, v in value.items()}
    return value
