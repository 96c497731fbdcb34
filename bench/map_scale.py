"""The map at scale: 10,000 distinct places, 100,000 mentions.

Builds synthetic documents (100 documents of 1,000 mentions, each sentence naming one
of 10,000 places scattered over the world), then prints: the time ``render_map`` +
``page_html`` take to build the HTML (target <= 5 s), the file size (<= 25 MB) and
the time headless Chromium needs from opening the file to an interactive map, i.e.
until geomap.js has built every marker, the panel and the layers (<= 3 s).

Usage: python bench/map_scale.py [--places 10000] [--mentions 100000] [--no-browser]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geomap.models import Candidate, Document, Mention, Place  # noqa: E402
from geomap.render import page_html, render_map  # noqa: E402
from geomap.snapshot import CHROMIUM_FLAGS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def synthetic(n_places: int, n_mentions: int, n_docs: int) -> list[Document]:
    rng = random.Random(7)
    kinds = ["city"] * 8 + ["admin1", "country"]
    places = [
        Candidate(
            id=i + 1,
            name=f"Place {i:05d}",
            lat=rng.uniform(-60, 70),
            lon=rng.uniform(-180, 180),
            kind=rng.choice(kinds),
            country="XX",
            country_name="Testland",
            admin1="Region",  # type: ignore[arg-type]
            population=rng.randint(1000, 10**6),
        )
        for i in range(n_places)
    ]
    per_doc = n_mentions // n_docs
    docs = []
    for d in range(n_docs):
        parts: list[str] = []
        found: list[Place] = []
        at = 0
        for k in range(per_doc):
            c = places[(d * per_doc + k) % n_places]
            prefix = f"Report {k} says fighting spread near "
            sentence = f"{prefix}{c.name} on the road north of the river."
            start = at + len(prefix)
            mention = Mention(
                c.name, start, start + len(c.name), c.name, "name", at, at + len(sentence)
            )
            found.append(Place(mention, c, rng.uniform(0.3, 1.0)))
            parts.append(sentence)
            at += len(sentence) + 1
        docs.append(Document(f"report-{d:03d}.txt", " ".join(parts), tuple(found)))
    return docs


def browser_times(page_path: Path, runs: int = 3) -> tuple[list[float], list[float]]:
    """Seconds from opening ``page_path`` in headless Chromium to a drawn map, and to the
    first place's popup opened from the side panel, for each of ``runs`` fresh pages."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=list(CHROMIUM_FLAGS),
        )
        ready, popup = [], []
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.route("http*://**", lambda route: route.abort())
            errors: list[str] = []
            page.on("pageerror", lambda err, seen=errors: seen.append(str(err)))
            t0 = time.perf_counter()
            page.goto(page_path.as_uri(), wait_until="commit")
            page.wait_for_selector("[data-geomap-ready]", timeout=120_000)
            page.wait_for_selector(".marker-cluster, .geomap-marker", timeout=120_000)
            ready.append(time.perf_counter() - t0)
            page.locator(".geomap-entry").first.click()
            page.wait_for_selector(".geomap-popup", timeout=60_000)
            popup.append(time.perf_counter() - t0)
            if errors:
                sys.exit(f"page errors in {page_path}: {errors}")
            page.close()
        browser.close()
    return ready, popup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    docs = synthetic(args.places, args.mentions, args.docs)

    t0 = time.perf_counter()
    html = page_html(render_map(docs, tiles=None), self_contained=True)
    build = time.perf_counter() - t0
    out = Path(tempfile.mkdtemp(prefix="geomap-scale-")) / "scale.html"
    out.write_text(html, encoding="utf-8")
    size_mb = out.stat().st_size / 1e6
    print(f"{args.places} places, {args.mentions} mentions, {args.docs} documents")
    print(f"build HTML (render_map + page_html, self-contained): {build:.2f} s")
    print(f"file size: {size_mb:.1f} MB ({out})")
    if args.no_browser:
        return

    ready, popup = browser_times(out)

    def runs(values: list[float]) -> str:
        listed = ", ".join(f"{t:.2f}" for t in values)
        return f"median {sorted(values)[1]:.2f} s (runs: {listed})"

    print(f"open -> map drawn (clusters, panel, legend, layers ready): {runs(ready)}")
    print(f"open -> first popup opened from the side panel: {runs(popup)}")


if __name__ == "__main__":
    main()
