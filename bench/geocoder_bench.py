"""The online fallback at scale, against a local Nominatim-speaking server.

200 distinct names the gazetteer lacks, each in a place context, are geoparsed twice
with ``geomap extract`` (as a subprocess, with a fresh cache): the first run asks the
server, the second must be served from the cache. Prints requests made, wall time
and the cache hit rate of the second run. No traffic leaves 127.0.0.1.

Usage: python bench/geocoder_bench.py [--names 200] [--delay 0]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from nominatim_server import Script, serve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.0, help="--geocoder-delay to use")
    args = parser.parse_args()
    script = Script()
    # Invented names (consonant-vowel syllables) that no gazetteer holds.
    syllables = ["ka", "ro", "mi", "tu", "ze", "la", "vo", "shi", "de", "nu"]
    names = []
    for i in range(args.names):
        a, b, c = syllables[i % 10], syllables[(i // 10) % 10], syllables[(i // 100) % 10]
        names.append(f"Qa{a}{b}{c}rat")
    for i, name in enumerate(names):
        if i % 4:  # three in four are found, one in four are misses
            script.place(name, 30 + (i % 50) / 10, 40 + (i % 40) / 10, "iq")
    text = "".join(f"Iraqi forces entered the village of {n}.\n" for n in names)
    with tempfile.TemporaryDirectory() as tmp, serve(script) as url:
        doc = Path(tmp) / "villages.txt"
        doc.write_text(text, encoding="utf-8")
        env = {**os.environ, "GEOMAP_CACHE": str(Path(tmp) / "cache.sqlite")}
        env.pop("GEOMAP_OFFLINE", None)
        for label in ("first run (cold cache)", "second run (warm cache)"):
            before = len(script.requests)
            t0 = time.perf_counter()
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "geomap",
                    "extract",
                    str(doc),
                    "-o",
                    str(Path(tmp) / "o"),
                    "--geocoder-url",
                    url,
                    "--geocoder-delay",
                    str(args.delay),
                    "--max-lookups",
                    str(args.names),
                ],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            wall = time.perf_counter() - t0
            made = len(script.requests) - before
            summary = done.stderr.strip().splitlines()[-1]
            hit_rate = 1 - made / args.names
            print(
                f"{label}: {made} requests for {args.names} names, wall {wall:.2f} s, "
                f"cache hit rate {hit_rate:.0%}"
            )
            print(f"  {summary}")


if __name__ == "__main__":
    main()
