from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest

from geomap.models import Candidate, Document
from geomap.render import POPUP_WIDTH, escape_text, render_map

MakeCandidate = Callable[..., Candidate]
MakeDocument = Callable[..., Document]

HOSTILE = (
    "<script>alert(1)</script> </script> <img src=x onerror=alert(2)> "
    "'single' \"double\" `tick` ${alert(3)} back\\slash"
)


# -- reading the rendered page loosely (folium's element ids are random) -------------------


@dataclass
class RenderedMarker:
    lat: float
    lon: float
    layer: str
    popup: str
    tooltip: str


def rendered_markers(page: str) -> list[RenderedMarker]:
    """Markers in page order, with their layer variable, popup HTML and tooltip HTML."""
    popups = dict(
        (popup, content)
        for content, popup in re.findall(
            r"var html_\w+ = \$\(`(.*?)`\)\[0\];\s*(popup_\w+)\.setContent", page, re.S
        )
    )
    bound_popups = dict(re.findall(r"(marker_\w+)\.bindPopup\((popup_\w+)\)", page))
    tooltips = dict(
        re.findall(r"(marker_\w+)\.bindTooltip\(\s*`<div>\s*(.*?)\s*</div>`", page, re.S)
    )
    markers = re.findall(
        r"var (marker_\w+) = L\.marker\(\s*\[([^,\]]+), ([^\]]+)\],\s*\{\s*\}\s*\)"
        r"\.addTo\((\w+)\);",
        page,
    )
    return [
        RenderedMarker(float(lat), float(lon), layer, popups[bound_popups[name]], tooltips[name])
        for name, lat, lon, layer in markers
    ]


def overlay_names(page: str) -> list[str]:
    """The layer control's overlay labels, as the JS strings folium wrote them."""
    block = re.search(r"overlays :\s*\{(.*?)\},", page, re.S)
    assert block is not None
    return re.findall(r'^\s*("(?:[^"\\]|\\.)*") : feature_group_\w+,$', block[1], re.M)


