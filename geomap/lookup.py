"""Lookup: mention -> candidates, from the bundled gazetteer first.

Stage input: a ``Mention``. Output: its ``Candidate`` entries. The gazetteer answers
first; names it does not know can be passed to a *fallback* (anything matching
``Fallback``; ``geomap.geocoder.OnlineGeocoder`` is the online one, importable from
here too). A fallback is never asked about a name the gazetteer knows, and its
failures never raise.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from .gazetteer import Gazetteer
from .geocoder import LookupStats, OnlineGeocoder
from .models import Candidate, Mention
from .wordlists import (
    AROUND_WORDS,
    COMPASS_WORDS,
    FEATURE_WORDS,
    PART_WORDS,
    POSTAL_CODES,
    REGION_ABBREVIATIONS,
)

__all__ = [
    "POINT_SOURCE",
    "Fallback",
    "LookupStats",
    "OnlineGeocoder",
    "lookup",
    "lookup_fallback",
    "point_candidate",
]

logger = logging.getLogger(__name__)

#: ``Candidate.source`` of a point written in the text.
POINT_SOURCE = "coordinates"
# Ids of written points: below the gazetteer's and the focus places' ids.
_POINT_ID_BASE = -20_000_000_000


class Fallback(Protocol):
    """Resolves names the gazetteer lacks (e.g. an online geocoder).

    ``countries`` are the ISO codes the document is about, most mentioned first, so
    the search can be biased to them. Returns at most a few candidates, ``[]`` when
    nothing place-like was found or the service failed.
    """

    def __call__(self, mention: Mention, *, countries: Sequence[str]) -> list[Candidate]: ...


def lookup(mention: Mention, gazetteer: Gazetteer) -> list[Candidate]:
    """Gazetteer candidates for one mention (demonyms: the country or region they name).

    A name the gazetteer does not know as written may still name a place it knows: a
    region's abbreviation ("S.C.", "KY"), a US county without its designator
    ("Gwinnett"), or a place with a word for its part or surroundings ("North London",
    "Swat Valley"); those candidates count as matched by another name than their own.
    """
    if mention.kind == "demonym":
        holder = gazetteer.demonym(mention.surface)
        return [holder] if holder is not None else []
    if mention.kind == "coordinates":
        return [point_candidate(mention)]
    if "." in mention.query and mention.query in REGION_ABBREVIATIONS:
        return _region(REGION_ABBREVIATIONS[mention.query], gazetteer)  # "Kan." is no Kan
    found = list(gazetteer.find(mention.query))
    if mention.kind == "admin" and mention.wants == "other":
        found.extend(_county(mention.query, gazetteer))
    if found or mention.kind == "admin":
        return found
    return [replace(c, main_name=False) for c in _unknown_name(mention.query, gazetteer)]


def point_candidate(mention: Mention) -> Candidate:
    """The point a ``coordinates`` mention writes: a place of its own, named as written."""
    lat, lon = (float(x) for x in mention.query.split(","))
    return Candidate(
        id=_POINT_ID_BASE - zlib.crc32(mention.query.encode()),
        name=mention.surface,
        lat=lat,
        lon=lon,
        kind="other",
        source=POINT_SOURCE,
        display_name=f"{lat:.5f}, {lon:.5f}",
    )


def _region(region: tuple[str, str], gazetteer: Gazetteer) -> list[Candidate]:
    """The admin-1 region ``(full name, country code)``."""
    full, country = region
    found = [c for c in gazetteer.find(full) if c.kind == "admin1" and c.country == country]
    return [c for c in found if c.main_name] or found


def _county(name: str, gazetteer: Gazetteer) -> list[Candidate]:
    """ "Walker", "Avoyelles": the gazetteer's US counties go by their full names."""
    return [c for d in ("County", "Parish") for c in gazetteer.find(f"{name} {d}")]


def _unknown_name(name: str, gazetteer: Gazetteer) -> list[Candidate]:
    """Candidates for a name the gazetteer lacks as written (see ``lookup``)."""
    region = REGION_ABBREVIATIONS.get(name) or POSTAL_CODES.get(name)
    if region is not None:
        return _region(region, gazetteer)
    words = name.split()
    if not words or words[-1].lower() in FEATURE_WORDS - AROUND_WORDS:
        return []  # "Red River" is no Red River County, "Eastern Creek" no "Creek"
    found = _county(name, gazetteer)
    if found or len(words) < 2:
        return found
    if words[0].lower() in PART_WORDS or words[0].lower() in COMPASS_WORDS:
        return list(gazetteer.find(" ".join(words[1:])))
    if words[-1].lower() in AROUND_WORDS:
        return list(gazetteer.find(" ".join(words[:-1])))
    return []


def lookup_fallback(
    mention: Mention, fallback: Fallback | None, *, countries: Sequence[str]
) -> list[Candidate]:
    """Ask the fallback about a mention the gazetteer could not resolve."""
    if fallback is None or mention.kind == "demonym":
        return []
    try:
        return fallback(mention, countries=countries)
    except Exception as err:  # noqa: BLE001 - one bad name never sinks a document
        logger.warning("fallback lookup of %r failed: %s", mention.query, err)
        return []
