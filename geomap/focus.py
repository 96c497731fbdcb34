"""The document's focus: where a name the gazetteer lacks is placed, approximately.

A local story's streets, buildings and neighbourhoods ("Royal Street", "Faubourg
Marigny", "MetroHealth Medical Center") are seldom in a bundled gazetteer, but they
lie, nearly always, in the town the story is about. ``place_by_focus`` gives each such
unresolved mention a place of its own at the point of the town the document names most
(its *focus*): ``source`` ``"document-focus"``, kind ``other``, score 0, and a reason
that says so. A document that names no town leaves them unresolved.

It is off by default (``geoparse(..., focus=True)`` switches it on): measured on the dev
corpora's gold spans, about half of such names lie within 161 km of the focus town, so
a marker placed this way is a guess, and the map says so. The online fallback still
gets these names first (``fill_from_fallback`` treats them as unresolved).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .models import Candidate, Place, Reason

__all__ = ["FOCUS_SOURCE", "focus_of", "is_focus", "place_by_focus"]

FOCUS_SOURCE = "document-focus"
# Ids of focus places: below the gazetteer's own negative ids (-5,000,000,001 and up).
_FOCUS_ID_BASE = -10_000_000_000


def is_focus(candidate: Candidate | None) -> bool:
    """``candidate`` is an approximate place at the document's focus."""
    return candidate is not None and candidate.source == FOCUS_SOURCE


def focus_of(places: Sequence[Place]) -> Candidate | None:
    """The town the document names most (the first named of those tied), if any."""
    counts: Counter[int] = Counter()
    towns: dict[int, Candidate] = {}
    for p in places:
        c = p.candidate
        if c is not None and c.kind == "city" and p.mention.kind != "demonym" and not is_focus(c):
            counts[c.id] += 1
            towns.setdefault(c.id, c)
    if not counts:
        return None
    return towns[counts.most_common(1)[0][0]]


def place_by_focus(places: Sequence[Place]) -> list[Place]:
    """``places`` with each unresolved one (but demonyms) placed at the focus."""
    if all(p.candidate is not None or p.mention.kind == "demonym" for p in places):
        return list(places)
    focus = focus_of(places)
    if focus is None:
        return list(places)
    return [
        _at_focus(p, focus) if p.candidate is None and p.mention.kind != "demonym" else p
        for p in places
    ]


def _at_focus(place: Place, focus: Candidate) -> Place:
    name = place.mention.surface
    # One place per name and focus town: the same street twice is one marker.
    key = zlib.crc32(f"{name.casefold()}|{focus.id}".encode())
    candidate = replace(
        focus,
        id=_FOCUS_ID_BASE - key,
        name=name,
        kind="other",
        population=0,
        geonameid=None,
        feature="",
        source=FOCUS_SOURCE,
        main_name=False,
        display_name=f"in or near {focus.name}",
        external_id=None,
    )
    detail = f"not in the gazetteer: placed at {focus.name}, the town the document names most"
    return replace(
        place, candidate=candidate, score=0.0, reasons=(Reason("document-focus", 0.0, detail),)
    )