def text_of(fragment: str) -> str:
    """What a reader sees: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def render(documents: Sequence[Document], *, tiles: str | None = "OpenStreetMap") -> str:
    page: str = render_map(documents, tiles=tiles).get_root().render()
    return page


# -- fixtures ------------------------------------------------------------------------


@pytest.fixture
def baghdad(make_candidate: MakeCandidate) -> Candidate:
    return make_candidate(
        101, "Baghdad", 33.34, 44.40, admin1="Baghdad", country="IQ", country_name="Iraq"
    )


@pytest.fixture
def basra(make_candidate: MakeCandidate) -> Candidate:
    return make_candidate(
        102, "Basra", 30.51, 47.78, admin1="Basra Governorate", country="IQ", country_name="Iraq"
    )


@pytest.fixture
def iraq(make_candidate: MakeCandidate) -> Candidate:
    return make_candidate(200, "Iraq", 33.0, 44.0, kind="country", country="IQ")


@pytest.fixture
def river_doc(
    make_document: MakeDocument, baghdad: Candidate, basra: Candidate, iraq: Candidate
) -> Document:
    text = (
        "Boats left Baghdad at dawn. "
        "By noon the Iraqi crews had passed Baghdad twice and waved at Baghdad again. "
        "They reached Basra after dark. "
        "Nobody had heard of Qalat Zed."
    )
    return make_document(
        "river-report",
        text,
        [
            ("Baghdad", baghdad),
            ("Iraqi", iraq, "demonym"),
            ("Baghdad", baghdad),
            ("Baghdad", baghdad),
            ("Basra", basra),
            ("Qalat Zed", None),
        ],
    )


# -- escaping ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [HOSTILE, "</script>", "<!--", "`);alert(1);(`", "${x}", "a\\`b", "&amp;", "\u2028x", ""],
)
def test_escape_text_leaves_nothing_active(text: str) -> None:
    escaped = escape_text(text)
    for char in "<>\"'`$\\":
        assert char not in escaped
    assert html.unescape(escaped) == text


def test_escape_text_uses_entities_for_template_literal_characters() -> None:
    assert escape_text("`$\\") == "&#96;&#36;&#92;"
    assert escape_text("<a href='x'>") == "&lt;a href=&#x27;x&#x27;&gt;"


# -- markers, popups, tooltips ---------------------------------------------------------


def test_one_marker_per_resolved_place(river_doc: Document) -> None:
    markers = rendered_markers(render([river_doc]))
    # Baghdad x3 -> one marker; Iraq via a demonym; Basra; Qalat Zed is unresolved.
    assert [(m.lat, m.lon) for m in markers] == [(33.34, 44.40), (33.0, 44.0), (30.51, 47.78)]
    assert len({m.layer for m in markers}) == 1


def test_popup_lists_place_details_and_sentences(river_doc: Document) -> None:
    baghdad = rendered_markers(render([river_doc]))[0]
    text = text_of(baghdad.popup)
    assert "Baghdad" in text
    assert "Iraq" in text  # country; admin1 is Baghdad itself, so it is left out
    assert "Kind: city" in text
    assert "Mentioned 3 times" in text
    assert "Boats left Baghdad at dawn." in text
    assert "Source: river-report" in text
    assert "Basra" not in text
    assert baghdad.popup.count("<mark>Baghdad</mark>") == 3


def test_popup_shows_admin1_when_it_is_not_the_place(river_doc: Document) -> None:
    basra = rendered_markers(render([river_doc]))[2]
    assert "Basra Governorate, Iraq" in text_of(basra.popup)
    assert "Mentioned 1 time:" in text_of(basra.popup)


def test_sentence_with_several_mentions_is_shown_once_with_a_count(river_doc: Document) -> None:
    popup = rendered_markers(render([river_doc]))[0].popup
    items = re.findall(r"<li>(.*?)</li>", popup)
    assert len(items) == 2
    second = items[1]
    assert second.count("<mark>Baghdad</mark>") == 2
    assert text_of(second).endswith("waved at Baghdad again. (×2)")
    assert "×" not in text_of(items[0])


def test_demonym_mentions_are_labelled(river_doc: Document) -> None:
    iraq = rendered_markers(render([river_doc]))[1]
    assert "(1 as a demonym)" in text_of(iraq.popup)
    label = r'<mark [^>]*title="demonym"[^>]*>Iraqi</mark>\s*<small[^>]*>\[demonym\]</small>'
    assert re.search(label, iraq.popup)
    assert "Kind: country" in text_of(iraq.popup)


def test_tooltip_is_name_and_count(river_doc: Document) -> None:
    markers = rendered_markers(render([river_doc]))
    assert [m.tooltip for m in markers] == ["Baghdad (3)", "Iraq (1)", "Basra (1)"]


def test_popup_has_fixed_width_and_scrolls(river_doc: Document) -> None:
    page = render([river_doc])
    assert page.count(f'"maxWidth": {POPUP_WIDTH},') == 3
    assert page.count(f'"minWidth": {POPUP_WIDTH},') == 3
    assert "overflow-y:auto" in rendered_markers(page)[0].popup


def test_same_span_reported_twice_counts_once(
    make_document: MakeDocument, baghdad: Candidate
) -> None:
    doc = make_document("d", "Rain fell on Baghdad.", [("Baghdad", baghdad)])
    doubled = Document(doc.id, doc.text, doc.places * 2)
    assert "Mentioned 1 time:" in text_of(rendered_markers(render([doubled]))[0].popup)


# -- layers and view -------------------------------------------------------------------


def test_one_layer_per_document(
    make_document: MakeDocument, river_doc: Document, baghdad: Candidate
) -> None:
    other = make_document("wire-2", "Markets in Baghdad reopened.", [("Baghdad", baghdad)])
    page = render([river_doc, other])
    markers = rendered_markers(page)
    assert len(markers) == 4
    first_layer = markers[0].layer
    assert [m.layer == first_layer for m in markers] == [True, True, True, False]
    assert "Source: wire-2" in text_of(markers[3].popup)
    assert "Mentioned 1 time:" in text_of(markers[3].popup)
    assert overlay_names(page) == ['"river-report"', '"wire-2"']
    assert page.count("L.control.layers(") == 1


def test_repeated_document_ids_get_distinct_layers(
    make_document: MakeDocument, baghdad: Candidate
) -> None:
    docs = [make_document("same", "Baghdad.", [("Baghdad", baghdad)]) for _ in range(3)]
    page = render(docs)
    assert overlay_names(page) == ['"same"', '"same (2)"', '"same (3)"']
    assert len({m.layer for m in rendered_markers(page)}) == 3


def test_long_document_ids_are_cut_short_in_the_layer_control(
    make_document: MakeDocument, baghdad: Candidate
) -> None:
    long_id = "reports/2024/" + "x" * 60 + ".txt"
    page = render([make_document(long_id, "Baghdad.", [("Baghdad", baghdad)])])
    (label,) = [json.loads(name) for name in overlay_names(page)]
    assert label == f'<span title="{long_id}">{long_id[:39]}\u2026</span>'


def test_layer_control_collapses_when_there_are_many_documents(
    make_document: MakeDocument, baghdad: Candidate
) -> None:
    def docs(n: int) -> list[Document]:
        return [make_document(f"d{i}", "Baghdad.", [("Baghdad", baghdad)]) for i in range(n)]

    assert '"collapsed": false' in render(docs(2))
    assert '"collapsed": true' in render(docs(20))


def test_view_fits_the_places(river_doc: Document) -> None:
    page = render([river_doc])
    fit = re.search(r"\.fitBounds\(\s*\[\[([^\]]+)\], \[([^\]]+)\]\]", page)
    assert fit is not None
    south, west = map(float, fit[1].split(","))
    north, east = map(float, fit[2].split(","))
    assert (south, west, north, east) == (30.51, 44.0, 33.34, 47.78)


def test_no_places_shows_the_world(make_document: MakeDocument) -> None:
    doc = make_document("quiet", "Nothing happened in Qalat Zed.", [("Qalat Zed", None)])
    for documents in ([doc], []):
        page = render(documents)
        assert rendered_markers(page) == []
        assert "fitBounds" not in page
        assert re.search(r'"zoom": 2,', page)


def test_tiles(river_doc: Document) -> None:
    page = render([river_doc])
    assert page.count("L.tileLayer(") == 1
    assert "tile.openstreetmap.org" in page
    assert "OpenStreetMap\\u003c/a\\u003e contributors" in page  # the attribution
    assert "L.tileLayer(" not in render([river_doc], tiles=None)


# -- hostile text ----------------------------------------------------------------------


def _hostile_and_benign(
    make_document: MakeDocument, make_candidate: MakeCandidate
) -> tuple[str, str]:
    pages = []
    for payload in (HOSTILE, "plain words only"):
        place = make_candidate(
            7, f"Town {payload}", 10.0, 20.0, admin1=payload, country_name=payload
        )
        text = f"Reports from Ramtha said {payload} today. Ramtha was quiet."
        doc = make_document(f"doc {payload}", text, [("Ramtha", place), ("Ramtha", place)])
        pages.append(render([doc]))
    return pages[0], pages[1]


def test_hostile_text_is_inert(make_document: MakeDocument, make_candidate: MakeCandidate) -> None:
    hostile, benign = _hostile_and_benign(make_document, make_candidate)

    # folium's own tags and template literals, and nothing more.
    for token in ("<script", "</script", "`", "${"):
        assert hostile.lower().count(token) == benign.lower().count(token), token
    for raw in ("alert(1)</script>", "<img", "${alert", "'single'", '"double"', "back\\slash"):
        assert raw not in hostile, raw
    # "onerror=alert" has nothing HTML-special in it; it may only appear in escaped text
    # ("&lt;img", or "\u0026lt;img" where folium JSON-encodes the layer name).
    assert hostile.count("onerror=alert") == hostile.count("lt;img src=x onerror=alert(2)")

    escaped = escape_text(HOSTILE)
    (marker,) = rendered_markers(hostile)
    assert marker.popup.count(escaped) == 5  # name, admin1, country, sentence, document id
    assert f"Town {escaped}" in marker.popup
    assert marker.tooltip == f"Town {escaped} (2)"
    # The layer label: a JSON string of HTML, the long id cut short with the whole as its title.
    (label,) = [json.loads(name) for name in overlay_names(hostile)]
    assert f'title="doc {escaped}"' in label
    assert text_of(label) == f"doc {HOSTILE}"[:39] + "\u2026"
    # And a reader sees the original text.
    assert f"Reports from Ramtha said {HOSTILE} today." in text_of(marker.popup)
