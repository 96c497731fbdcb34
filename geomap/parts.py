"""Documents as ``Source`` records, and long texts cut into parts.

A text longer than ``geomap.inputs.PART_CHARS`` characters is geoparsed in parts cut at
a paragraph, line, sentence or word end (``cut_point``); each part keeps the offset at
which it starts in the whole text, so mentions keep whole-document offsets.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .given import Span

__all__ = ["Source", "cut_point", "split_text"]

# Where a part may end, best first: a paragraph, a line, a sentence, a word.
_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"')\]]*\s"))
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Source:
    """One document, or one part of a long one, to geoparse.

    ``offset`` is where ``text`` starts in the whole document (characters); ``part`` is
    ``None`` for a document read whole, else 0, 1, … ``nbytes`` is how many input bytes
    it came from (for progress).
    """

    id: str
    text: str
    offset: int = 0
    part: int | None = None
    nbytes: int = 0
    date: str | None = None
    source: str | None = None
    #: Given spans (``--given-spans``), in ``text``'s own offsets; ``None``: recognise.
    spans: tuple[Span, ...] | None = None


def split_text(
    doc_id: str,
    text: str,
    nbytes: int,
    part_chars: int,
    date: str | None = None,
    source: str | None = None,
    spans: Sequence[Span] | None = None,
) -> Iterator[Source]:
    """A document already in memory, whole or in parts (as ``_text_parts`` cuts them).

    Given ``spans`` (disjoint, in the whole text's offsets) go to the part that holds
    them, in its own offsets and in text order; no part is cut inside a span."""
    if len(text) <= part_chars:
        given = None if spans is None else tuple(spans)
        yield Source(doc_id, text, 0, None, nbytes, date, source, given)
        return
    ordered = sorted(spans) if spans is not None else []
    offset = part = 0
    while offset < len(text):
        rest = len(text) - offset
        cut = rest if rest <= part_chars else cut_point(text, part_chars, offset)
        cut = _clear_of(ordered, offset, cut)
        share = nbytes * cut // len(text)
        given = None
        if spans is not None:
            low = bisect.bisect_left(ordered, (offset, offset))
            high = bisect.bisect_left(ordered, (offset + cut, offset + cut))
            given = tuple((a - offset, b - offset) for a, b in ordered[low:high])
        yield Source(doc_id, text[offset : offset + cut], offset, part, share, date, source, given)
        offset += cut
        part += 1


def _clear_of(ordered: Sequence[Span], offset: int, cut: int) -> int:
    """``cut`` moved off any of the sorted spans it would fall inside: to the span's
    start, or, for a span that starts the part, to its end."""
    end = offset + cut
    i = bisect.bisect_left(ordered, (end, end)) - 1
    if i >= 0 and ordered[i][0] < end < ordered[i][1]:
        start, stop = ordered[i]
        return start - offset if start > offset else stop - offset
    return cut


def cut_point(text: str, limit: int, start: int = 0) -> int:
    """Length of the next part of ``text[start:]``: at most ``limit`` characters, ending
    after the last paragraph, line, sentence or word end of its second half."""
    low, high = start + limit // 2, start + limit
    for pattern in _CUTS:
        last = None
        for found in pattern.finditer(text, low, high):
            last = found
        if last is not None:
            return last.end() - start
    for index in range(high - 1, low - 1, -1):
        if _SPACE.match(text, index):
            return index + 1 - start
    return limit
