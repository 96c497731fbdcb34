"""Rendering: ``Sequence[Document]`` (their resolved ``Place``s) -> ``folium.Map``.

This is the only module that imports folium. Each document becomes one layer
(``folium.FeatureGroup``) that a ``LayerControl`` can switch on and off; in it, each
distinct resolved place (one ``Candidate.id``) gets one marker whose popup lists every
sentence of that document that mentions it. Unresolved places get no marker.

Escaping. folium does not escape popup or tooltip text: ``Html(..., script=True)`` and
``Tooltip`` put the string into the page as it is, and both end up inside a JavaScript
template literal (``$(`...`)`` for popups, ``bindTooltip(`...`)`` for tooltips) in a
``<script>`` block. So every piece of input text goes through :func:`escape_text`, which
HTML-escapes it and also turns the characters that mean something inside a template
literal (backtick, ``$``, backslash) into HTML entities. Layer names go through it too:
folium writes them as JSON strings, but Leaflet's layer control shows them as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import folium

from geomap.geometry import bounds, bounds_center
from geomap.models import Candidate, Document, Mention

__all__ = ["POPUP_MAX_HEIGHT", "POPUP_WIDTH", "escape_text", "render_map"]

POPUP_WIDTH = 360
"""Popup width in pixels (fixed, so long sentences wrap instead of stretching it)."""

POPUP_MAX_HEIGHT = 320
"""Popup height in pixels above which its content scrolls."""

#: Where the map looks, and how far out, when there is nothing to fit.
_WORLD_CENTER = (20.0, 0.0)
_WORLD_ZOOM = 2

#: Longest document id shown whole in the layer control, and most layers shown open.
_LAYER_LABEL_CHARS = 40
_EXPANDED_LAYERS = 6

# Inside a JS template literal a backtick ends the string, "${" starts code and a
# backslash starts an escape; as HTML entities they are plain text to both JS and HTML.
_TEMPLATE_LITERAL_SAFE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def escape_text(text: str) -> str:
    """Make input text safe as HTML content inside folium's JS template literals.

    >>> escape_text("<b>`${x}`</b> & 'y' \\\\")
    '&lt;b&gt;&#96;&#36;{x}&#96;&lt;/b&gt; &amp; &#x27;y&#x27; &#92;'
    """
    return html.escape(text, quote=True).translate(_TEMPLATE_LITERAL_SAFE)


@dataclass(frozen=True, slots=True)
class _PlaceGroup:
    """One resolved place of one document and its distinct mentions, in text order."""

    candidate: Candidate
    mentions: tuple[Mention, ...]


def render_map(
    documents: Sequence[Document],
    *,
    tiles: str | None = "OpenStreetMap",
    attr: str | None = None,
) -> folium.Map:
    """Draw the resolved places of ``documents`` on one map, one layer per document.

    ``tiles`` is a folium tile name or URL template (``None``: no tile layer); ``attr``
    is its attribution, which folium requires for a URL and knows for named tiles. The
    view fits all markers; with none, it shows the whole world.

    >>> m = render_map([Document(id="empty", text="")], tiles=None)
    >>> type(m).__name__
    'Map'
    """
    per_document = [(document, _group_places(document)) for document in documents]
    points = [
        (group.candidate.lat, group.candidate.lon) for _, groups in per_document for group in groups
    ]
    box = bounds(points)

    tile_layer = None if tiles is None else folium.TileLayer(tiles, attr=attr, control=False)
    center = _WORLD_CENTER if box is None else bounds_center(box)
    fmap = folium.Map(location=center, zoom_start=_WORLD_ZOOM, tiles=tile_layer)
    if box is not None:
        fmap.fit_bounds(box)

    for layer_name, (document, groups) in zip(
        _unique_names([d.id for d in documents]), per_document, strict=True
    ):
        layer = folium.FeatureGroup(name=_layer_label(layer_name))
        for group in groups:
            _marker(document, group).add_to(layer)
        layer.add_to(fmap)
    if documents:
        # Open while it fits beside the map; past that, an icon that opens on hover.
        folium.LayerControl(collapsed=len(documents) > _EXPANDED_LAYERS).add_to(fmap)
    return fmap


def _group_places(document: Document) -> list[_PlaceGroup]:
    """Resolved places grouped by candidate id, in order of first mention."""
    candidates: dict[int, Candidate] = {}
    spans: dict[int, dict[tuple[int, int], Mention]] = {}
    for place in document.places:
        if place.candidate is None:
            continue
        key = place.candidate.id
        candidates.setdefault(key, place.candidate)
        # The same span reported twice is one mention.
        mention = place.mention
        spans.setdefault(key, {}).setdefault((mention.start, mention.end), mention)
    return [
        _PlaceGroup(candidates[key], tuple(sorted(found.values(), key=lambda m: (m.start, m.end))))
        for key, found in sorted(spans.items(), key=lambda item: min(item[1]))
    ]


def _unique_names(names: Sequence[str]) -> list[str]:
    """``names`` with repeats suffixed " (2)", " (3)", ...: the layer control keys on them."""
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


def _layer_label(name: str) -> str:
    """The layer control's label (HTML): the name, cut short with the whole in a tooltip."""
    if len(name) <= _LAYER_LABEL_CHARS:
        return escape_text(name)
    short = name[: _LAYER_LABEL_CHARS - 1].rstrip() + "\u2026"
    return f'<span title="{escape_text(name)}">{escape_text(short)}</span>'


