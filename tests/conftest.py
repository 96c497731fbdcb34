"""Shared fixtures. Each builds hand-written models; none reads the bundled gazetteer."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from helpers import write_tiny_gazetteer

from geomap.gazetteer import Gazetteer, load_gazetteer
from geomap.models import Candidate, Document, Mention, MentionKind, Place

# A spot is (surface, candidate) or (surface, candidate, mention kind).
Spot = tuple[str, Candidate | None] | tuple[str, Candidate | None, MentionKind]


@pytest.fixture(autouse=True)
def _no_network_by_default(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never reach the internet: every run is offline unless a test that serves a
    local geocoder says otherwise, and the geocoder cache is a fresh temporary file."""
    monkeypatch.setenv("GEOMAP_OFFLINE", "1")
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path_factory.mktemp("cache") / "geocode.sqlite"))
    monkeypatch.delenv("GEOMAP_GEOCODER_URL", raising=False)


@pytest.fixture(scope="module")
def gaz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny hand-written gazetteer's tables (``helpers.TINY_PLACES``)."""
    return write_tiny_gazetteer(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def gaz(gaz_dir: Path) -> Gazetteer:
    """The tiny gazetteer, loaded."""
    return load_gazetteer(gaz_dir)


_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


@pytest.fixture
def make_candidate() -> Callable[..., Candidate]:
    """Factory: ``make_candidate(id, name, lat, lon, **fields)`` -> ``Candidate``."""

    def make(id: int, name: str, lat: float, lon: float, **fields: Any) -> Candidate:
        fields.setdefault("kind", "city")
        return Candidate(id=id, name=name, lat=lat, lon=lon, **fields)

    return make


@pytest.fixture
def make_document() -> Callable[[str, str, Sequence[Spot]], Document]:
    """Factory: ``make_document(doc_id, text, spots)`` -> ``Document``.

    Each spot is the next occurrence of its surface in ``text`` (after the previous spot
    with the same surface). Sentences are runs of text ending in ``.``, ``!`` or ``?``.
    """

    def make(doc_id: str, text: str, spots: Sequence[Spot]) -> Document:
        sentences = [
            (m.start() + len(m[0]) - len(m[0].lstrip()), m.end()) for m in _SENTENCE.finditer(text)
        ]
        searched_from: dict[str, int] = {}
        places = []
        for spot in spots:
            surface, candidate = spot[0], spot[1]
            kind: MentionKind = spot[2] if len(spot) == 3 else "name"
            start = text.index(surface, searched_from.get(surface, 0))
            end = start + len(surface)
            searched_from[surface] = end
            s_start, s_end = next((a, b) for a, b in sentences if a <= start < b)
            mention = Mention(surface, start, end, surface, kind, s_start, s_end)
            places.append(Place(mention, candidate, 1.0 if candidate is not None else 0.0))
        return Document(id=doc_id, text=text, places=tuple(places))

    return make
