"""Recognisers other than the built-in one: a spaCy pipeline's place entities as spans.

``--recogniser spacy:MODEL`` (and ``geoparse(text, recogniser="spacy:MODEL")``) takes
the place entities of an installed spaCy pipeline as the spans to resolve: ``GPE``,
``LOC`` and ``FAC`` entities, and ``NORP`` entities the gazetteer knows as demonyms
("Iraqi"); a leading "the " is left out of the span. They are then resolved like given
spans (``geomap.given``), sentences from geomap's own splitter.

spaCy is an optional extra (``pip install 'geomap[spacy]'``), imported only here and
only when asked for. A pipeline is loaded once per process (each worker of ``--jobs``
or of a Dask cluster loads its own, on its first document) and kept.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .errors import ConfigurationError
from .gazetteer import Gazetteer
from .given import Span

__all__ = [
    "PLACE_LABELS",
    "Recogniser",
    "load_spacy",
    "parse_recogniser",
    "recognised_spans",
    "spacy_spans",
]

#: spaCy's entity labels taken as places; ``NORP`` ones are taken as demonyms.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

#: ``"builtin"``, ``"spacy:MODEL"``, or a loaded spaCy pipeline (text -> ``Doc``).
Recogniser = str | Callable[[str], Any]

_load_lock = threading.Lock()


def parse_recogniser(value: str) -> str | None:
    """``--recogniser``: ``None`` for the built-in one, else the spaCy model's name."""
    if value == "builtin":
        return None
    kind, _, model = value.partition(":")
    if kind != "spacy" or not model:
        raise ConfigurationError(
            f"--recogniser {value!r}: give builtin or spacy:MODEL (e.g. spacy:en_core_web_sm)"
        )
    return model


def load_spacy(model: str) -> Any:
    """The spaCy pipeline ``model`` (a package name or a folder), loaded once per process;
    ``ConfigurationError`` with one plain line when spaCy or the model is missing."""
    with _load_lock:
        return _load(model)


@lru_cache(maxsize=4)
def _load(model: str) -> Any:
    try:
        spacy = importlib.import_module("spacy")
    except ImportError as err:
        raise ConfigurationError(
            f"--recogniser spacy:{model} needs spaCy: pip install 'geomap[spacy]'"
        ) from err
    try:
        return spacy.load(model)
    except OSError as first:
        try:  # a model package spaCy does not list under its own name
            return importlib.import_module(model).load()
        except (ImportError, AttributeError):
            raise ConfigurationError(
                f"--recogniser spacy:{model}: no such spaCy pipeline installed "
                f"(pip install its package, or give its folder); {first}"
            ) from first
    except Exception as err:  # noqa: BLE001 - a broken model is one line, not a traceback
        raise ConfigurationError(
            f"--recogniser spacy:{model}: cannot load it ({type(err).__name__}: {err})"
        ) from err


def spacy_spans(doc: Any, gazetteer: Gazetteer) -> list[Span]:
    """The place spans of a parsed spaCy ``doc``, in text order (see the module docstring)."""
    out: list[Span] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in PLACE_LABELS and label != "NORP":
            continue
        start, end, surface = ent.start_char, ent.end_char, ent.text
        if surface[:4].lower() == "the " and len(surface) > 4:
            start, surface = start + 4, surface[4:]
        if label == "NORP" and gazetteer.demonym(surface) is None:
            continue
        out.append((start, end))
    return out


def recognised_spans(recogniser: Recogniser, text: str, gazetteer: Gazetteer) -> list[Span]:
    """The spans ``recogniser`` finds in ``text``: ``"spacy:MODEL"`` or a pipeline."""
    pipeline = recogniser
    if isinstance(recogniser, str):
        model = parse_recogniser(recogniser)
        if model is None:
            raise ValueError("the built-in recogniser makes mentions, not spans")
        pipeline = load_spacy(model)
    assert callable(pipeline)
    return spacy_spans(pipeline(text), gazetteer)
