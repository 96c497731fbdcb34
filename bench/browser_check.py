"""Open a map of hostile text in headless Chromium and report whether any of it ran.

Renders a document whose id, place names and sentences carry script payloads (each one,
if it ran, would add a ``<pwned-*>`` element, set the title or call ``alert``), saves it
with ``Map.save``, then lets Chromium take screenshots (without and with one popup open)
and dump the DOM after load, with that popup open. Exit status 0 means: the page worked
(markers, layer control and the open popup are in the DOM, the reader sees the original
text) and no payload ran.

Offline by design: the page's CDN scripts are swapped for Debian's copies and Chromium's
resolver answers NOTFOUND for every host, so nothing goes over the network and the map
tiles stay blank. Needs::

    apt-get install -y chromium libjs-leaflet libjs-jquery

Usage, from the repository root: ``python -m bench.browser_check [--out DIR]``
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import folium

from geomap.models import Candidate, Document, Mention, Place
from geomap.render import render_map

__all__ = ["main"]

CHROMIUM = "/usr/bin/chromium"
LEAFLET = Path("/usr/share/javascript/leaflet")
JQUERY = Path("/usr/share/javascript/jquery/jquery.min.js")

# Each payload that runs leaves a trace in the DOM: a <pwned-*> element, a title, or a
# <geomap-alert> element (alert() is replaced by a function that adds one).
_ADD = "document.body.appendChild(document.createElement('pwned-{}'))"
PAYLOADS = (
    "<script>alert(1)</script>",
    "</script><script>document.title='pwned-close'</script>",
    "<img src=x onerror=alert(2)>",
    f'<img src=x onerror="{_ADD.format("img")}">',
    f"`+{_ADD.format('tick')}+`",
    "\\`+alert(3)+\\`",
    f"${{{_ADD.format('tpl')}}}",
    "${alert(4)}",
    '"+alert(5)+"',
    "'single' \"double\" back\\slash",
)
HOSTILE = " ".join(PAYLOADS)
TRACES = re.compile(r"<pwned-|<geomap-alert|<title>[^<]*pwned", re.I)


def hostile_documents() -> list[Document]:
    """A hostile document with two places, and a plain one sharing one of them."""
    town = Candidate(1, f"Tell {HOSTILE}", 33.3, 44.4, "city", "IQ", HOSTILE, HOSTILE)
    ford = Candidate(2, "Ford <b>Crossing</b>", 36.3, 43.1, "city", "IQ", None, "Iraq")
    first = f"Shelling hit Tell {HOSTILE} overnight."
    second = " Later the <b>Ford</b> road to Tell was open."
    text = first + second
    places = [
        _place(text, f"Tell {HOSTILE}", town, 0, len(first)),
        _place(text, "<b>Ford</b>", ford, len(first), len(text)),
        _place(text, "Tell", town, len(first), len(text)),
    ]
    plain = Document(
        "plain-wire",
        "Tell was quiet.",
        (Place(Mention("Tell", 0, 4, "Tell", "name", 0, 15), town),),
    )
    return [Document(f"doc {HOSTILE}", text, tuple(places)), plain]


def _place(text: str, surface: str, candidate: Candidate, s_start: int, s_end: int) -> Place:
    start = text.index(surface, s_start)
    mention = Mention(surface, start, start + len(surface), surface, "name", s_start, s_end)
    return Place(mention, candidate)


def build_page(documents: list[Document], path: Path, *, open_popup: bool) -> int:
    """Save the map to ``path`` with local scripts and test-only hooks; return marker count."""
    fmap = render_map(documents)
    # Debian's Leaflet and jQuery instead of the CDN (Bootstrap and the rest are unused).
    fmap.default_js = [
        ("leaflet", (LEAFLET / "leaflet.js").as_uri()),
        ("jquery", JQUERY.as_uri()),
    ]
    fmap.default_css = [("leaflet_css", (LEAFLET / "leaflet.css").as_uri())]

    markers = [
        marker
        for layer in fmap._children.values()
        if isinstance(layer, folium.FeatureGroup)
        for marker in layer._children.values()
        if isinstance(marker, folium.Marker)
    ]
    root = fmap.get_root()
    # Test page only: record alert() calls in the DOM, prove scripts ran, open a popup.
    root.header.add_child(
        folium.Element(
            "<script>window.alert = function (m) {"
            " var e = document.createElement('geomap-alert'); e.textContent = String(m);"
            " (document.body || document.documentElement).appendChild(e); };</script>"
        ),
        name="check_alert",
    )
    opener = f" {markers[0].get_name()}.openPopup();" if open_popup else ""
    root.script.add_child(
        folium.Element(
            "window.addEventListener('load', function () {"
            f"{opener} document.body.setAttribute('data-geomap-check', 'ran'); }});"
        ),
        name="check_on_load",
    )
    fmap.save(path)
    return len(markers)


def run_chromium(page: Path, *extra: str) -> str:
    profile = tempfile.mkdtemp(prefix="geomap-chromium-")
    try:
        result = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                # Every host name fails to resolve: no traffic leaves the machine.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                f"--user-data-dir={profile}",
                "--window-size=1200,800",
                "--virtual-time-budget=5000",
                *extra,
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return result.stdout


def _between(dom: str, start: str, end: str) -> str:
    head, _, tail = dom.partition(start)
    return tail.partition(end)[0] if tail else ""


def _visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="folder for the page, DOM and screenshot")
    args = parser.parse_args()
    for needed in (Path(CHROMIUM), LEAFLET / "leaflet.js", JQUERY):
        if not needed.exists():
            print(f"missing {needed}: apt-get install -y chromium libjs-leaflet libjs-jquery")
            return 2
    out: Path = args.out or Path(tempfile.mkdtemp(prefix="geomap-browser-check-"))
    out.mkdir(parents=True, exist_ok=True)
    page, popup_page = out / "hostile.html", out / "hostile-popup.html"
    shot, popup_shot = out / "hostile.png", out / "hostile-popup.png"
    dom_file = out / "hostile-popup-dom.html"

    documents = hostile_documents()
    n_markers = build_page(documents, page, open_popup=False)
    build_page(documents, popup_page, open_popup=True)
    run_chromium(page, f"--screenshot={shot}")
    run_chromium(popup_page, f"--screenshot={popup_shot}")
    dom = run_chromium(popup_page, "--dump-dom")
    dom_file.write_text(dom, encoding="utf-8")

    popup = _visible(_between(dom, 'class="leaflet-popup-content"', "leaflet-popup-tip-container"))
    overlays = _between(dom, "leaflet-control-layers-overlays", "</section>")
    # Long ids are cut short in the label; the whole id is the label's title.
    titles = [html.unescape(t) for t in re.findall(r'title="([^"]*)"', overlays)]
    traces = sorted(set(TRACES.findall(dom)))
    checks = {
        "scripts ran (load handler fired)": 'data-geomap-check="ran"' in dom,
        f"{n_markers} markers drawn": dom.count("leaflet-marker-icon") == n_markers,
        "popup open, mention marked": "<mark>" in dom and bool(popup),
        "popup shows the original sentence": f"Shelling hit Tell {HOSTILE} overnight." in popup,
        "layer control shows the original document id": f"doc {HOSTILE}" in titles,
        "no payload ran (no alert, no pwned element, title untouched)": not traces,
    }
    for label, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {label}")
    if traces:
        print(f"     traces of executed payloads: {traces}")
    print(f"pages:       {page}, {popup_page}")
    print(f"DOM dump:    {dom_file}")
    print(f"screenshots: {shot} (markers), {popup_shot} (one popup open)")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
