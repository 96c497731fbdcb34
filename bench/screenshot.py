"""Screenshot a map made by ``geomap render`` in headless Chromium, with no network.

Usage, from the repository root::

    geomap render examples/report.txt -o maps/report.html
    python -m bench.screenshot maps/report.html docs/screenshot.png

The page's Leaflet and jQuery come from Debian's packages instead of the CDN (this
machine has no network; ``apt-get install -y chromium libjs-leaflet libjs-jquery``),
so map tiles stay blank: the picture shows the markers, the layer control and, with
``--popup``, the first marker's popup.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from bench.browser_check import JQUERY, LEAFLET, run_chromium

_CDN_JS = re.compile(r'<script src="https://[^"]*/leaflet(?:@[^/"]*)?/dist/leaflet\.js"></script>')
_CDN_JQUERY = re.compile(r'<script src="https://[^"]*jquery[^"]*\.js"></script>')
_CDN_CSS = re.compile(
    r'<link rel="stylesheet" href="https://[^"]*/leaflet(?:@[^/"]*)?/dist/leaflet\.css"/>'
)
_MARKER = re.compile(r"var (marker_[0-9a-f]+) = L\.marker\(")


def localise(html: str, *, popup: bool) -> str:
    """Point the page at local Leaflet/jQuery; optionally open the first popup on load."""
    html = _CDN_JS.sub(f'<script src="{(LEAFLET / "leaflet.js").as_uri()}"></script>', html)
    html = _CDN_JQUERY.sub(f'<script src="{JQUERY.as_uri()}"></script>', html)
    html = _CDN_CSS.sub(
        f'<link rel="stylesheet" href="{(LEAFLET / "leaflet.css").as_uri()}"/>', html
    )
    first = _MARKER.search(html)
    if popup and first:
        opener = (
            "<script>window.addEventListener('load', function () {"
            f" {first.group(1)}.openPopup(); }});</script>"
        )
        html = html.replace("</html>", opener + "</html>")
    return html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--popup", action="store_true", help="Open the first marker's popup.")
    args = parser.parse_args()
    page = Path(tempfile.mkdtemp(prefix="geomap-shot-")) / "page.html"
    page.write_text(localise(args.html.read_text(encoding="utf-8"), popup=args.popup), "utf-8")
    args.png.parent.mkdir(parents=True, exist_ok=True)
    run_chromium(page, f"--screenshot={args.png.resolve()}")
    print(f"screenshot written to {args.png}")


if __name__ == "__main__":
    main()
