"""Lookup: mention -> candidates, from the bundled gazetteer first.

Stage input: a ``Mention``. Output: its ``Candidate`` entries. The gazetteer answers
first; names it does not know can be passed to a *fallback* (anything matching
``Fallback``; ``geomap.geocoder.OnlineGeocoder`` is the online one, importable from
here too). A fallback is never asked about a name the gazetteer knows, and its
failures never raise.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from .gazetteer import Gazetteer
from .geocoder import LookupStats, OnlineGeocoder
from .models import Candidate, Mention

__all__ = ["Fallback", "LookupStats", "OnlineGeocoder", "lookup", "lookup_fallback"]

logger = logging.getLogger(__name__)


class Fallback(Protocol):
    """Resolves names the gazetteer lacks (e.g. an online geocoder).

    ``countries`` are the ISO codes the document is about, most mentioned first, so
    the search can be biased to them. Returns at most a few candidates, ``[]`` when
    nothing place-like was found or the service failed.
    """

    def __call__(self, mention: Mention, *, countries: Sequence[str]) -> list[Candidate]: ...


def lookup(mention: Mention, gazetteer: Gazetteer) -> list[Candidate]:
    """Gazetteer candidates for one mention (demonyms: the country or region they name)."""
    if mention.kind == "demonym":
        holder = gazetteer.demonym(mention.surface)
        return [holder] if holder is not None else []
    found = list(gazetteer.find(mention.query))
    if mention.kind == "admin" and mention.wants == "other":
        # "Walker county", "the parish of Avoyelles": the gazetteer's counties go by
        # their full names.
        for designator in ("County", "Parish"):
            found.extend(gazetteer.find(f"{mention.query} {designator}"))
    return found


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
