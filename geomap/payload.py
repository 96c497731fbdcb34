"""The map's payload: ``Document``s (their resolved ``Place``s) -> one JSON object.

``MapBuilder`` aggregates documents as they stream (never a document's text);
``geomap.render`` puts the payload into the page, ``geomap.js`` draws it.

Payload (``MapBuilder.payload``)::

    {"docs": [doc name, ...], "docMentions": [...], "docPlaces": [...],
     "docDates": [days since 1970 | null, ...] | null,
     "sources": [source name, ...], "docSources": [source index | -1, ...] | null,
     "sentences": [[text, [doc index, ...], copies], ...],
     "places": [{"id", "name", "lat", "lon", "kind", "category", "admin1", "country", "score",
                 "source", "display", "geonameid", "alternatives": [label, ...],
                 "reasons": [[reason id, delta], ...],
                 "docs": [[doc index, mentions], ...], "count": mentions,
                 "refs": refs, "sentenceCount": distinct sentences in all,
                 "demonymRefs": refs, "demonymCount": n,
                 "demonymSentenceCount": n}, ...],
     "evidence": sentences kept per place,
     "reasonText": {reason id: plain words, ...} for the ids the places use,
     "omitted": {"places": n, "mentions": n} | null,
     "outlines": GeoJSON FeatureCollection | null, "basemap": ... | null,
     "bounds": [[south, west], [north, east]] | null}

Place fields at their default (``_DEFAULTS``: no admin-1, source "gazetteer", no
alternatives, no demonym mentions, …) are left out. ``refs`` is
``[[sentence index, [[start, end], ...]], ...]`` with offsets inside
the sentence. A sentence that several documents carry word for word is one entry:
``copies`` is how many documents carry it and the list names the first 20. Counts
(``docs``, ``count``, ``docMentions``) cover every mention; ``refs`` only the kept
evidence: at most ``evidence`` distinct sentences per place, spread over documents.
Two budgets bound the page: the sentences take about ``SENTENCE_BUDGET`` bytes at most
(each place keeps fewer past it), the whole payload ``PAGE_BUDGET`` (past it, the
places mentioned least are left out, and ``omitted`` counts them).
Escaping: the payload is JSON inside a ``<script>`` element, so ``<``,
``>``, ``&`` and the JS line separators are written as ``\\uXXXX`` escapes and no input
text can close the script; in the browser every text goes into the page through
``textContent``, never as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .focus import is_focus
from .geometry import bounds, simplified_geojson
from .inputs import parse_date
from .lookup import POINT_SOURCE
from .models import Candidate, Document, Reason
from .reasons import REASONS

if TYPE_CHECKING:
    from .gazetteer import Gazetteer

__all__ = [
    "CATEGORY_COLORS",
    "EVIDENCE",
    "LOW_CONFIDENCE",
    "PAGE_BUDGET",
    "SENTENCE_BUDGET",
    "SENTENCE_WINDOW",
    "MapBuilder",
    "map_payload",
]

_OUTLINE_TOLERANCE = 0.01
_BASEMAP_TOLERANCE = 0.05
#: Places whose score is below this are drawn as "low confidence".
LOW_CONFIDENCE = 0.5

#: The marker categories and their colours, for outlines: Python's only copy. geomap.css
#: repeats the colours (``.geomap-<category>``) and geomap.js names the categories
#: (``CATEGORY_LABELS``); tests/test_structure.py checks that the three agree.
CATEGORY_COLORS = {
    "country": "#1f5fa8",
    "admin1": "#2e9c4a",
    "city": "#d6402b",
    "online": "#f08c00",
    "low": "#8c8c8c",
    "other": "#7d4fb3",
}


def _category(candidate: Candidate, score: float) -> str:
    if is_focus(candidate):
        return "low"
    if candidate.source == POINT_SOURCE:
        return "other"
    if candidate.source != "gazetteer":
        return "online"
    if score < LOW_CONFIDENCE:
        return "low"
    return candidate.kind if candidate.kind in ("country", "admin1", "city") else "other"


def _label(c: Candidate) -> str:
    where = ", ".join(x for x in (c.admin1, c.country_name or c.country) if x and x != c.name)
    return f"{c.name} ({c.kind}{', ' + where if where else ''})"


#: Sentences kept per place (and per place's demonym mentions) by default.
EVIDENCE = 10
#: The sentences of a page take at most about this many bytes: past it, each place
#: shows fewer (down to one), so that the page stays under 25 MB for any corpus.
SENTENCE_BUDGET = 12_000_000
#: The payload takes at most this many bytes (with the scripts, the page stays under
#: 25 MB): past it, the places mentioned least are left out of the page, and it says so.
PAGE_BUDGET = 23_000_000
#: A sentence longer than this is cut to a window around its mention.
SENTENCE_WINDOW = 600


@dataclass(slots=True)
class _Evidence:
    """The sentences kept for one place (literal or demonym mentions) and its counts.

    ``kept`` holds at most ``limit`` entries ``[sentence index, doc index, spans]``,
    spread over documents: once full, a sentence from a document not yet shown
    replaces the latest one of the document shown most often."""

    limit: int
    kept: list[list[Any]] = field(default_factory=list)
    by_sentence: dict[int, int] = field(default_factory=dict)  # sentence -> kept row
    distinct: set[int] = field(default_factory=set)  # hashes of every sentence seen
    count: int = 0  # mentions
    per_doc: dict[int, int] = field(default_factory=dict)  # doc -> mentions

    def add(self, doc: int, sentence: str, span: tuple[int, int], table: MapBuilder) -> None:
        self.count += 1
        self.per_doc[doc] = self.per_doc.get(doc, 0) + 1
        self.distinct.add(hash(sentence))
        s = table.known_sentence(sentence, doc)
        if s is not None and s in self.by_sentence:
            self.kept[self.by_sentence[s]][2].add(span)
            return
        if len(self.kept) < self.limit:
            self._keep(table.keep_sentence(sentence, doc), doc, span)
            return
        shown: dict[int, int] = {}
        for row in self.kept:
            shown[row[1]] = shown.get(row[1], 0) + 1
        if doc in shown:
            return
        crowded = max(shown, key=lambda d: (shown[d], -d))
        if shown[crowded] < 2:
            return
        victim = max(i for i, row in enumerate(self.kept) if row[1] == crowded)
        del self.by_sentence[self.kept[victim][0]]
        self.kept.pop(victim)
        self.by_sentence = {row[0]: i for i, row in enumerate(self.kept)}
        self._keep(table.keep_sentence(sentence, doc), doc, span)

    def _keep(self, s: int, doc: int, span: tuple[int, int]) -> None:
        self.by_sentence[s] = len(self.kept)
        self.kept.append([s, doc, {span}])


@dataclass(slots=True)
class _PlaceData:
    candidate: Candidate
    score: float
    alternatives: list[str]
    reasons: list[list[Any]]
    literal: _Evidence
    demonym: _Evidence


class MapBuilder:
    """The map's payload, built a document at a time: ``add(doc)`` for each, then
    ``payload()``. Only what the page shows is kept (per place at most ``evidence``
    sentences, identical sentences once with the documents that carry them, and the
    counts of every mention), never a document's text, so a corpus of any size fits.

    The parts of a long document (same id, consecutive) are one document on the map.
    """

    def __init__(
        self,
        *,
        evidence: int = EVIDENCE,
        budget: int = SENTENCE_BUDGET,
        page_budget: int = PAGE_BUDGET,
    ) -> None:
        if evidence < 1:
            raise ValueError(f"evidence must be 1 or more, not {evidence}")
        self.evidence = evidence
        self.budget = budget
        self.page_budget = page_budget
        #: What the last ``payload()`` left out of the page (``None``: nothing).
        self.omitted: dict[str, int] | None = None
        self._ids: list[str] = []
        self._dates: list[float | None] = []  # days since 1970-01-01 (UTC)
        self._doc_sources: list[int] = []  # index into _sources, -1 for none
        self._sources: dict[str, int] = {}
        self._doc_mentions: list[int] = []
        self._doc_places: list[set[int]] = []
        self._places: dict[int, _PlaceData] = {}
        # Kept sentences: text -> index, and per index [text, doc indices, copies].
        self._sentence_index: dict[str, int] = {}
        self._sentences: list[list[Any]] = []
        self._occurrences: set[tuple[int, int]] = set()  # (sentence, doc) counted

    def add(self, doc: Document) -> None:
        if not (doc.part and self._ids and self._ids[-1] == doc.id):
            self._ids.append(doc.id)
            moment = parse_date(doc.date)
            self._dates.append(None if moment is None else moment.timestamp() / 86_400)
            source = (
                -1
                if doc.source is None
                else self._sources.setdefault(doc.source, len(self._sources))
            )
            self._doc_sources.append(source)
            self._doc_mentions.append(0)
            self._doc_places.append(set())
        d = len(self._ids) - 1

        for place in doc.places:
            c = place.candidate
            if c is None:
                continue
            m = place.mention
            sentence, span = _window(doc.sentence(m), m.start - m.sentence_start, m.end - m.start)
            data = self._places.get(c.id)
            if data is None:
                data = self._places[c.id] = _PlaceData(
                    c,
                    place.score,
                    [_label(a) for a in place.alternatives],
                    _compact(place.reasons),
                    _Evidence(self.evidence),
                    _Evidence(self.evidence),
                )
            if m.kind == "demonym":
                data.demonym.add(d, sentence, span, self)
            else:
                data.literal.add(d, sentence, span, self)
                self._doc_mentions[d] += 1
                self._doc_places[d].add(c.id)

    def _used(self, keep: int) -> set[int]:
        """The sentences in the page when each place shows at most ``keep``."""
        return {
            row[0]
            for data in self._places.values()
            for ev in (data.literal, data.demonym)
            for row in ev.kept[:keep]
        }

    def _evidence_bytes(self, keep: int) -> int:
        """About how many bytes the sentences take in the page at ``keep`` per place."""
        return sum(len(self._sentences[s][0]) + 24 for s in self._used(keep))

    def known_sentence(self, text: str, doc_index: int) -> int | None:
        """The index of ``text`` if some place keeps it (counting ``doc_index`` among
        the documents that carry it), else ``None``."""
        s = self._sentence_index.get(text)
        if s is not None:
            self._carried(s, doc_index)
        return s

    def keep_sentence(self, text: str, doc_index: int) -> int:
        """The index of ``text`` among the kept sentences, added if new."""
        s = self._sentence_index.get(text)
        if s is None:
            s = self._sentence_index[text] = len(self._sentences)
            self._sentences.append([text, [], 0])
        self._carried(s, doc_index)
        return s

    def _carried(self, s: int, doc_index: int) -> None:
        """Count ``doc_index`` once among the documents that carry sentence ``s``."""
        if (s, doc_index) not in self._occurrences:
            self._occurrences.add((s, doc_index))
            entry = self._sentences[s]
            entry[2] += 1
            if len(entry[1]) < _SENTENCE_DOCS:
                entry[1].append(doc_index)

    def payload(
        self, *, gazetteer: Gazetteer | None = None, basemap: bool = False
    ) -> dict[str, Any]:
        """The JSON payload ``geomap.js`` draws (see the module docstring)."""
        # The sentence budget: fewer sentences per place until the evidence fits.
        keep = self.evidence
        while keep > 1 and self._evidence_bytes(keep) > self.budget:
            keep -= 1
        outlines = _outlines(self._places.values(), gazetteer)
        base = _basemap(gazetteer) if basemap else None
        docs: dict[str, Any] = {
            "docs": _unique_names(self._ids),
            "docMentions": self._doc_mentions,
            "docPlaces": [len(s) for s in self._doc_places],
            # Only when some document has one: no date, no time control.
            "docDates": self._dates if any(d is not None for d in self._dates) else None,
            "sources": list(self._sources),
            "docSources": self._doc_sources if self._sources else None,
        }
        fixed = _json_bytes(docs) + _json_bytes(outlines) + _json_bytes(base)
        rows = [(data, self._place_fields(data, keep)) for data in self._places.values()]
        # The page budget: the least-mentioned places leave the page if all would not fit.
        shown, omitted = self._within_page(rows, fixed)
        self.omitted = omitted
        # Only the sentences some shown place keeps go into the page, renumbered.
        used = sorted(
            {ref[0] for _, place in shown for key in _REF_KEYS for ref in place.get(key, ())}
        )
        renumber = {old: new for new, old in enumerate(used)}
        for _, place in shown:
            for key in _REF_KEYS:
                if key in place:
                    place[key] = sorted(
                        ([renumber[r[0]], r[1]] for r in place[key]), key=lambda r: r[0]
                    )
        literal = [data.candidate for data, _ in shown if data.literal.count]
        points = [(c.lat, c.lon) for c in literal] or [
            (data.candidate.lat, data.candidate.lon) for data, _ in shown
        ]
        box = bounds(points)
        return {
            **docs,
            "sentences": [self._sentences[old] for old in used],
            "places": [place for _, place in shown],
            "evidence": keep,
            "reasonText": _reason_text(place for _, place in shown),
            "omitted": omitted,
            "outlines": outlines,
            "basemap": base,
            "bounds": [list(box[0]), list(box[1])] if box else None,
        }

    def _place_fields(self, data: _PlaceData, keep: int) -> dict[str, Any]:
        """One place of the payload, its refs naming sentences by their table index."""
        c = data.candidate
        place: dict[str, Any] = {
            "id": c.id,
            "name": c.name,
            "lat": round(c.lat, 5),  # about a metre
            "lon": round(c.lon, 5),
            "kind": c.kind,
            "category": _category(c, data.score),
            "admin1": c.admin1,
            "country": c.country_name or c.country,
            "score": round(data.score, 3),
            "source": c.source,
            "display": c.display_name,
            "geonameid": c.geonameid,
            "alternatives": data.alternatives,
            "reasons": data.reasons,
            "docs": [[d, n] for d, n in sorted(data.literal.per_doc.items())],
            "count": data.literal.count,
            "refs": _refs(data.literal, keep),
            "sentenceCount": len(data.literal.distinct),
            "demonymRefs": _refs(data.demonym, keep),
            "demonymCount": data.demonym.count,
            "demonymSentenceCount": len(data.demonym.distinct),
        }
        # Fields at their default are left out: 50,000 places weigh megabytes less.
        return {k: v for k, v in place.items() if k not in _DEFAULTS or v != _DEFAULTS[k]}

    def _within_page(
        self, rows: list[tuple[_PlaceData, dict[str, Any]]], fixed: int
    ) -> tuple[list[tuple[_PlaceData, dict[str, Any]]], dict[str, int] | None]:
        """The places that fit in ``page_budget`` bytes with their sentences, after
        ``fixed`` bytes of documents, outlines and basemap: the most-mentioned first. Returns
        them in their first-seen order, and what was left out (``None`` if nothing)."""
        referenced = {
            ref[0] for _, place in rows for key in _REF_KEYS for ref in place.get(key, ())
        }
        # Each sentence measured once, however many places keep it.
        sentence_bytes = {s: _json_bytes(self._sentences[s]) + 1 for s in referenced}
        rough = fixed + sum(sentence_bytes.values()) + sum(_rough_bytes(p) for _, p in rows)
        if rough <= self.page_budget * 0.8:
            return rows, None
        order = sorted(
            range(len(rows)),
            key=lambda i: (-(rows[i][0].literal.count + rows[i][0].demonym.count), i),
        )
        total = fixed
        counted: set[int] = set()
        chosen: set[int] = set()
        for i in order:
            place = rows[i][1]
            new = {r[0] for key in _REF_KEYS for r in place.get(key, ())} - counted
            cost = _json_bytes(place) + 1 + sum(sentence_bytes[s] for s in new)
            if total + cost > self.page_budget:
                break
            total += cost
            counted |= new
            chosen.add(i)
        left = [data for i, (data, _) in enumerate(rows) if i not in chosen]
        omitted = {
            "places": len(left),
            "mentions": sum(d.literal.count + d.demonym.count for d in left),
        }
        return [row for i, row in enumerate(rows) if i in chosen], omitted


def _json_bytes(value: Any) -> int:
    """Bytes of ``value`` as compact JSON (about as ``script_json`` writes it)."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def _rough_bytes(place: dict[str, Any]) -> int:
    """An upper estimate of a payload place's JSON size, without writing it."""
    return (
        400
        + 4 * len(place["name"])
        + 24 * len(place.get("docs", ()))
        + 64 * sum(len(r[1]) + 1 for key in _REF_KEYS for r in place.get(key, ()))
        + sum(4 * len(a) + 3 for a in place.get("alternatives", ()))
        + 32 * len(place.get("reasons", ()))
        + 4 * len(place.get("display") or "")
    )


