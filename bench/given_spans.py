"""Resolution alone on the dev corpora: geomap given the gold spans.

Usage: python bench/given_spans.py [--shared ../shared]

For each corpus in ``SHARED/eval/*.dev.jsonl`` it runs the real command
``python -m geomap evaluate --given-spans CORPUS --json`` (offline, bundled gazetteer):
every gold toponym's span is given to geomap, which resolves exactly those spans, and
the figures cover every gold span with coordinates. An unanswered span (no coordinates)
counts as wrong, and as 20,039 km in the mean, median and AUC. Prints Acc@161, same
GeoNames id accuracy (corpora with ids), Acc@161-or-same-id, mean and median km, AUC,
and the mean km of the answered spans alone.
Reads ../shared, which is for measuring only; nothing from it enters the repo.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CORPORA = ["geowebnews", "lgl", "trnews", "geovirus"]


def _num(value: float | None, spec: str = ".3f") -> str:
    return "-" if value is None else format(value, spec)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    print(
        "| corpus | gold spans | answered | Acc@161 | same id | Acc@161 or same id "
        "| mean km | median km | AUC | mean km, answered |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for corpus in CORPORA:
        gold = args.shared / "eval" / f"{corpus}.dev.jsonl"
        command = [sys.executable, "-m", "geomap", "evaluate", "--given-spans", str(gold)]
        done = subprocess.run([*command, "--json"], capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed: {done.stderr.strip()}")
        r = json.loads(done.stdout)
        print(
            f"| {corpus} | {r['n']} | {r['answered']} | {_num(r['acc161'])} | "
            f"{_num(r['id_acc'])} | {_num(r['acc161_or_id'])} | {_num(r['mean_km'], '.0f')} | "
            f"{_num(r['median_km'], '.1f')} | {_num(r['auc'])} | "
            f"{_num(r['answered_mean_km'], '.0f')} |"
        )


if __name__ == "__main__":
    main()
