"""The map at corpus scale: synthetic maps of 1k, 10k and 50k places, and a real corpus.

Usage: python bench/map.py [--shared ../shared] [--copies 32] [--no-corpus]
                            [--places 1000,10000,50000,100000]

1. Synthetic (``bench/map_scale.py``'s documents: 10 mentions per place, 100
   documents): for 1,000, 10,000, 50,000 and 100,000 places, the time to build the
   self-contained HTML, its size, and the median time headless Chromium needs to a
   drawn map and to the first place's popup opened from the panel (targets for 10k
   places / 100k mentions: build <= 5 s, interactive <= 3 s), and how many places
   the page budget left out (100,000 places pass 25 MB).
2. Corpus: ``--copies`` copies of the dev texts in SHARED/eval as one JSONL corpus
   (32 copies: about 34 MB of text, 17,800 documents, 178,000 mentions). Runs the real
   ``geomap extract --jobs 2`` and ``geomap render --jobs 2 --self-contained`` on it, in
   one run, and prints both times and their ratio (target <= 1.5), every process's
   peak RSS (<= 400 MiB), the page size (<= 25 MB) and the browser times (<= 3 s).

Reads ../shared, which is for measuring only; nothing from it enters the repo.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import CORPORA, run  # noqa: E402
from map_scale import browser_times, synthetic  # noqa: E402

from geomap.render import MapBuilder, page_html, render_map  # noqa: E402


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def synthetic_maps(work: Path, sizes: list[int]) -> None:
    print(
        "| places | mentions | build s | HTML MB | left out | interactive s | popup from panel s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for places in sizes:
        docs = synthetic(places, places * 10, 100)
        start = time.perf_counter()
        builder = MapBuilder()
        for doc in docs:
            builder.add(doc)
        html = page_html(render_map(builder, tiles=None), self_contained=True)
        build = time.perf_counter() - start
        left = builder.omitted["places"] if builder.omitted else 0
        page = work / f"synthetic-{places}.html"
        page.write_text(html, encoding="utf-8")
        ready, popup = browser_times(page)
        print(
            f"| {places:,} | {places * 10:,} | {build:.2f} | {page.stat().st_size / 1e6:.1f} | "
            f"{left:,} | {_median(ready):.2f} | {_median(popup):.2f} |",
            flush=True,
        )


def corpus_map(work: Path, shared: Path, copies: int) -> None:
    corpus = work / "corpus.jsonl"
    docs = size = 0
    with corpus.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            for name in CORPORA:
                for line in (shared / "eval" / f"{name}.dev.jsonl").read_text("utf-8").splitlines():
                    record = json.loads(line)
                    size += len(record["text"].encode())
                    handle.write(
                        json.dumps({"id": f"{record['id']}/{copy}", "text": record["text"]})
                    )
                    handle.write("\n")
                    docs += 1
    geomap = shutil.which("geomap", path=str(Path(sys.executable).parent)) or "geomap"
    base = [geomap, "--jobs", "2", "--offline", str(corpus)]
    extract_wall, extract_peaks, _, _ = run(
        [geomap, "extract", *base[1:], "-o", str(work / "o.jsonl")]
    )
    page = work / "corpus.html"
    render_wall, render_peaks, _, _ = run(
        [geomap, "render", *base[1:], "--self-contained", "-q", "-o", str(page)]
    )
    ready, popup = browser_times(page)

    def peaks(found: dict[int, tuple[str, int]]) -> str:
        return ", ".join(
            f"{kib / 1024:.0f}" for _, kib in sorted(found.values(), key=lambda p: -p[1])[:4]
        )

    print(
        f"\ncorpus: {copies} copies of the dev texts, {docs:,} documents, "
        f"{size / 1e6:.1f} MB of text"
    )
    print(
        f"extract --jobs 2: {extract_wall:.1f} s, peak RSS per process (MiB) {peaks(extract_peaks)}"
    )
    print(
        f"render --jobs 2 --self-contained: {render_wall:.1f} s "
        f"({render_wall / extract_wall:.2f}x extract), peak RSS (MiB) {peaks(render_peaks)}"
    )
    print(
        f"page: {page.stat().st_size / 1e6:.1f} MB; interactive median {_median(ready):.2f} s "
        f"(runs {', '.join(f'{t:.2f}' for t in ready)}); most-mentioned place's popup from the "
        f"panel {_median(popup):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--copies", type=int, default=32)
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--places", default="1000,10000,50000,100000")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="geomap-map-"))
    try:
        synthetic_maps(work, [int(n) for n in args.places.split(",")])
        if not args.no_corpus:
            corpus_map(work, args.shared, args.copies)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
