"""The map in a real browser: headless Debian Chromium driven by Playwright.

Every network request is blocked and recorded; the pages are self-contained, so
none may be attempted. Needs ``/usr/bin/chromium`` (or ``GEOMAP_CHROMIUM``) and the
``playwright`` client; ``.ci/run`` installs both. Never ``playwright install``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import write_tiny_gazetteer
from typer.testing import CliRunner

from geomap.cli import app
from geomap.snapshot import CHROMIUM_FLAGS

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("GEOMAP_CHROMIUM", "/usr/bin/chromium")
FLAGS = list(CHROMIUM_FLAGS)
HOSTILE = (
    "<script>alert(1)</script> </script><img src=x onerror=alert(2)> 'q' \"dq\" `tick` ${alert(3)}"
)
TEXT = (
    f"Ships left Port Azure at dawn. {HOSTILE} was painted in Port Azure.\n"
    "Atlantean police entered Rimal and Springdale, Granite.\n"
)
runner = CliRunner()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield instance
        instance.close()


class Page:
    """A browser page that blocks and records every non-file request and any dialog."""

    def __init__(self, browser: Any) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1200, "height": 800})
        self.page.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("[data-geomap-ready]", timeout=10_000)
        self.page.wait_for_timeout(800)  # let fitBounds and the cluster animation settle
        return self.page


def render(tmp_path: Path, *extra: str, text: str = TEXT, name: str = "report.html") -> Path:
    gaz = write_tiny_gazetteer(tmp_path / "gaz")
    doc = tmp_path / "report.txt"
    doc.write_text(text, encoding="utf-8")
    out = tmp_path / name
    result = runner.invoke(
        app, ["render", str(doc), "-o", str(out), "--offline", "--gazetteer", str(gaz), *extra]
    )
    assert result.exit_code == 0, result.output
    return out


def test_self_contained_map_works_offline_and_shows_hostile_text_literally(
    browser: Any, tmp_path: Path
) -> None:
    out = render(tmp_path, "--self-contained")
    view = Page(browser)
    page = view.open(out)
    assert page.locator(".geomap-entry").count() == 4  # Port Azure, Rimal, Springdale, Granite
    assert page.locator(".geomap-marker, .marker-cluster").count() >= 1
    # Open Port Azure from the side panel: it zooms to the marker and opens its popup.
    page.fill(".geomap-search", "azure")
    assert page.locator(".geomap-entry").count() == 1
    page.locator(".geomap-entry").first.click()
    popup = page.wait_for_selector(".geomap-popup", timeout=15_000)
    text = popup.inner_text()
    assert HOSTILE in text and "Port Azure" in text
    assert page.locator(".geomap-popup mark").count() >= 2
    page.screenshot(path=str(tmp_path / "popup.png"))
    assert view.dialogs == [] and view.errors == []
    assert view.requests == []  # the self-contained page asked nothing of the network


def test_popup_says_why_here(browser: Any, tmp_path: Path) -> None:
    from geomap.reasons import REASONS

    out = render(tmp_path, "--self-contained")
    view = Page(browser)
    page = view.open(out)
    page.fill(".geomap-search", "springdale")
    page.locator(".geomap-entry").first.click()
    popup = page.wait_for_selector(".geomap-popup", timeout=15_000)
    why = popup.query_selector(".geomap-why")
    assert why is not None
    text = why.inner_text()
    # "Springdale, Granite": the pair put it in Granite; the words come from REASONS.
    assert text.startswith("Why here")
    assert REASONS["explicit-pair"] + " (+3.00)" in text and REASONS["population"] in text
    assert view.errors == [] and view.requests == []


def test_clusters_open(browser: Any, tmp_path: Path) -> None:
    text = "".join(f"Ships left Port Azure for Rimal, day {i}.\n" for i in range(3))
    out = render(tmp_path, "--self-contained", text=text)
    view = Page(browser)
    page = view.open(out)
    page.wait_for_timeout(1_500)  # let fitBounds and the cluster animation settle
    # Zoomed out to the world, Port Azure and Rimal (~50 km apart) form one cluster.
    page.evaluate("window.__map = Object.values(window).find(v => v instanceof L.Map)")
    page.evaluate("__map.setView([10.7, 20.7], 3, {animate: false})")
    page.wait_for_timeout(800)
    clusters = page.locator(".marker-cluster")
    assert clusters.count() >= 1
    before = page.locator(".geomap-marker").count()
    clusters.first.click()
    page.wait_for_timeout(1_500)
    assert page.locator(".geomap-marker").count() > before  # the cluster opened
    page.locator(".geomap-marker").first.click()
    assert page.wait_for_selector(".geomap-popup", timeout=5_000).inner_text()
    assert view.requests == [] and view.errors == []


def test_embedded_fragment_twice_on_one_page(browser: Any, tmp_path: Path) -> None:
    fragment = render(tmp_path, "--embed", "--self-contained", name="frag.html").read_text()
    host = tmp_path / "host.html"
    host.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Report</title></head><body>"
        f"<h1>Report</h1><p>First map:</p>{fragment}<p>Second map:</p>{fragment}</body></html>",
        encoding="utf-8",
    )
    view = Page(browser)
    view.open(host)
    page = view.page
    page.wait_for_function("document.querySelectorAll('[data-geomap-ready]').length === 2")
    assert page.locator(".geomap-panel").count() == 2
    assert page.title() == "Report"
    assert view.requests == [] and view.errors == [] and view.dialogs == []


def test_document_layers_toggle(browser: Any, tmp_path: Path) -> None:
    gaz = write_tiny_gazetteer(tmp_path / "gaz")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Ships left Port Azure.", encoding="utf-8")
    b.write_text("Rain fell on Borduria.", encoding="utf-8")
    out = tmp_path / "two.html"
    args = ["render", str(a), str(b), "-o", str(out), "--offline", "--self-contained"]
    result = runner.invoke(app, [*args, "--gazetteer", str(gaz)])
    assert result.exit_code == 0, result.output
    view = Page(browser)
    page = view.open(out)
    page.wait_for_timeout(800)
    assert page.locator(".geomap-marker").count() == 2
    page.locator(".geomap-docs summary").click()  # the documents sit behind a control
    assert "a.txt: 1 mentions, 1 places" in page.locator(".geomap-doc-counts").inner_text()
    label = page.locator(".leaflet-control-layers-overlays label", has_text="a.txt")
    label.locator("input").click()
    page.wait_for_timeout(500)
    assert page.locator(".geomap-marker").count() == 1
    assert view.errors == [] and view.requests == []


def test_png_output(tmp_path: Path) -> None:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"--png needs Chromium at {CHROMIUM}")
    png = tmp_path / "map.png"
    render(tmp_path, "--png", str(png))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5_000


def test_hostile_document_names_in_layer_control_and_panel(browser: Any, tmp_path: Path) -> None:
    gaz = write_tiny_gazetteer(tmp_path / "gaz")
    evil = tmp_path / "evil<img src=x onerror=alert(9)>`${alert(8)}`.txt"
    evil.write_text("Ships left Port Azure.", encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text("Rain fell on Borduria.", encoding="utf-8")
    out = tmp_path / "names.html"
    args = ["render", str(evil), str(plain), "-o", str(out), "--offline", "--self-contained"]
    assert runner.invoke(app, [*args, "--gazetteer", str(gaz)]).exit_code == 0
    view = Page(browser)
    page = view.open(out)
    layers = page.locator(".leaflet-control-layers-overlays").inner_text()
    assert "onerror=alert(9)>`${alert(8)}`.txt" in layers
    page.locator(".geomap-docs summary").click()
    assert "<img src=x onerror=alert(9)>" in page.locator(".geomap-doc-counts").inner_text()
    assert page.locator(".leaflet-control-layers img, .geomap-panel img").count() == 0
    box = page.locator(".geomap-marker-wrap").last.bounding_box()
    assert box is not None
    page.mouse.move(10, 400)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    tooltip = page.wait_for_selector(".leaflet-tooltip", timeout=5_000)
    assert tooltip.inner_text() in ("Port Azure (1)", "Borduria (1)")
    assert view.dialogs == [] and view.errors == [] and view.requests == []


def test_many_documents_are_a_filter_and_copies_one_sentence(browser: Any, tmp_path: Path) -> None:
    import json

    gaz = write_tiny_gazetteer(tmp_path / "gaz")
    corpus = tmp_path / "wire.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for n in range(300):  # the same wire story in 300 outlets, and one other story
            handle.write(json.dumps({"id": f"outlet-{n}", "text": "Ships left Port Azure."}) + "\n")
        handle.write(json.dumps({"id": "local", "text": "Rain fell on Borduria."}) + "\n")
    out = tmp_path / "wire.html"
    args = ["render", str(corpus), "-o", str(out), "--offline", "--self-contained", "-q"]
    assert runner.invoke(app, [*args, "--gazetteer", str(gaz)]).exit_code == 0
    view = Page(browser)
    page = view.open(out)
    # No layer switch per document: the layer control lists only the map's own layers.
    assert "outlet-" not in page.locator(".leaflet-control-layers").inner_text()
    assert page.locator(".geomap-marker").count() == 2
    # The panel lists places first; the documents are behind a control, and at most 200.
    assert page.locator(".geomap-doc-row").first.is_visible() is False
    page.locator(".geomap-docs summary").click()
    assert page.locator(".geomap-doc-row").count() == 200
    page.locator(".geomap-doc-search").fill("local")
    assert page.locator(".geomap-doc-row").count() == 1
    page.locator(".geomap-doc-all", has_text="None").click()
    page.wait_for_timeout(300)
    assert page.locator(".geomap-marker").count() == 0
    page.locator(".geomap-doc-row input").check()  # only "local"
    page.wait_for_timeout(300)
    assert page.locator(".geomap-marker").count() == 1
    page.locator(".geomap-doc-all", has_text="All").click()
    page.wait_for_timeout(300)
    # Port Azure's popup: one sentence, carried by 300 documents.
    page.locator(".geomap-entry", has_text="Port Azure").click()
    popup = page.wait_for_selector(".geomap-popup", timeout=5_000)
    text = popup.inner_text()
    assert "300 mentions in 1 distinct sentence" in text
    assert page.locator(".geomap-sentences li").count() == 1
    assert page.locator(".geomap-copies").inner_text() == "\u00d7300"
    assert view.errors == [] and view.requests == [] and view.dialogs == []


def test_heat_layer_toggles_and_data_is_attributed(browser: Any, tmp_path: Path) -> None:
    out = render(tmp_path, "--self-contained", name="heat.html")
    view = Page(browser)
    page = view.open(out)
    assert page.locator(".leaflet-heatmap-layer").count() == 0  # off by default
    label = page.locator(".leaflet-control-layers-overlays label", has_text="Density")
    label.locator("input").check()
    page.wait_for_timeout(300)
    assert page.locator(".leaflet-heatmap-layer").count() == 1
    label.locator("input").uncheck()
    page.wait_for_timeout(300)
    assert page.locator(".leaflet-heatmap-layer").count() == 0
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "GeoNames (CC BY 4.0)" in attribution and "Natural Earth" in attribution
    assert view.errors == [] and view.requests == []


def test_page_from_cdns_says_why_it_is_blank_offline(browser: Any, tmp_path: Path) -> None:
    out = render(tmp_path, name="online.html")  # not --self-contained: Leaflet from CDNs
    view = Page(browser)  # every request to the web is refused, as with no network
    view.page.goto(out.as_uri())
    note = view.page.wait_for_selector(".geomap-offline-note", timeout=10_000)
    assert "--self-contained" in note.inner_text() and note.is_visible()
    assert view.requests  # it did try the CDNs


def _crowded_map(path: Path, count: int, box: tuple[float, float, float, float]) -> Path:
    """A self-contained map of ``count`` towns, one mention each, inside ``box``
    (south, north, west, east)."""
    import random

    from geomap.models import Candidate, Document, Mention, Place
    from geomap.render import page_html, render_map

    rng = random.Random(3)
    places, parts, at = [], [], 0
    for i in range(count):
        c = Candidate(
            i + 1, f"Town {i}", rng.uniform(box[0], box[1]), rng.uniform(box[2], box[3]), "city"
        )
        sentence = f"Shelling near Town {i} went on."
        start = at + len("Shelling near ")
        mention = Mention(
            c.name, start, start + len(c.name), c.name, "name", at, at + len(sentence)
        )
        places.append(Place(mention, c, 1.0))
        parts.append(sentence)
        at += len(sentence) + 1
    doc = Document("crowded.txt", " ".join(parts), tuple(places))
    path.write_text(page_html(render_map([doc], tiles=None), self_contained=True), encoding="utf-8")
    return path


def test_big_map_loads_without_page_error(browser: Any, tmp_path: Path) -> None:
    # 6,000 markers: the cluster adds them in chunks while the view settles, which made
    # Leaflet.markercluster throw "reading 'lat'" when the view was animated.
    out = _crowded_map(tmp_path / "big.html", 6000, (-50.0, 60.0, -150.0, 150.0))
    view = Page(browser)
    page = view.open(out)
    page.wait_for_timeout(1500)
    page.locator(".geomap-entry").first.click()
    page.wait_for_selector(".geomap-popup", timeout=10_000)
    assert view.errors == [] and view.requests == []


def test_stress_clicks_zooms_and_popups_raise_no_page_error(browser: Any, tmp_path: Path) -> None:
    # crowded: 400 places in a small box, so clusters split and merge
    out = _crowded_map(tmp_path / "stress.html", 400, (30.0, 36.0, 38.0, 46.0))
    view = Page(browser)
    page = view.open(out)
    poke = """() => {
        // Click clusters and markers, hover others (tooltips), as a hurried user would.
        const els = Array.from(document.querySelectorAll(".marker-cluster, .geomap-marker-wrap"));
        let n = 0;
        for (const el of els.slice(0, 60)) {
            for (const type of ["mouseover", "click", "mouseout"]) {
                el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true}));
            }
            n++;
        }
        return n;
    }"""
    clicks = 0
    round_ = 0
    while clicks < 300 and round_ < 200:  # several hundred clicks, however the map zooms
        clicks += page.evaluate(poke)
        page.mouse.move(600, 400)
        page.mouse.wheel(0, -600 if round_ % 4 < 2 else 600)  # zoom in and out, popups open
        page.wait_for_timeout(120)
        clicks += page.evaluate(poke)
        page.wait_for_timeout(120)
        if round_ % 5 == 4:
            page.keyboard.press("Escape")
        round_ += 1
    page.wait_for_timeout(1000)
    assert clicks >= 300
    assert view.errors == [] and view.requests == [] and view.dialogs == []


def test_popup_opening_while_its_marker_is_folded_raises_nothing(
    browser: Any, tmp_path: Path
) -> None:
    # The cause behind the stress test's rare "reading 'layerPointToContainerPoint'":
    # opening a popup stops a running pan, the pan's moveend lets the cluster fold the
    # marker (closing the popup), and Leaflet's _adjustPan then reads a null map.
    out = render(tmp_path, "--self-contained")
    view = Page(browser)
    page = view.open(out)
    outcome = page.evaluate(
        """() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        let cluster = null;
        map.eachLayer(l => { if (l instanceof L.MarkerClusterGroup) cluster = l; });
        const marker = cluster.getLayers()[0];
        map.setView(marker.getLatLng(), 14, {animate: false});
        if (!map.hasLayer(marker)) return "marker still clustered";
        map.panBy([200, 0], {duration: 2});
        map.once("moveend", () => map.removeLayer(marker));
        try { marker.openPopup(); } catch (err) { return String(err); }
        return map._panAnim ? "opened" : "no pan running";
    }"""
    )
    assert outcome == "opened"
    assert view.errors == []


def test_panel_works_with_the_keyboard(browser: Any, tmp_path: Path) -> None:
    out = render(tmp_path, "--self-contained", name="keys.html")
    view = Page(browser)
    page = view.open(out)
    page.locator(".geomap-search").focus()
    page.keyboard.type("port")
    page.keyboard.press("Tab")  # to the first matching place
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Port Azure, 2 mentions")
    page.keyboard.press("Enter")
    popup = page.wait_for_selector(".geomap-popup", timeout=5_000)
    assert "Port Azure" in popup.inner_text()
    assert page.locator(".geomap-panel[role=region]").count() == 1
    assert view.errors == []


def _dated_corpus(tmp_path: Path) -> Path:
    import json

    corpus = tmp_path / "dated.jsonl"
    towns = ["Port Azure", "Springdale", "Granite", "Lakeport"]
    with corpus.open("w", encoding="utf-8") as handle:
        for n in range(60):  # January, February, March; two sources
            record = {
                "id": f"d{n}",
                "text": f"Ships left {towns[n % 4]}.",
                "date": f"2024-{1 + n // 20:02d}-{1 + n % 20:02d}",
                "source": ["Wire", "Local"][n % 2],
            }
            handle.write(json.dumps(record) + "\n")
    return corpus


def test_time_range_and_sources_narrow_the_map(browser: Any, tmp_path: Path) -> None:
    gaz = write_tiny_gazetteer(tmp_path / "gaz")
    out = tmp_path / "dated.html"
    args = ["render", str(_dated_corpus(tmp_path)), "-o", str(out), "--offline", "--self-contained"]
    assert runner.invoke(app, [*args, "--gazetteer", str(gaz), "-q"]).exit_code == 0
    view = Page(browser)
    page = view.open(out)

    def counts() -> dict[str, int]:
        rows = page.locator(".geomap-entry").all_inner_texts()
        return {name: int(n) for name, n in (row.split("\n") for row in rows)}

    assert counts() == {"Port Azure": 15, "Springdale": 15, "Granite": 15, "Lakeport": 15}
    assert page.locator(".geomap-time-bar").count() > 10
    # The panel ends above the time control, both in the right column, on a low window.
    page.set_viewport_size({"width": 1200, "height": 420})
    page.wait_for_timeout(400)
    panel_box = page.locator(".geomap-panel").bounding_box()
    time_box = page.locator(".geomap-time").bounding_box()
    assert panel_box is not None and time_box is not None
    assert panel_box["y"] + panel_box["height"] <= time_box["y"]
    assert page.locator(".geomap-time-label").inner_text() == "2024-01-01 \u2013 2024-03-20"
    # Narrow the range to the first days of January: fewer mentions, the same places.
    page.evaluate(
        "() => { const i = document.querySelector('.geomap-time-to');"
        " i.value = '9'; i.dispatchEvent(new Event('input')); }"
    )
    page.wait_for_timeout(300)
    narrowed = counts()
    end = page.locator(".geomap-time-label").inner_text().split(" \u2013 ")[1]
    dates = [f"2024-{1 + n // 20:02d}-{1 + n % 20:02d}" for n in range(60)]
    expected = sum(1 for d in dates if d <= end)
    assert 0 < expected < 30 and sum(narrowed.values()) == expected
    assert set(narrowed) == {"Port Azure", "Springdale", "Granite", "Lakeport"}
    assert page.locator(".geomap-time-out").count() > 0
    # Back to the whole range, then leave out one source: its places drop out.
    page.evaluate(
        "() => { const i = document.querySelector('.geomap-time-to');"
        " i.value = i.max; i.dispatchEvent(new Event('input')); }"
    )
    page.locator(".geomap-sources summary").click()
    page.locator(".geomap-sources input").first.uncheck()  # "Wire": even documents
    page.wait_for_timeout(300)
    assert counts() == {"Springdale": 15, "Lakeport": 15}
    assert view.errors == [] and view.requests == []


def test_dragging_over_the_histogram_brushes_a_range(browser: Any, tmp_path: Path) -> None:
    gaz = write_tiny_gazetteer(tmp_path / "gaz")
    out = tmp_path / "dated.html"
    args = ["render", str(_dated_corpus(tmp_path)), "-o", str(out), "--offline", "--self-contained"]
    assert runner.invoke(app, [*args, "--gazetteer", str(gaz), "-q"]).exit_code == 0
    view = Page(browser)
    page = view.open(out)

    def total() -> int:
        return sum(int(r.split("\n")[1]) for r in page.locator(".geomap-entry").all_inner_texts())

    center = "() => Object.values(window).find(v => v instanceof L.Map).getCenter().toString()"
    before = page.evaluate(center)
    bars = page.locator(".geomap-time-bar")
    first, last = bars.nth(3).bounding_box(), bars.nth(8).bounding_box()
    assert first is not None and last is not None
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] / 2, steps=5)
    page.mouse.up()
    page.wait_for_timeout(300)
    assert page.locator(".geomap-time-from").input_value() == "3"
    assert page.locator(".geomap-time-to").input_value() == "8"
    outside = page.locator(".geomap-time-out").count()
    assert outside == bars.count() - 6  # bars 3..8 are in
    narrowed = total()
    assert 0 < narrowed < 60
    page.screenshot(path=str(tmp_path / "brushed.png"))
    # The map did not pan while brushing, and a double click takes all back.
    assert page.evaluate(center) == before
    bars.nth(5).dblclick()
    page.wait_for_timeout(300)
    assert total() == 60 and page.locator(".geomap-time-out").count() == 0
    assert view.errors == [] and view.requests == []


def test_no_dates_no_time_control(browser: Any, tmp_path: Path) -> None:
    out = render(tmp_path, "--self-contained", name="undated.html")
    page = Page(browser).open(out)
    assert page.locator(".geomap-time").count() == 0
    assert page.locator(".geomap-sources").count() == 0


def test_labels_name_the_busiest_places_without_overlap(browser: Any, tmp_path: Path) -> None:
    out = _crowded_map(tmp_path / "labels.html", 400, (30.0, 36.0, 38.0, 46.0))
    view = Page(browser)
    page = view.open(out)

    def boxes() -> list[Any]:
        return [
            b
            for b in (h.bounding_box() for h in page.query_selector_all(".geomap-label-text"))
            if b
        ]

    near = boxes()
    assert len(near) > 5
    for i, a in enumerate(near):  # no two labels on top of each other
        for b in near[i + 1 :]:
            overlap_x = a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            assert not (overlap_x and abs(a["y"] - b["y"]) < a["height"] * 0.8)
    page.mouse.move(600, 400)
    for _ in range(2):  # zoomed out, fewer places are named
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(500)
    assert len(boxes()) < len(near)
    label = page.locator(".leaflet-control-layers-overlays label", has_text="Labels")
    label.locator("input").uncheck()
    page.wait_for_timeout(200)
    assert page.locator(".geomap-label-text").count() == 0
    assert view.errors == []


def test_picture_without_the_panel(browser: Any, tmp_path: Path) -> None:
    gaz = write_tiny_gazetteer(tmp_path / "gaz")
    doc = tmp_path / "report.txt"
    doc.write_text(TEXT, encoding="utf-8")
    png = tmp_path / "bare.png"
    args = ["render", str(doc), "-o", str(tmp_path / "r.html"), "--offline", "--png", str(png)]
    result = runner.invoke(app, [*args, "--no-png-panel", "--gazetteer", str(gaz)])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from geomap.render import page_html, render_map

    bare = tmp_path / "bare.html"
    from geomap.gazetteer import load_gazetteer
    from geomap.pipeline import geoparse

    parsed = geoparse(TEXT, doc_id="report.txt", gazetteer=load_gazetteer(gaz))
    bare.write_text(page_html(render_map([parsed], tiles=None, panel=False), self_contained=True))
    page = Page(browser).open(bare)
    assert page.locator(".geomap-panel").count() == 0
    assert page.locator(".leaflet-control-layers").count() == 0
    assert page.locator(".geomap-marker-wrap, .marker-cluster").count() > 0


def test_places_left_out_by_the_page_budget_are_named_in_the_panel(
    browser: Any, tmp_path: Path
) -> None:
    from geomap.models import Candidate, Document, Mention, Place
    from geomap.render import MapBuilder, page_html, render_map

    places, parts, at = [], [], 0
    for i in range(40):
        c = Candidate(i + 1, f"Town {i}", 30.0 + i / 10, 40.0, "city")
        for _ in range(i + 1):  # Town i: i + 1 mentions
            sentence = f"Shelling near Town {i} went on."
            start = at + len("Shelling near ")
            m = Mention(c.name, start, start + len(c.name), c.name, "name", at, at + len(sentence))
            places.append(Place(m, c, 1.0))
            parts.append(sentence)
            at += len(sentence) + 1
    doc = Document("budget.txt", " ".join(parts), tuple(places))
    builder = MapBuilder(page_budget=3_000)
    builder.add(doc)
    out = tmp_path / "budget.html"
    out.write_text(page_html(render_map(builder, tiles=None), self_contained=True), "utf-8")
    assert builder.omitted is not None and 0 < builder.omitted["places"] < 40
    view = Page(browser)
    page = view.open(out)
    note = page.locator(".geomap-omitted").inner_text()
    assert f"{builder.omitted['places']} places ({builder.omitted['mentions']} mentions)" in note
    assert "geomap extract" in note
    assert page.locator(".geomap-entry").count() == 40 - builder.omitted["places"]
    assert view.errors == [] and view.requests == []
