"""Rendering: ``Sequence[Document]`` (their resolved ``Place``s) -> ``folium.Map``.

This is the only module that imports folium. The map is data-driven: the places,
their sentences and the outlines travel as ONE JSON payload, and ``geomap.js`` (in
``geomap/static/``, inlined into the page) builds the clustered markers, popups, side
panel, legend and layers in the browser. Tens of thousands of places cost one JSON
document instead of tens of thousands of folium objects.

The payload is built by ``geomap.payload`` (``MapBuilder``); its format is
described there. Escaping: the payload is JSON inside a ``<script>`` element, so
``<``, ``>``, ``&`` and the JS line separators are written as ``\\uXXXX`` escapes
(``script_json``) and no input text can close the script; in the browser every text
goes into the page through ``textContent``, never as HTML.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import folium
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from folium.plugins import HeatMap

from geomap import cdn
from geomap.models import Document
from geomap.payload import CATEGORY_COLORS, EVIDENCE, LOW_CONFIDENCE, MapBuilder, map_payload

if TYPE_CHECKING:
    from geomap.gazetteer import Gazetteer

__all__ = [
    "CATEGORY_COLORS",
    "EVIDENCE",
    "MapBuilder",
    "LOW_CONFIDENCE",
    "escape_text",
    "fragment_html",
    "map_payload",
    "page_html",
    "render_map",
    "script_json",
]

_WORLD_CENTER = (20.0, 0.0)
_WORLD_ZOOM = 2
_MAX_ZOOM = 18
_SCRIPT_UNSAFE = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def escape_text(text: str) -> str:
    """HTML-escape ``text`` (quotes included), for the few strings geomap writes as HTML.

    >>> escape_text("<b>'x' & \\"y\\"</b>")
    '&lt;b&gt;&#x27;x&#x27; &amp; &quot;y&quot;&lt;/b&gt;'
    """
    return html.escape(text, quote=True)


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    >>> script_json({"t": "</script><b>"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_UNSAFE)


@lru_cache(maxsize=2)
def _static(name: str) -> str:
    return (resources.files("geomap") / "static" / name).read_text(encoding="utf-8")


class _Raw(Element):
    """Text put into the page as it is.

    branca compiles the output of every ``MacroElement`` macro as a Jinja template
    again; text that holds input (``{{ ... }}`` in a sentence) must never go that way,
    both for safety and because lexing a payload of megabytes takes seconds.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


# A page that loads Leaflet from CDNs, opened with no network, would stay blank: say why.
_NO_LEAFLET_NOTICE = """window.addEventListener("load", function () {
  if (typeof L !== "undefined") { return; }
  var note = document.createElement("div");
  note.className = "geomap-offline-note";
  note.textContent = "This map loads Leaflet from the web and the network cannot be " +
    "reached. Open it online, or make it again with geomap render --self-contained " +
    "(and --tiles none or --offline) for a file that works with no network.";
  document.body.insertBefore(note, document.body.firstChild);
});"""


class _GeomapLayer(MacroElement):
    """Adds geomap.js/css, Leaflet.markercluster and the payload to a folium map."""

    # Leaflet.heat as folium's own HeatMap plugin loads it (the density layer).
    default_js = [("markerclusterjs", cdn.MARKERCLUSTER_JS), *HeatMap.default_js]
    default_css = [
        ("markerclustercss", cdn.MARKERCLUSTER_CSS),
        ("markerclusterdefaultcss", cdn.MARKERCLUSTER_DEFAULT_CSS),
    ]

    def __init__(self, payload: dict[str, Any], *, panel: bool = True) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "GeomapLayer"
        self.payload = script_json(payload)
        self.options = script_json({"lowConfidence": LOW_CONFIDENCE, "panel": panel})

    def render(self, **kwargs: Any) -> str:
        figure: Any = self.get_root()
        parent: Any = self._parent
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        static = (
            f"<style>{_static('geomap.css')}</style>\n<script>{_static('geomap.js')}</script>\n"
            f"<script>{_NO_LEAFLET_NOTICE}</script>"
        )
        figure.header.add_child(_Raw(static), name="geomap_static")
        call = f"geomap.init({parent.get_name()}, {self.payload}, {self.options});"
        figure.script.add_child(_Raw(call), name=self.get_name())
        return ""


