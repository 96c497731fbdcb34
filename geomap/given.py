"""Given spans: resolve the spans a caller names instead of recognising places.

``geoparse(text, spans=[(start, end), ...])`` and ``geomap extract --given-spans`` skip
recognition: each span becomes one mention, with the same ``start`` and ``end``, which
goes through lookup and the resolver like a recognised one. A span the gazetteer cannot
answer stays in the output, unresolved.

A span's mention kind is read from its text, as the recogniser would write it:

* ``demonym`` when the gazetteer knows the text as a demonym and not as a name
  ("Iraqi", "Americans");
* ``admin`` when it ends in a designator the gazetteer does not know with it
  ("Diyala Province" is looked up as "Diyala", wanting a region), or a lower-case
  designator follows it ("Diyala" in "Diyala province");
* ``name`` otherwise (looked up without a leading "the" when the gazetteer does not
  know it with one).

Its sentence is the sentence of ``geomap.recognise.split_sentences`` that holds it
(those it straddles, joined).

Offsets are code points (Python ``str`` indices). A span is ``(start, end)``, ``[start,
end]`` or ``{"start": start, "end": end}`` with integers ``0 <= start < end <=
len(text)``, and must not overlap another span.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any

from .gazetteer import Gazetteer
from .models import Mention, MentionKind, PlaceKind
from .recognise import split_sentences
from .wordlists import ADMIN1_WORDS, ADMIN2_WORDS

__all__ = ["Span", "check_spans", "given_mentions", "read_spans", "span_of"]

Span = tuple[int, int]


def span_of(value: Any) -> Span | str:
    """``value`` as ``(start, end)``, or why it is not a span (its offsets unchecked)."""
    if isinstance(value, dict):
        if "start" not in value or "end" not in value:
            return 'not a span (needs "start" and "end")'
        pair = (value["start"], value["end"])
    elif isinstance(value, list | tuple) and len(value) == 2:
        pair = (value[0], value[1])
    else:
        return "not a span ({start, end} or [start, end])"
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in pair):
        return "offsets are not integers"
    return pair


def read_spans(values: Iterable[Any], length: int) -> tuple[list[Span], list[tuple[Any, str]]]:
    """The good spans of ``values`` in their order, and each bad one with why: not a
    span, out of ``0..length``, ``end <= start``, or overlapping a span kept before it."""
    kept: list[Span] = []
    taken: list[Span] = []  # kept, sorted
    bad: list[tuple[Any, str]] = []
    for value in values:
        span = span_of(value)
        if isinstance(span, str):
            bad.append((value, span))
            continue
        start, end = span
        if end <= start:
            bad.append((value, "end <= start"))
        elif start < 0 or end > length:
            bad.append((value, f"out of range (the text has {length} characters)"))
        elif _overlaps(taken, span):
            bad.append((value, "overlaps an earlier span"))
        else:
            kept.append(span)
            bisect.insort(taken, span)
    return kept, bad


def _overlaps(taken: list[Span], span: Span) -> bool:
    """Does ``span`` share a character with one of the sorted, disjoint ``taken``?"""
    i = bisect.bisect_left(taken, span)
    return (i < len(taken) and taken[i][0] < span[1]) or (i > 0 and taken[i - 1][1] > span[0])


def check_spans(spans: Iterable[Any], length: int) -> list[Span]:
    """The spans as ``(start, end)`` pairs; ``ValueError`` naming the first bad one."""
    kept, bad = read_spans(spans, length)
    if bad:
        value, why = bad[0]
        raise ValueError(f"span {value!r}: {why}")
    return kept


def given_mentions(text: str, spans: Sequence[Span], gazetteer: Gazetteer) -> list[Mention]:
    """One mention per span, in the order given (see the module docstring)."""
    sentences = split_sentences(text)
    ends = [e for _, e in sentences]
    out = []
    for start, end in spans:
        surface = text[start:end]
        kind, query, wants = _kind(text, start, end, gazetteer)
        # The sentences the span touches: the first that ends after its start, on.
        first = bisect.bisect_right(ends, start)
        last = bisect.bisect_left(ends, end, lo=first)
        s_start = min(start, sentences[first][0]) if first < len(sentences) else start
        s_end = max(end, sentences[last][1]) if last < len(sentences) else end
        out.append(Mention(surface, start, end, query, kind, s_start, s_end, wants))
    return out


def _kind(
    text: str, start: int, end: int, gazetteer: Gazetteer
) -> tuple[MentionKind, str, PlaceKind | None]:
    """``(mention kind, query, kind wanted)`` of the span ``text[start:end]``."""
    surface = text[start:end]
    known = bool(gazetteer.find(surface))
    if not known and gazetteer.demonym(surface) is not None:
        return "demonym", surface, None
    query = surface
    if not known and surface[:4].lower() == "the " and gazetteer.find(surface[4:]):
        query = surface[4:]
        known = True
    words = surface.split()
    if not known and len(words) >= 2 and _designator(words[-1]) is not None:
        return "admin", surface[: surface.rstrip().rfind(" ")].rstrip(), _designator(words[-1])
    after = text[end : end + 40].split(maxsplit=1)
    if after and after[0].islower() and _designator(after[0]) is not None:
        return "admin", query, _designator(after[0])
    return "name", query, None


def _designator(word: str) -> PlaceKind | None:
    """The feature level a designator word asks for ("province": admin1)."""
    lower = word.lower().rstrip(".,;:")
    if lower in ADMIN1_WORDS:
        return "admin1"
    return "other" if lower in ADMIN2_WORDS else None
