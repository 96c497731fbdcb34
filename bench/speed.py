"""One process's speed, side by side with older code: KB of text per second.

Usage: python bench/speed.py [--old-python /work/venv-old/bin/python] [--shared ../shared]
                             [--rounds 3]

Geoparses the four dev corpora (``SHARED/eval/*.dev.jsonl``, offline, bundled gazetteer)
in one process with this checkout and with the geomap installed for ``--old-python``
(e.g. commit 176dca1 in a second virtualenv), alternating, ``--rounds`` times each;
prints the median KB/s of recognition alone and of the whole of ``geoparse``
(recognise, look up, resolve), gazetteer load excluded, and the ratio new / old.
Reads ../shared, which is for measuring only; nothing from it enters the repo.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, sys, time
try:
    from geomap.recognise import extract_mentions
except ImportError:
    from geomap.extract import extract_mentions
from geomap.gazetteer import load_gazetteer
from geomap.pipeline import geoparse
stage = sys.argv[1]
texts = [json.loads(line)["text"] for path in sys.argv[2:] for line in open(path, encoding="utf-8")]
size = sum(len(t.encode()) for t in texts) / 1000
gaz = load_gazetteer()
geoparse("Warm up in Mosul.", gazetteer=gaz)
work = extract_mentions if stage == "recognise" else (lambda t, g: geoparse(t, gazetteer=g))
start = time.perf_counter()
for t in texts:
    work(t, gaz)
print(json.dumps(size / (time.perf_counter() - start)))
"""


def _run(python: str, stage: str, files: list[str], here: bool) -> float:
    env = dict(os.environ)
    if here:
        env["PYTHONPATH"] = str(ROOT)
    else:
        env.pop("PYTHONPATH", None)
    out = subprocess.run(
        [python, "-c", _CHILD, stage, *files],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd="/",
    )
    return float(json.loads(out.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-python", default="/work/venv-old/bin/python")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    files = [str(p) for p in sorted((args.shared / "eval").glob("*.dev.jsonl"))]
    print(f"{len(files)} dev corpora, {args.rounds} rounds each, alternating; KB/s (median)")
    for stage in ("recognise", "geoparse"):
        new_runs, old_runs = [], []
        for _ in range(args.rounds):
            new_runs.append(_run(sys.executable, stage, files, here=True))
            old_runs.append(_run(args.old_python, stage, files, here=False))
        new, old = sorted(new_runs)[args.rounds // 2], sorted(old_runs)[args.rounds // 2]
        print(f"{stage:>9}: this checkout {new:7.0f}, old {old:7.0f}, ratio {new / old:.2f}x")


if __name__ == "__main__":
    main()
