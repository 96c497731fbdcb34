"""Coordinates written in the text are mentions at their exact point (issue 16)."""

from __future__ import annotations

import json

import pytest

from geomap.gazetteer import load_gazetteer
from geomap.outputs import mention_record
from geomap.pipeline import geoparse
from geomap.recognise.coordinates import parse_point


@pytest.mark.parametrize(
    ("written", "point"),
    [
        ("36.34°N 43.13°E", (36.34, 43.13)),
        ("36.34 N, 43.13 E", (36.34, 43.13)),
        ("36.34N 43.13E", (36.34, 43.13)),
        ("N36.34 E43.13", (36.34, 43.13)),
        ("33.5°S 151.2°E", (-33.5, 151.2)),
        ("40.7°N 74.0°W", (40.7, -74.0)),
        ("36.34°, -43.13°", (36.34, -43.13)),
        ("36°20′N 43°08′E", (36.333333, 43.133333)),
        ("36°20'12\"N 43°8'E", (36.336667, 43.133333)),
        ("36° 20′ 12″ N, 43° 8′ E", (36.336667, 43.133333)),
        ("38SLF3117022748", (36.335001, 43.118886)),
        ("38S LF 31170 22748", (36.335001, 43.118886)),
        ("38SLF3122", (36.332820, 43.122609)),
    ],
)
def test_each_way_of_writing_a_point(written: str, point: tuple[float, float]) -> None:
    got = parse_point(written)
    assert got is not None
    assert got == pytest.approx(point, abs=1e-5)


@pytest.mark.parametrize(
    "written",
    [
        "36.34, 43.13",  # two bare numbers
        "95.0°N 43.1°E",  # no latitude of 95°
        "36.3°N 190.0°E",
        "36°60′N 43°08′E",  # minutes under 60
        "36°20′75″N 43°08′E",
        "99SLF3117022748",  # no zone 99
        "38S LF 3117 22748",  # halves of one precision
        "38ILF3117022748",  # no band I
    ],
)
def test_what_is_not_a_point(written: str) -> None:
    assert parse_point(written) is None


def test_a_point_in_the_text_is_a_mention_at_that_point() -> None:
    text = "Strikes hit 36.34°N 43.13°E near Mosul. A patrol reached 38S LF 31170 22748."
    doc = geoparse(text, gazetteer=load_gazetteer())
    points = [p for p in doc.places if p.mention.kind == "coordinates"]
    assert [p.mention.surface for p in points] == ["36.34°N 43.13°E", "38S LF 31170 22748"]
    for p in points:
        assert text[p.mention.start : p.mention.end] == p.mention.surface
        assert p.candidate is not None and p.candidate.source == "coordinates"
        assert p.kind == "coordinates" and p.score == 1.0
        assert [r.id for r in p.reasons] == ["coordinates"]
    record = json.loads(json.dumps(mention_record(points[0])))
    assert (record["text"], record["kind"], record["lat"], record["lon"]) == (
        "36.34°N 43.13°E",
        "coordinates",
        36.34,
        43.13,
    )
    assert record["display_name"] == "36.34000, 43.13000"
    # Its words are no names: "N" and "E" are not looked up, Mosul still is.
    assert [p.mention.surface for p in doc.places if p.mention.kind != "coordinates"] == ["Mosul"]


def test_the_map_shows_the_point_as_written_and_in_decimal_degrees() -> None:
    from geomap.render import MapBuilder

    builder = MapBuilder()
    builder.add(geoparse("Troops dug in at 36°20'12\"N 43°8'E.", gazetteer=load_gazetteer()))
    (place,) = builder.payload()["places"]
    assert (place["name"], place["display"], place["source"]) == (
        "36°20'12\"N 43°8'E",
        "36.33667, 43.13333",
        "coordinates",
    )
