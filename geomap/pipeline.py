"""The stages composed: ``geoparse(text)`` -> ``Document``; ``map_documents`` -> map.

    text --extract--> Mention --lookup--> [Candidate] --resolve--> Place --render--> map

Each function here is a thin composition; the stages hold the logic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .focus import is_focus, place_by_focus
from .gazetteer import Gazetteer, load_gazetteer
from .given import Span, check_spans, given_mentions
from .knowledge import Corrections
from .lookup import Fallback, lookup, lookup_fallback
from .models import Candidate, Document, Mention, Place
from .recognise import extract_mentions
from .recognise.text import split_sentences
from .recognisers import Recogniser, recognised_spans
from .resolve import resolve

if TYPE_CHECKING:
    import folium

    from .render import MapBuilder

__all__ = ["fill_from_fallback", "geoparse", "geoparse_many", "map_documents", "map_text"]


def geoparse(
    text: str,
    *,
    doc_id: str = "text",
    gazetteer: Gazetteer | None = None,
    fallback: Fallback | None = None,
    spans: Iterable[Span | Sequence[int] | dict[str, int]] | None = None,
    recogniser: Recogniser | None = None,
    focus: bool = False,
    corrections: Corrections | None = None,
) -> Document:
    """Find and resolve every place ``text`` mentions.

    ``corrections`` (``geomap.knowledge.load_corrections``) are the analyst's: a
    corrected name is a mention wherever the text writes it and resolves to its
    corrected place; an ignored one is no mention. (Own places join the gazetteer:
    ``gazetteer.with_places(load_places(...))``.)

    ``focus=True`` places each name that neither the gazetteer nor ``fallback`` knows,
    approximately, at the town the document names most (see ``geomap.focus``).

    >>> doc = geoparse("Fighters fled Mosul for Raqqa in Syria.")
    >>> [(p.mention.surface, p.candidate.country) for p in doc.places if p.candidate]
    [('Mosul', 'IQ'), ('Raqqa', 'SY'), ('Syria', 'SY')]

    With ``spans`` (``(start, end)`` code point offsets, ``[start, end]`` or ``{"start":
    s, "end": e}``), nothing is recognised: each span is one mention, resolved, in the
    order given; one the gazetteer cannot answer stays unresolved (``geomap.given``).
    A bad span (out of range, ``end <= start``, overlapping another) is a ``ValueError``.

    >>> doc = geoparse("Fighters fled Mosul for Raqqa.", spans=[(24, 29)])
    >>> [(p.mention.surface, p.candidate.country) for p in doc.places]
    [('Raqqa', 'SY')]

    ``recogniser`` finds the spans instead of the built-in recogniser: ``"builtin"``
    (the default), ``"spacy:MODEL"`` (an installed spaCy pipeline, loaded once per
    process) or a loaded spaCy pipeline itself (``geomap.recognisers``).
    """
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    if recogniser is not None and recogniser != "builtin":
        if spans is not None:
            raise ValueError("give spans or a recogniser, not both")
        spans = recognised_spans(recogniser, text, gaz)
    if spans is None:
        mentions = extract_mentions(text, gaz)
        if corrections:
            mentions = corrections.mentions(text, mentions, doc_id, split_sentences(text))
    else:
        mentions = given_mentions(text, check_spans(spans, len(text)), gaz)
    places = _resolved_in_text_order(text, mentions, [lookup(m, gaz) for m in mentions])
    if corrections:
        places = corrections.places(places, doc_id)
    doc = Document(doc_id, text, tuple(places))
    if fallback is not None:
        doc = fill_from_fallback(doc, fallback)
    return replace(doc, places=tuple(place_by_focus(doc.places))) if focus else doc


def _resolved_in_text_order(
    text: str,
    mentions: Sequence[Mention],
    candidates: Sequence[Sequence[Candidate]],
) -> list[Place]:
    """``resolve(text, mentions, candidates)`` with the mentions sorted by offset (as
    the resolver reads them), the places put back in the mentions' own order."""
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    if order == list(range(len(mentions))):
        return resolve(text, mentions, candidates)
    chosen = resolve(text, [mentions[i] for i in order], [candidates[i] for i in order])
    places: list[Place] = [chosen[0]] * len(chosen)
    for place, i in zip(chosen, order, strict=True):
        places[i] = place
    return places


