"""Coordinates written in the text: mentions at their exact point.

Three ways of writing a point, each a sentence rule's pattern:

* degrees with hemispheres, decimal or with minutes and seconds, ASCII or typographic
  marks: ``36.34°N 43.13°E``, ``36.34 N, 43.13 E``, ``36°20′N 43°08′E``,
  ``36°20'12"N 43°8'E``, ``N36.34 E43.13``;
* signed decimal degrees, each with its degree sign: ``36.34°, -43.13°``;
* MGRS grid references, precision 1 to 5 digits a side: ``38SLF3117022748``,
  ``38S LF 31170 22748`` (converted with the ``mgrs`` package).

Two bare numbers are not coordinates, and an impossible value (latitude 95°, minutes
of 60, an MGRS reference with a bad zone or square) is no mention. A mention's
``query`` is the point in decimal degrees, ``"lat,lon"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..models import Mention
from .reader import Reader

__all__ = ["coordinates", "parse_point"]

# Degrees, then optional minutes and seconds: "36.34", "36°20′", "36°20'12\"".
_DMS = (
    r"(\d{1,3}(?:\.\d+)?)\s?°?\s?"
    r"(?:(\d{1,2}(?:\.\d+)?)\s?['′’]\s?"
    r"(?:(\d{1,2}(?:\.\d+)?)\s?(?:[\"″”]|''|′′)\s?)?)?"
)
_SEP = r"\s?[,;/]?\s*"
_AFTER = r"(?![\w°'′’\"″”])"
_BEFORE = r"(?<![\w.°'′’\-])"
_HEMISPHERE_AFTER = re.compile(_BEFORE + _DMS + r"([NS])" + _SEP + _DMS + r"([EW])" + _AFTER)
_HEMISPHERE_BEFORE = re.compile(_BEFORE + r"([NS])\s?" + _DMS + _SEP + r"([EW])\s?" + _DMS + _AFTER)
_SIGNED = re.compile(
    _BEFORE + r"(-?\d{1,2}(?:\.\d+)?)°\s?,?\s*(-?\d{1,3}(?:\.\d+)?)°(?![\w°]|\s?[NSEW]\b)"
)
# Some point may be written here: a cheap test before the patterns.
_MAYBE = re.compile(r"\d\s?[°'′’NSEW]|\b[NS]\s?\d|\d[C-HJ-NP-X]\s?[A-HJ-NP-Z]{2}")
_MGRS = re.compile(
    r"(?<![\w.\-])(\d{1,2})([C-HJ-NP-X])\s?([A-HJ-NP-Z]{2})\s?"
    r"(?:(\d{1,5})\s(\d{1,5})|(\d{2,10}))(?![\w\-]|\.\d)"
)


def coordinates(
    reader: Reader, s_start: int, s_end: int, taken: list[tuple[int, int]]
) -> list[Mention]:
    """Every point written in the sentence, as a ``coordinates`` mention."""
    found = []
    for start, end, (lat, lon) in _points(reader.text, s_start, s_end):
        if any(a < end and start < b for a, b in taken):
            continue
        surface = reader.text[start:end]
        found.append(
            Mention(surface, start, end, f"{lat:.6f},{lon:.6f}", "coordinates", s_start, s_end)
        )
        taken.append((start, end))
    return found


def parse_point(text: str) -> tuple[float, float] | None:
    """The point ``text`` writes, if all of it is one: ``(lat, lon)``.

    >>> parse_point("36°20'N 43°8'E")
    (36.333333, 43.133333)
    >>> parse_point("95.0°N 43.1°E") is None
    True
    """
    for start, end, point in _points(text, 0, len(text)):
        if start == 0 and end == len(text):
            return round(point[0], 6), round(point[1], 6)
    return None


def _points(text: str, start: int, end: int) -> Iterator[tuple[int, int, tuple[float, float]]]:
    """``(start, end, (lat, lon))`` of each valid point in ``text[start:end]``."""
    if not _MAYBE.search(text, start, end):
        return
    for pattern, convert in (
        (_HEMISPHERE_AFTER, _hemispheres_after),
        (_HEMISPHERE_BEFORE, _hemispheres_before),
        (_SIGNED, _signed),
        (_MGRS, _grid),
    ):
        for match in pattern.finditer(text, start, end):
            point = convert(match.groups())
            if point is not None:
                yield match.start(), match.start() + len(match.group().rstrip()), point


def _degrees(d: str, m: str | None, s: str | None, limit: float) -> float | None:
    minutes = float(m) if m else 0.0
    seconds = float(s) if s else 0.0
    if minutes >= 60 or seconds >= 60 or ((m or s) and "." in d):
        return None
    value = float(d) + minutes / 60 + seconds / 3600
    return value if value <= limit else None


def _signed_pair(
    lat: float | None, lon: float | None, ns: str, ew: str
) -> tuple[float, float] | None:
    if lat is None or lon is None:
        return None
    return (-lat if ns == "S" else lat), (-lon if ew == "W" else lon)


def _hemispheres_after(g: tuple[str | None, ...]) -> tuple[float, float] | None:
    d1, m1, s1, ns, d2, m2, s2, ew = g
    assert d1 is not None and d2 is not None and ns is not None and ew is not None
    return _signed_pair(_degrees(d1, m1, s1, 90), _degrees(d2, m2, s2, 180), ns, ew)


def _hemispheres_before(g: tuple[str | None, ...]) -> tuple[float, float] | None:
    ns, d1, m1, s1, ew, d2, m2, s2 = g
    assert d1 is not None and d2 is not None and ns is not None and ew is not None
    return _signed_pair(_degrees(d1, m1, s1, 90), _degrees(d2, m2, s2, 180), ns, ew)


def _signed(g: tuple[str | None, ...]) -> tuple[float, float] | None:
    lat, lon = float(g[0] or 0), float(g[1] or 0)
    return (lat, lon) if abs(lat) <= 90 and abs(lon) <= 180 else None


def _grid(g: tuple[str | None, ...]) -> tuple[float, float] | None:
    zone, band, square, east, north, both = g
    assert zone and band and square
    digits = both if both else f"{east}{north}"
    if not 1 <= int(zone) <= 60 or len(digits) % 2 or (east and len(east) != len(north or "")):
        return None
    return _mgrs_point(f"{int(zone):02d}{band}{square}{digits}")


@lru_cache(maxsize=4096)
def _mgrs_point(reference: str) -> tuple[float, float] | None:
    import mgrs  # a C library behind ctypes: loaded on the first grid reference

    try:
        lat, lon = mgrs.MGRS().toLatLon(reference)
    except Exception:  # noqa: BLE001 - mgrs raises its own error types, and ValueError
        return None
    return round(float(lat), 6), round(float(lon), 6)
