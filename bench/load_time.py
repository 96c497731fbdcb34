"""Gazetteer cold-load time and memory, and a one-sentence ``geomap extract`` run.

Each figure is the median of N fresh processes (default 5), so every load is cold in
the Python sense (nothing cached in the interpreter); the OS file cache is warm.
Targets (issue 2): load <= 1.0 s, resident memory <= 400 MB, one-sentence
``geomap extract --offline`` <= 1.5 s including interpreter start.

Usage: python bench/load_time.py [-n 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_LOAD = """
import resource, time
t0 = time.perf_counter()
from geomap.gazetteer import load_gazetteer
gaz = load_gazetteer()
gaz.find("Mosul")
elapsed = time.perf_counter() - t0
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(gaz))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5)
    args = parser.parse_args()
    loads, rss = [], []
    for _ in range(args.n):
        out = subprocess.run(
            [sys.executable, "-c", _LOAD], check=True, capture_output=True, text=True, cwd=ROOT
        ).stdout.split()
        loads.append(float(out[0]))
        rss.append(float(out[1]))
        rows = int(out[2])
    print(f"gazetteer: {rows} places")
    print(
        f"cold load (import + load + first lookup): median {statistics.median(loads):.3f} s "
        f"(min {min(loads):.3f}, max {max(loads):.3f})"
    )
    print(f"peak resident memory after load: median {statistics.median(rss):.0f} MiB")

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("Fighters left Mosul for Raqqa, Syria, on Monday.\n")
    walls = []
    for _ in range(args.n):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "geomap", "extract", "--offline", handle.name],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        walls.append(time.perf_counter() - t0)
    print(
        f"geomap extract --offline, one sentence, wall clock incl. interpreter start: "
        f"median {statistics.median(walls):.3f} s (min {min(walls):.3f}, max {max(walls):.3f})"
    )
    Path(handle.name).unlink()


if __name__ == "__main__":
    main()