_REF_KEYS = ("refs", "demonymRefs")


#: Place fields left out of the payload when they hold these (geomap.js assumes them).
_DEFAULTS: dict[str, Any] = {
    "admin1": None,
    "country": None,
    "source": "gazetteer",
    "display": None,
    "geonameid": None,
    "alternatives": [],
    "reasons": [],
    "demonymRefs": [],
    "demonymCount": 0,
    "demonymSentenceCount": 0,
}

#: A shared sentence lists at most this many of the documents that carry it (and
#: counts them all).
_SENTENCE_DOCS = 20


def _compact(reasons: Sequence[Reason]) -> list[list[Any]]:
    """A place's reasons as the page carries them: ``[[id, delta], ...]``, the deltas to
    two decimals, those that round to nothing left out (the words for each id travel
    once, in ``reasonText``)."""
    return [[r.id, round(r.delta, 2)] for r in reasons if round(r.delta, 2)]


def _reason_text(places: Iterable[dict[str, Any]]) -> dict[str, str]:
    """The plain words of each reason id the shown places use."""
    used = {reason[0] for place in places for reason in place.get("reasons", ())}
    return {rid: REASONS.get(rid, rid) for rid in sorted(used)}


def _window(sentence: str, start: int, length: int) -> tuple[str, tuple[int, int]]:
    """``sentence`` and the mention's span in it, cut to ``SENTENCE_WINDOW`` characters
    around the mention when longer (with an ellipsis at each cut end)."""
    if len(sentence) <= SENTENCE_WINDOW:
        return sentence, (start, start + length)
    half = max((SENTENCE_WINDOW - length) // 2, 0)
    lo = max(0, min(start - half, len(sentence) - SENTENCE_WINDOW))
    hi = min(len(sentence), max(lo + SENTENCE_WINDOW, start + length))
    head = "\u2026" if lo > 0 else ""
    tail = "\u2026" if hi < len(sentence) else ""
    offset = start - lo + len(head)
    return head + sentence[lo:hi] + tail, (offset, offset + length)


def map_payload(
    documents: Iterable[Document],
    *,
    gazetteer: Gazetteer | None = None,
    basemap: bool = False,
    evidence: int = EVIDENCE,
    budget: int = SENTENCE_BUDGET,
    page_budget: int = PAGE_BUDGET,
) -> dict[str, Any]:
    """The JSON payload ``geomap.js`` draws (see the module docstring)."""
    builder = MapBuilder(evidence=evidence, budget=budget, page_budget=page_budget)
    for doc in documents:
        builder.add(doc)
    return builder.payload(gazetteer=gazetteer, basemap=basemap)


def _refs(evidence: _Evidence, keep: int) -> list[list[Any]]:
    """``[[sentence index, [[start, end], ...]], ...]`` of the first ``keep`` kept."""
    return [[s, [list(span) for span in sorted(spans)]] for s, _, spans in evidence.kept[:keep]]


def _outlines(places: Any, gazetteer: Gazetteer | None) -> dict[str, Any] | None:
    """Outlines of the countries and regions the documents mention (not as demonyms)."""
    if gazetteer is None:
        return None
    wanted = {
        p.candidate.id: p
        for p in places
        if p.literal.count and p.candidate.kind in ("country", "admin1") and p.candidate.id > 0
    }
    shapes = gazetteer.shapes(wanted)
    features = []
    for gid, geometry in sorted(shapes.items()):
        data = wanted[gid]
        category = _category(data.candidate, data.score)
        features.append(
            {
                "type": "Feature",
                "geometry": simplified_geojson(geometry, _OUTLINE_TOLERANCE),
                "properties": {
                    "id": gid,
                    "name": data.candidate.name,
                    "color": CATEGORY_COLORS[category],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _basemap(gazetteer: Gazetteer | None) -> dict[str, Any] | None:
    """Every country's outline: the offline stand-in for map tiles."""
    if gazetteer is None:
        return None
    shapes = gazetteer.shapes(gazetteer.country_ids())
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": simplified_geojson(g, _BASEMAP_TOLERANCE),
                "properties": {},
            }
            for _, g in sorted(shapes.items())
        ],
    }


def _unique_names(names: Sequence[str]) -> list[str]:
    """``names`` with repeats suffixed " (2)", " (3)", ...: each layer needs its own name."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        unique, n = name, 1
        while unique in seen:
            n += 1
            unique = f"{name} ({n})"
        seen.add(unique)
        out.append(unique)
    return out
