"""Self-contained pages: CDN scripts, styles, images and fonts inlined from installed packages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import folium
import pytest
from folium.plugins import MarkerCluster

import geomap.assets
from geomap.assets import external_references, inline_assets
from geomap.errors import ConfigurationError
from geomap.snapshot import CHROMIUM_FLAGS

LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
CLUSTER = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"


def _folium_page(*, tiles: str | None = "OpenStreetMap") -> str:
    """A folium page using every default asset: Marker, Icon (glyphicon and Font Awesome),
    MarkerCluster and LayerControl."""
    # folium drops max_zoom when there are no tiles, and markercluster needs one.
    fmap = folium.Map([48.85, 2.35], zoom_start=4, tiles=tiles, maxZoom=18)
    folium.Marker([48.85, 2.35], popup="Paris").add_to(fmap)
    folium.Marker([51.5, -0.12], icon=folium.Icon(color="red", icon="info-sign")).add_to(fmap)
    folium.Marker([52.5, 13.4], icon=folium.Icon(color="green", icon="star", prefix="fa")).add_to(
        fmap
    )
    cluster = MarkerCluster(name="cluster").add_to(fmap)
    for lat, lon in [(41.90, 12.50), (41.91, 12.51), (41.92, 12.49)]:
        folium.Marker([lat, lon]).add_to(cluster)
    folium.LayerControl().add_to(fmap)
    page: str = fmap.get_root().render()
    return page


@pytest.fixture(scope="module")
def page() -> str:
    return _folium_page()


@pytest.fixture(scope="module")
def inlined(page: str) -> str:
    return inline_assets(page)


def test_public_names() -> None:
    assert geomap.assets.__all__ == ["external_references", "inline_assets"]


def test_folium_page_references_cdns(page: str) -> None:
    refs = external_references(page)
    assert LEAFLET_JS in refs
    assert CLUSTER + "leaflet.markercluster.js" in refs
    assert len(refs) == 13
    # The tile URL template is not a reference.
    assert "tile.openstreetmap.org/{z}" in page
    assert not any("tile.openstreetmap.org" in ref for ref in refs)


def test_inlined_page_needs_no_network(inlined: str) -> None:
    assert external_references(inlined) == []
    assert not re.search(r"<script[^>]*\bsrc=", inlined)
    assert not re.search(r"<link[^>]*stylesheet", inlined)


def test_inlined_page_holds_the_libraries(inlined: str) -> None:
    assert "Leaflet 1.9.4, a JS library for interactive maps" in inlined
    assert "L.MarkerClusterGroup=L.FeatureGroup.extend" in inlined
    assert "jQuery v3.7.1" in inlined
    assert "Bootstrap v5.2.2" in inlined
    assert "Leaflet.AwesomeMarkers" in inlined
    assert "Font Awesome Free 6.2.1" in inlined
    assert ".glyphicon-info-sign:before" in inlined
    assert ".marker-cluster-small" in inlined
    # Provenance: what was inlined for which URL.
    assert "geomap: Leaflet 1.9.4 from django-js-lib-leaflet 1.9.4.1, for " in inlined
    assert "sourceMappingURL" not in inlined


def test_css_urls_became_data_uris(inlined: str) -> None:
    urls = [m.group(1).strip("\"'") for m in re.finditer(r"url\(([^)]*)\)", inlined)]
    assert urls
    assert {u for u in urls if not u.startswith("data:")} == {"#default#VML"}
    # Leaflet's layers icon, Font Awesome's and the Glyphicons' webfonts.
    assert re.search(r'leaflet-control-layers-toggle\s*\{\s*background-image: url\("data:', inlined)
    assert inlined.count("data:font/woff2;base64,") >= 4
    assert "data:application/font-woff;base64," in inlined
    # Old-IE and legacy font fallbacks that no package ships are dropped, not left behind.
    assert "glyphicons-halflings-regular" not in inlined
    assert "webfonts/" not in inlined


def test_leaflet_default_icons_are_data_uris(inlined: str) -> None:
    fix = re.search(
        r'L\.Icon\.Default\.imagePath="";L\.Icon\.Default\.mergeOptions\((.*?)\);', inlined
    )
    assert fix is not None
    for option in ("iconUrl", "iconRetinaUrl", "shadowUrl"):
        assert f'{option}:"data:image/png;base64,iVBORw0KGgo' in fix.group(1)


def test_inlining_is_idempotent_and_fast(page: str, inlined: str) -> None:
    assert inline_assets(inlined) == inlined
    big = page.replace("</body>", "<script>var filler = '" + "x" * 1_000_000 + "';</script></body>")
    start = time.perf_counter()
    inline_assets(big)
    assert time.perf_counter() - start < 0.5


def test_fragment_is_inlined() -> None:
    fragment = f'<div id="m"></div><script src="{LEAFLET_JS}"></script><script>L.map("m")</script>'
    out = inline_assets(fragment)
    assert external_references(out) == []
    assert out.endswith('<script>L.map("m")</script>')


@pytest.mark.parametrize(
    "url",
    [
        "https://unpkg.com/leaflet@1.9.4/dist/leaflet.js",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet/1.7.1/leaflet.js",
        "//cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
        "https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js",
        "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.5.3/dist/leaflet.markercluster.js",
    ],
)
def test_scripts_match_by_library_name(url: str) -> None:
    out = inline_assets(f'<script src="{url}"></script>')
    assert external_references(out) == []
    assert "<script>/* geomap: " in out


@pytest.mark.parametrize(
    "tag",
    [
        '<script src="https://cdn.example.org/unknown/1.0/unknown.min.js"></script>',
        '<script src="https://unpkg.com/leaflet@0.7.7/dist/leaflet.js"></script>',
        '<link rel="stylesheet" href="https://cdn.example.org/theme.css"/>',
        '<img src="https://example.org/logo.png">',
        '<div style="background: url(https://example.org/bg.png)"></div>',
    ],
)
def test_no_offline_copy_raises_naming_the_url(tag: str) -> None:
    url = re.search(r"https://[^\"')]+", tag)
    assert url is not None
    with pytest.raises(ConfigurationError, match=re.escape(url.group(0))):
        inline_assets(f"<html><head>{tag}</head><body></body></html>")


def test_external_references() -> None:
    html = """
    <link rel="icon" href="//example.org/favicon.ico">
    <img srcset="https://example.org/a.png 1x, data:image/png;base64,AAAA 2x" src="data:,">
    <a href="https://example.org/page">a link is followed, not loaded</a>
    <style>@import "https://example.org/more.css";
    .x { background: url('https://example.org/x.png') }
    .svg { background: url("data:image/svg+xml,%3csvg xmlns='http://www.w3.org/2000/svg'/%3e") }
    </style>
    <script>
    L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png").addTo(map);
    var html = "<img src=\\"https://example.org/popup.png\\">";
    var tpl = `<img src="https://example.org/${name}.png">`;
    </script>
    """
    assert external_references(html) == [
        "//example.org/favicon.ico",
        "https://example.org/a.png",
        "https://example.org/popup.png",
        "https://example.org/more.css",
        "https://example.org/x.png",
    ]


def test_missing_package_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="no-such-geomap-asset-package"):
        geomap.assets._distribution("no-such-geomap-asset-package")


# The probe runs in the page and writes what it saw into the DOM for --dump-dom.
_PROBE = """<script>
window.__errors = [];
window.addEventListener("error", function (e) {
  window.__errors.push(String(e.message || (e.target && (e.target.src || e.target.href))));
}, true);
window.addEventListener("load", function () {
  setTimeout(function () {
    document.fonts.ready.then(function () {
      var fonts = [], failed = [];
      document.fonts.forEach(function (f) {
        if (f.status === "loaded") fonts.push(f.family.replace(/"/g, ""));
        if (f.status === "error") failed.push(f.family);
      });
      var toggle = document.querySelector(".leaflet-control-layers-toggle");
      var out = document.createElement("pre");
      out.id = "probe";
      out.textContent = JSON.stringify({
        fonts: fonts, failedFonts: failed, errors: window.__errors,
        resources: performance.getEntriesByType("resource").map(function (r) { return r.name; }),
        layersIcon: toggle ? getComputedStyle(toggle).backgroundImage.slice(0, 30) : null
      });
      document.body.appendChild(out);
    });
  }, 500);
});
</script>"""


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail(
            "the browser test needs Chromium (/usr/bin/chromium; on Debian: apt-get install "
            "chromium), and none is on PATH"
        )
    return found


@pytest.mark.browser
def test_self_contained_page_runs_offline_in_chromium(tmp_path: Path) -> None:
    """The page works in a browser that cannot resolve any host name."""
    page = inline_assets(_folium_page(tiles=None)).replace("<head>", "<head>" + _PROBE, 1)
    file = tmp_path / "map.html"
    file.write_text(page, encoding="utf-8")
    result = subprocess.run(
        [
            _chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            file.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert "leaflet-container" in dom
    # Leaflet's own default marker (Paris) and its shadow, as data: images.
    assert re.search(r'<img src="data:image/png;base64,[^"]+" class="leaflet-marker-icon', dom)
    assert re.search(r'<img src="data:image/png;base64,[^"]+" class="leaflet-marker-shadow', dom)
    assert 'class="awesome-marker-icon-red awesome-marker leaflet-zoom-animated' in dom
    assert "marker-cluster-small" in dom
    probe = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert probe is not None, "the page's scripts did not run"
    seen = json.loads(probe.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert seen["errors"] == []
    assert seen["resources"] == []  # nothing fetched: every asset came from the page
    assert seen["failedFonts"] == []
    assert {"Glyphicons Halflings", "Font Awesome 6 Free"} <= set(seen["fonts"])
    assert seen["layersIcon"].startswith('url("data:image/png')
