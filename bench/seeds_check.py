"""Check ``geomap extract --offline`` on the two seed articles in ../shared/seeds/.

Expected: Mosul, Ramadi, Raqqa, Baghdad (within 25 km of GeoNames' coordinates),
Diyala the governorate, Iraq and Syria; and no mention overlapping "USA Today",
"Islamic State", "Breaking News", "Badr Organization", "Operation Inherent Resolve"
or "Dorrian". Prints one line per check and exits 1 if any fails.

Usage: python bench/seeds_check.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# GeoNames coordinates (geonames.org) of the expected cities.
CITIES = {
    "Mosul": (36.33500, 43.11889),
    "Ramadi": (33.42056, 43.30778),
    "Raqqa": (35.95283, 39.00788),
    "Baghdad": (33.34058, 44.40088),
}
REGIONS = {"Diyala": ("admin1", "IQ"), "Iraq": ("country", "IQ"), "Syria": ("country", "SY")}
FORBIDDEN = [
    "USA Today",
    "Islamic State",
    "Breaking News",
    "Badr Organization",
    "Operation Inherent Resolve",
    "Dorrian",
]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    seeds = sorted((args.shared / "seeds").glob("*.txt"))
    if not seeds:
        sys.exit(f"no seed articles in {args.shared / 'seeds'}")
    result = subprocess.run(
        [sys.executable, "-m", "geomap", "extract", "--offline", *map(str, seeds)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    docs = {d["id"]: d for d in map(json.loads, result.stdout.splitlines())}
    texts = {str(p): p.read_text(encoding="utf-8") for p in seeds}
    mentions = [m for d in docs.values() for m in d["mentions"]]
    failures = 0

    def report(ok: bool, what: str) -> None:
        nonlocal failures
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {what}")

    for name, ref in CITIES.items():
        hits = [m for m in mentions if m["text"] == name and m["lat"] is not None]
        far = [m for m in hits if _km(ref, (m["lat"], m["lon"])) > 25]
        worst = max((_km(ref, (m["lat"], m["lon"])) for m in hits), default=float("nan"))
        report(bool(hits) and not far, f"{name}: {len(hits)} mentions, worst {worst:.1f} km")
    for name, (kind, country) in REGIONS.items():
        hits = [m for m in mentions if m["text"] == name]
        good = [m for m in hits if m["kind"] == kind and m["country"] == country]
        report(
            bool(hits) and len(good) == len(hits),
            f"{name}: {len(good)}/{len(hits)} as {kind} {country}",
        )
    for phrase in FORBIDDEN:
        spans = [
            (doc_id, m.start(), m.end())
            for doc_id, text in texts.items()
            for m in re.finditer(re.escape(phrase), text)
        ]
        bad = [
            m
            for doc_id, s, e in spans
            for m in docs[doc_id]["mentions"]
            if m["start"] < e and s < m["end"]
        ]
        report(not bad, f"nothing inside {phrase!r} ({len(spans)} occurrences)")
    print(f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
