"""The values that flow through the pipeline: Mention -> Candidate -> Place -> Document.

Stage by stage::

    text --extract--> Mention --lookup--> [Candidate] --resolve--> Place --render--> map

All types are small frozen dataclasses; they do no I/O and import nothing heavy.
Coordinates are always ``lat``/``lon`` in that order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Bounds",
    "Candidate",
    "Document",
    "LatLon",
    "Mention",
    "MentionKind",
    "Place",
    "PlaceKind",
    "Reason",
]

LatLon = tuple[float, float]
"""A point as ``(lat, lon)`` in degrees."""

Bounds = tuple[LatLon, LatLon]
"""``((south, west), (north, east))``, the shape folium's ``fit_bounds`` takes."""

PlaceKind = Literal["country", "admin1", "city", "continent", "water", "other"]
"""What a gazetteer entry (or geocoder answer) is."""

MentionKind = Literal["name", "admin", "context", "demonym", "coordinates"]
"""How a mention was found.

``name``: a gazetteer name in the text; ``admin``: an explicit admin phrase such as
"Diyala province"; ``context``: a capitalised name in a place context ("the town of X")
that the gazetteer does not know; ``demonym``: "Iraqi", "Kurdish"; ``coordinates``: a
point written in the text ("36.34°N 43.13°E", "38SLF3117022748"), its ``query`` the
point in decimal degrees, "lat,lon".
"""


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in text; ``text[start:end] == surface``.

    ``query`` is what to look up: the surface itself, or its core ("Diyala" for
    "Diyala province"). ``sentence_start``/``sentence_end`` delimit the sentence that
    holds the mention, in the same document offsets.
    """

    surface: str
    start: int
    end: int
    query: str
    kind: MentionKind
    sentence_start: int
    sentence_end: int
    #: For ``admin`` mentions, the feature level the phrase asks for.
    wants: PlaceKind | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer (or geocoder) entry a mention might refer to."""

    id: int
    name: str
    lat: float
    lon: float
    kind: PlaceKind
    #: ISO 3166-1 alpha-2 code.
    country: str | None = None
    #: Display name of the first-level region that holds the place (for a region: itself).
    admin1: str | None = None
    #: Display name of the country.
    country_name: str | None = None
    population: int = 0
    geonameid: int | None = None
    feature: str = ""
    source: str = "gazetteer"
    #: True when the mention matched the entry's main name, not only an alternate name.
    main_name: bool = True
    #: For online answers: the geocoder's full name of the place and its id there.
    display_name: str | None = None
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """One resolver feature's share in the score of the chosen candidate.

    ``id`` names the feature (kebab-case and stable: ``geomap.reasons.REASONS`` lists
    them), ``delta`` is what it added to the score (negative: what it took away) and
    ``detail`` says why in a few plain words ("in Texas, which the document names").
    """

    id: str
    delta: float
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    """A mention and the candidate chosen for it (``None`` when unresolved).

    ``reasons`` are the resolver's terms of the chosen candidate's score, in the order
    it added them; their deltas sum to that score (``score`` itself is the candidate's
    share of the softmax over all candidates).
    """

    mention: Mention
    candidate: Candidate | None
    score: float = 0.0
    alternatives: tuple[Candidate, ...] = ()
    reasons: tuple[Reason, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.candidate is not None

    @property
    def kind(self) -> str:
        """``demonym`` and ``coordinates`` for those mentions, else the candidate's kind
        (``other`` if none)."""
        if self.mention.kind in ("demonym", "coordinates"):
            return self.mention.kind
        return self.candidate.kind if self.candidate is not None else "other"


@dataclass(frozen=True, slots=True)
class Document:
    """One input document and the places found in it.

    A document too long to geoparse at once is read in parts (see ``geomap.inputs``):
    each part is a ``Document`` with the same ``id``, its ``part`` number (0, 1, …) and
    the ``offset`` at which its ``text`` starts in the whole document. Mention offsets
    always count from the start of the whole document.
    """

    id: str
    text: str
    places: tuple[Place, ...] = field(default=())
    offset: int = 0
    part: int | None = None
    #: From a JSONL record's ``"date"`` (ISO 8601, as written) and ``"source"``.
    date: str | None = None
    source: str | None = None

    def sentence(self, mention: Mention) -> str:
        """The sentence that holds ``mention``."""
        return self.text[mention.sentence_start - self.offset : mention.sentence_end - self.offset]