def _marker(document: Document, group: _PlaceGroup) -> folium.Marker:
    candidate = group.candidate
    count = len(group.mentions)
    popup = folium.Popup(
        folium.Html(_popup_html(document, group), script=True),
        max_width=POPUP_WIDTH,
        min_width=POPUP_WIDTH,
    )
    online = candidate.source != "gazetteer"
    label = f"{candidate.name} ({count}){' - found online' if online else ''}"
    tooltip = folium.Tooltip(escape_text(label))
    # Places found by the online geocoder get an orange marker; the gazetteer's are blue.
    icon = folium.Icon(color="orange" if online else "blue", icon="info-sign")
    return folium.Marker(
        location=(candidate.lat, candidate.lon), popup=popup, tooltip=tooltip, icon=icon
    )


def _popup_html(document: Document, group: _PlaceGroup) -> str:
    """The popup's HTML; every piece of input text in it is escaped."""
    candidate = group.candidate
    count = len(group.mentions)
    demonyms = sum(1 for m in group.mentions if m.kind == "demonym")
    times = f"{count} time" if count == 1 else f"{count} times"
    if demonyms:
        times += f" ({demonyms} as a demonym)" if demonyms == 1 else f" ({demonyms} as demonyms)"

    by_sentence: dict[tuple[int, int], list[Mention]] = {}
    for mention in group.mentions:
        by_sentence.setdefault((mention.sentence_start, mention.sentence_end), []).append(mention)
    items = []
    for (start, end), mentions in by_sentence.items():
        n = len(mentions)
        repeat = f' <span style="color:#666">(&times;{n})</span>' if n > 1 else ""
        items.append(f"<li>{_sentence_html(document.text, start, end, mentions)}{repeat}</li>")

    where = ", ".join(escape_text(part) for part in _location_parts(candidate))
    return (
        f'<div style="max-height:{POPUP_MAX_HEIGHT}px;overflow-y:auto;overflow-wrap:anywhere;'
        'font-size:13px;line-height:1.35">'
        f'<div style="font-size:15px;font-weight:bold">{escape_text(candidate.name)}</div>'
        + (f'<div style="color:#444">{where}</div>' if where else "")
        + f'<div style="color:#444">Kind: {escape_text(candidate.kind)}</div>'
        + _provenance_html(candidate)
        + f"<div>Mentioned {times}:</div>"
        f'<ul style="margin:4px 0;padding-left:18px">{"".join(items)}</ul>'
        f'<div style="color:#666;font-size:11px">Source: {escape_text(document.id)}</div>'
        "</div>"
    )


def _provenance_html(candidate: Candidate) -> str:
    """Where the coordinates came from: the gazetteer, or the online geocoder (marked)."""
    if candidate.source == "gazetteer":
        return ""
    detail = escape_text(candidate.display_name or candidate.name)
    ident = f" (id {escape_text(candidate.external_id)})" if candidate.external_id else ""
    return (
        '<div style="color:#b35900">Found online by '
        f"{escape_text(candidate.source.removeprefix('geocoder:'))}: {detail}{ident}</div>"
    )


def _location_parts(candidate: Candidate) -> list[str]:
    """Admin-1 region and country, leaving out whichever is the place itself."""
    parts = []
    if candidate.admin1 and candidate.admin1 != candidate.name:
        parts.append(candidate.admin1)
    country = candidate.country_name or candidate.country
    if country and country != candidate.name:
        parts.append(country)
    return parts


def _sentence_html(text: str, start: int, end: int, mentions: Sequence[Mention]) -> str:
    """``text[start:end]`` escaped, with each mention in it wrapped in ``<mark>``."""
    out: list[str] = []
    cursor = start
    for mention in mentions:
        if not (cursor <= mention.start <= mention.end <= end):
            continue  # overlaps the previous mention or lies outside its sentence
        out.append(escape_text(text[cursor : mention.start]))
        surface = escape_text(text[mention.start : mention.end])
        if mention.kind == "demonym":
            out.append(
                f'<mark style="background:#cfe3ff" title="demonym">{surface}</mark>'
                ' <small style="color:#555">[demonym]</small>'
            )
        else:
            out.append(f"<mark>{surface}</mark>")
        cursor = mention.end
    out.append(escape_text(text[cursor:end]))
    sentence = "".join(out).strip()
    if sentence:
        return sentence
    # No sentence text (bad offsets): show at least what was mentioned.
    return ", ".join(f"<mark>{escape_text(m.surface)}</mark>" for m in mentions)