def render_map(
    documents: Iterable[Document] | MapBuilder,
    *,
    tiles: str | None = "OpenStreetMap",
    attr: str | None = None,
    gazetteer: Gazetteer | None = None,
    height: str = "100%",
    evidence: int = EVIDENCE,
    panel: bool = True,
) -> folium.Map:
    """Draw the resolved places of ``documents`` (or of a ``MapBuilder`` that has been
    given them) on one map.

    ``tiles`` is any tile name folium or xyzservices knows (or a URL template with
    ``attr``); ``None`` draws no tiles and, given a ``gazetteer``, its country outlines
    as the basemap instead. With a ``gazetteer`` the countries and regions mentioned
    are also drawn as outlines. ``panel=False`` leaves out the side panel and the layer
    switches (a picture for a report).

    >>> m = render_map([Document(id="empty", text="")], tiles=None)
    >>> type(m).__name__
    'Map'
    """
    if isinstance(documents, MapBuilder):
        payload = documents.payload(gazetteer=gazetteer, basemap=tiles is None)
    else:
        payload = map_payload(
            documents, gazetteer=gazetteer, basemap=tiles is None, evidence=evidence
        )
    tile_layer = None if tiles is None else folium.TileLayer(tiles, attr=attr, control=False)
    # Clustering needs a maximum zoom even when there is no tile layer to give one.
    fmap = folium.Map(
        location=_WORLD_CENTER,
        zoom_start=_WORLD_ZOOM,
        tiles=tile_layer,
        height=height,
        maxZoom=_MAX_ZOOM,
    )
    # Only Leaflet itself: folium's jQuery, Bootstrap and icon fonts are not used.
    fmap.default_js = [("leaflet", cdn.LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", cdn.LEAFLET_CSS)]
    _GeomapLayer(payload, panel=panel).add_to(fmap)
    return fmap


def page_html(fmap: folium.Map, *, self_contained: bool = False) -> str:
    """The whole HTML page; ``self_contained`` inlines every script, style and font."""
    page = fmap.get_root().render()
    if self_contained:
        from geomap.assets import inline_assets

        page = inline_assets(page)
    return page


_PAGE_ONLY = re.compile(
    r"<meta[^>]*>|<style>\s*html, body \{[^}]*\}\s*</style>|<style>\s*#map \{[^}]*\}\s*</style>",
    re.S,
)


def fragment_html(fmap: folium.Map, *, self_contained: bool = False, height: str = "600px") -> str:
    """An HTML fragment (no ``<html>``/``<body>``) to paste into a report page.

    The map's element id is made in the browser when the fragment runs, and folium's
    variables live inside a function, so the same fragment can be pasted into one page
    twice; the page-wide styles folium writes for a full-page map are left out.
    """
    figure: Any = fmap.get_root()
    figure.render()
    map_id = fmap.get_name()
    header = _PAGE_ONLY.sub("", figure.header.render()).replace(
        f"#{map_id}", ".geomap-embed > .folium-map"
    )
    body = figure.html.render().replace(f' id="{map_id}"', "")
    script = figure.script.render().replace(f'"{map_id}"', "__geomapDiv")
    style = f"position:relative;width:100%;height:{escape_text(height)}"
    fragment = (
        f'<div class="geomap-embed" style="{style}">{header}{body}<script>(function () {{\n'
        "var __geomapDiv = document.currentScript.parentNode.querySelector('.folium-map');\n"
        "__geomapDiv.id = 'geomap-' + Math.random().toString(36).slice(2);\n"
        f"{script}\n}})();</script></div>"
    )
    if self_contained:
        from geomap.assets import inline_assets

        fragment = inline_assets(fragment)
    return fragment
