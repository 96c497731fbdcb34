"""Why a place won: the resolver's named score terms (``Place.reasons``) in words.

Every feature of ``geomap.resolve`` adds a named term to a candidate's score; the
chosen candidate keeps its terms as ``Reason`` values (id, delta, detail). ``REASONS``
says in plain words what each id means: the map's popup shows these words under
"Why here", the outputs carry the ids and deltas. The ids are stable: a feature that
changes meaning gets a new id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import Reason

__all__ = ["REASONS", "reason_records", "reasons_text"]

#: Each reason id and what it means, in plain words.
REASONS: dict[str, str] = {
    "kind-prior": "Countries, continents and seas come first, then regions, then towns",
    "population": "Bigger places are mentioned more often",
    "capital": "A national capital",
    "main-name": "The text uses its main name, not only another name of it",
    "kind-wanted": "The phrase asks for this kind of place (as in \u201cX province\u201d)",
    "kind-unwanted": "The phrase asks for a county, not a region",
    "city-over-region": "A city of the same name lies in this region",
    "continent-namesake": "A continent, macro-region or sea has this name",
    "world-city-namesake": "A world city abroad has this name",
    "country-namesake": "A country has this name",
    "spelled-otherwise": "The text spells a country or region, not this town",
    "country-focus": "In a country the document is about",
    "in-context-region": "In a region the document names or places others in",
    "coherence": "Near the document's other places",
    "mutual-support": "A few km from another place the document names",
    "explicit-pair": (
        "Written beside its region or country "
        "(\u201cX, Y\u201d, \u201cX in Y\u201d, \u201cY's X\u201d)"
    ),
    "list-kind": "Listed with places of the same kind",
    "coordinates": "Written in the text as coordinates: the point itself",
    "correction": "The analyst's corrections file places this name here",
    "document-focus": (
        "Not in the gazetteer: placed, approximately, at the town the document names most"
    ),
}

_DELTA_DIGITS = 3


def reason_records(reasons: Iterable[Reason]) -> list[dict[str, Any]]:
    """``[{"id", "delta", "detail"}, ...]``, deltas rounded to 3 decimals (JSON outputs)."""
    return [
        {"id": r.id, "delta": round(r.delta, _DELTA_DIGITS), "detail": r.detail} for r in reasons
    ]


def reasons_text(reasons: Iterable[Reason]) -> str:
    """One short line: ``"population +0.93; main-name +0.50; in-context-region +1.00"``."""
    return "; ".join(f"{r.id} {r.delta:+.2f}" for r in reasons)