def fill_from_fallback(doc: Document, fallback: Fallback) -> Document:
    """``doc`` with the mentions the gazetteer left unresolved offered to ``fallback``,
    once per name, in order. Its answers are candidates for the resolver, which chooses
    among them with the same features as among the gazetteer's, the places the
    document resolved being their context; those places stay as they were."""
    counts = Counter(p.candidate.country for p in doc.places if p.candidate and p.candidate.country)
    countries = [code for code, _ in counts.most_common()]
    answers: dict[tuple[str, str | None], list[Candidate]] = {}
    online: list[list[Candidate]] = []
    for place in doc.places:
        if (place.candidate is not None and not is_focus(place.candidate)) or (
            place.mention.kind == "demonym"
        ):
            online.append([])
            continue
        key = (place.mention.query, place.mention.wants)
        if key not in answers:
            answers[key] = lookup_fallback(place.mention, fallback, countries=countries)
        online.append(answers[key])
    if not any(online):
        return doc
    return replace(doc, places=tuple(_resolve_online(doc, online)))


def _resolve_online(doc: Document, online: list[list[Candidate]]) -> list[Place]:
    """Resolve the online answers ``online[i]`` of the unresolved ``doc.places[i]``, the
    other places' chosen candidates standing as their only candidates."""
    # A part of a long document holds the text from doc.offset on; resolve() reads the
    # text between mentions, so it gets their offsets within the part.
    mentions = [
        replace(p.mention, start=p.mention.start - doc.offset, end=p.mention.end - doc.offset)
        for p in doc.places
    ]
    candidates = [
        found or ([p.candidate] if p.candidate is not None else [])
        for p, found in zip(doc.places, online, strict=True)
    ]
    chosen = _resolved_in_text_order(doc.text, mentions, candidates)
    return [
        replace(new, mention=old.mention) if found else old
        for old, new, found in zip(doc.places, chosen, online, strict=True)
    ]


def geoparse_many(
    documents: Iterable[tuple[str, str]],
    *,
    gazetteer: Gazetteer | None = None,
    fallback: Fallback | None = None,
) -> Iterator[Document]:
    """``geoparse`` each ``(doc_id, text)`` pair, lazily."""
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    for doc_id, text in documents:
        yield geoparse(text, doc_id=doc_id, gazetteer=gaz, fallback=fallback)


def map_documents(
    documents: Iterable[Document],
    *,
    tiles: str | None = "OpenStreetMap",
    gazetteer: Gazetteer | None = None,
    evidence: int | None = None,
    panel: bool = True,
    builder: MapBuilder | None = None,
) -> folium.Map:
    """Draw documents' places on one map, a layer per document (a ``folium.Map``: it
    shows itself in Jupyter and writes a file with ``.save(path)``).

    ``documents`` may be any iterable, a generator over a whole corpus included: each
    document goes into a ``geomap.render.MapBuilder`` as it comes and is dropped, so its
    text is not kept. ``evidence`` is how many sentences each place keeps (default
    ``geomap.render.EVIDENCE``). ``tiles`` and ``panel`` are as for
    ``geomap.render.render_map``; ``tiles=None`` draws ``gazetteer``'s country outlines
    as the basemap. ``gazetteer`` defaults to the bundled one (for the outlines).

    Pass your own ``builder`` (made with the ``evidence`` you want, instead of giving
    ``evidence`` here) to look at it afterwards: ``builder.omitted`` says what the page
    budget left out; ``map_documents([], builder=builder, panel=False)`` draws the same
    places again without the side panel.

    >>> from geomap.render import MapBuilder
    >>> builder = MapBuilder(evidence=2)
    >>> m = map_documents(geoparse_many([("a", "Mosul.")]), tiles=None, builder=builder)
    >>> type(m).__name__, builder.omitted
    ('Map', None)
    """
    from .render import MapBuilder, render_map

    if builder is None:
        builder = MapBuilder() if evidence is None else MapBuilder(evidence=evidence)
    elif evidence is not None:
        raise ValueError("give evidence or builder, not both (a builder has its own)")
    for doc in documents:
        builder.add(doc)
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    return render_map(builder, tiles=tiles, gazetteer=gaz, panel=panel)


def map_text(text: str, *, doc_id: str = "text", tiles: str | None = "OpenStreetMap") -> folium.Map:
    """Geoparse ``text`` and draw its places.

    >>> m = map_text("Fighters fled Mosul for Raqqa.")
    >>> type(m).__name__
    'Map'
    """
    return map_documents([geoparse(text, doc_id=doc_id)], tiles=tiles)
