from __future__ import annotations

import math
import pathlib
import re

import pytest

from geomap.geometry import DEFAULT_MIN_SPAN, bounds
from geomap.models import LatLon


def test_no_points_no_bounds() -> None:
    assert bounds([]) is None


def test_bounds_are_south_west_north_east_in_lat_lon_order() -> None:
    # Lat and lon ranges differ so a swapped axis cannot pass.
    points = [(10.0, 100.0), (20.0, 140.0), (15.0, 120.0)]
    assert bounds(points) == ((10.0, 100.0), (20.0, 140.0))


def test_single_point_is_padded_half_a_degree_each_way() -> None:
    (south, west), (north, east) = bounds([(33.3, 44.4)]) or pytest.fail("no bounds")
    assert south == pytest.approx(32.8)
    assert north == pytest.approx(33.8)
    assert west == pytest.approx(43.9)
    assert east == pytest.approx(44.9)


def test_tiny_extent_grows_to_min_span_around_its_centre() -> None:
    box = bounds([(51.50, -0.12), (51.51, -0.10)]) or pytest.fail("no bounds")
    (south, west), (north, east) = box
    assert north - south == pytest.approx(DEFAULT_MIN_SPAN)
    assert east - west == pytest.approx(DEFAULT_MIN_SPAN)
    assert ((south + north) / 2, (west + east) / 2) == pytest.approx((51.505, -0.11))


def test_only_the_short_axis_is_padded() -> None:
    # Wide east-west, flat north-south.
    box = bounds([(0.0, -30.0), (0.1, 30.0)]) or pytest.fail("no bounds")
    (south, west), (north, east) = box
    assert (west, east) == (-30.0, 30.0)
    assert north - south == pytest.approx(1.0)


def test_custom_min_span() -> None:
    assert bounds([(5.0, 5.0)], min_span=0) == ((5.0, 5.0), (5.0, 5.0))
    box = bounds([(5.0, 5.0)], min_span=10) or pytest.fail("no bounds")
    assert box == (pytest.approx((0.0, 0.0)), pytest.approx((10.0, 10.0)))


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ((90.0, 180.0), ((89.0, 179.0), (90.0, 180.0))),
        ((-89.9, -179.9), ((-90.0, -180.0), (-89.0, -179.0))),
    ],
)
def test_padding_stays_on_the_globe_and_keeps_its_span(point: LatLon, expected: object) -> None:
    assert bounds([point]) == expected


@pytest.mark.parametrize(
    "point",
    [(math.nan, 0.0), (0.0, math.inf), (91.0, 0.0), (-90.5, 0.0), (0.0, 180.5), (0.0, -181.0)],
)
def test_bad_points_are_rejected(point: LatLon) -> None:
    with pytest.raises(ValueError, match="lat, lon"):
        bounds([(0.0, 0.0), point])


@pytest.mark.parametrize("min_span", [-1.0, math.nan, math.inf])
def test_bad_min_span_is_rejected(min_span: float) -> None:
    with pytest.raises(ValueError, match="min_span"):
        bounds([(0.0, 0.0)], min_span=min_span)


def test_geometry_is_the_only_shapely_importer() -> None:
    package = pathlib.Path(__file__).parents[1] / "geomap"
    importers = sorted(
        path.name
        for path in package.glob("*.py")
        if re.search(r"^\s*(import|from)\s+shapely\b", path.read_text(), re.M)
    )
    assert importers == ["geometry.py"]
