"""Accuracy, throughput and memory of ``geomap extract --offline`` on the dev corpora.

Usage: python bench/eval_corpora.py [--shared ../shared] [--keep DIR]

For each corpus in ``SHARED/eval/*.dev.jsonl`` it runs the real command
``python -m geomap extract --offline --format jsonl CORPUS -o PRED`` and scores PRED
with ``SHARED/tools/score.py``; then it geoparses all corpora in one process and prints
throughput (KB of text per second, gazetteer load excluded) and peak resident memory.
Reads ../shared, which is for measuring only; nothing from it enters the repo.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

CORPORA = ["geowebnews", "lgl", "trnews", "geovirus"]
COLUMNS = [
    ("exact F1", "exact", "f1"),
    ("overlap F1", "overlap", "f1"),
    ("Acc@161", "resolution", "acc161"),
    ("median km", "resolution", "median_km"),
    ("AUC", "resolution", "auc"),
    ("e2e Acc@161", "end_to_end", "acc161"),
    ("geo-P", "geo", "p"),
    ("geo-F1", "geo", "f1"),
]


def _metric(report: dict[str, object], section: str, key: str) -> str:
    value = report.get(section, {})
    if isinstance(value, dict):
        value = value.get(key)
    return "-" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def _max_difference(ours: dict[str, object], theirs: dict[str, object]) -> float:
    """Largest absolute difference between the numbers both reports hold."""
    worst = 0.0
    for key, value in ours.items():
        other = theirs.get(key)
        if isinstance(value, dict) and isinstance(other, dict):
            worst = max(worst, _max_difference(value, other))
        elif isinstance(value, int | float) and isinstance(other, int | float):
            worst = max(worst, abs(float(value) - float(other)))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--keep", type=Path, help="Keep predictions in this folder.")
    parser.add_argument("--corpora", nargs="*", default=CORPORA)
    parser.add_argument("--gazetteer", type=Path, help="Gazetteer tables to use instead.")
    args = parser.parse_args()
    gaz_args = ["--gazetteer", str(args.gazetteer.resolve())] if args.gazetteer else []
    eval_dir, scorer = args.shared / "eval", args.shared / "tools" / "score.py"
    if not scorer.exists():
        sys.exit(f"no scorer at {scorer}: pass --shared")
    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="geomap-eval-"))
    out_dir.mkdir(parents=True, exist_ok=True)

    rows = []
    agreement: list[tuple[str, float]] = []
    for name in args.corpora:
        gold = eval_dir / f"{name}.dev.jsonl"
        pred = out_dir / f"{name}.pred.jsonl"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "geomap",
                "extract",
                "--offline",
                *gaz_args,
                "--format",
                "jsonl",
                str(gold),
                "-o",
                str(pred),
            ],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        scored = subprocess.run(
            [sys.executable, str(scorer), str(gold), str(pred), "--json"],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append((name, json.loads(scored.stdout)))
        # geomap's own scorer must agree with score.py on the same output.
        ours = subprocess.run(
            [sys.executable, "-m", "geomap", "evaluate", str(gold), "--json", *gaz_args],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        agreement.append((name, _max_difference(json.loads(ours.stdout), rows[-1][1])))

    print("| corpus | " + " | ".join(c for c, _, _ in COLUMNS) + " |")
    print("|---|" + "---:|" * len(COLUMNS))
    for name, report in rows:
        cells = [_metric(report, section, key) for _, section, key in COLUMNS]
        print(f"| {name} | " + " | ".join(cells) + " |")

    print()
    for name, diff in agreement:
        print(f"geomap evaluate vs score.py on {name}: largest difference {diff:.2e}")

    # Throughput and memory, in this process.
    from geomap.gazetteer import load_gazetteer
    from geomap.pipeline import geoparse

    t0 = time.perf_counter()
    gaz = load_gazetteer()
    load_s = time.perf_counter() - t0
    texts = []
    for name in args.corpora:
        with open(eval_dir / f"{name}.dev.jsonl", encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    size_kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    t0 = time.perf_counter()
    mentions = sum(len(geoparse(t, gazetteer=gaz).places) for t in texts)
    run_s = time.perf_counter() - t0
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(
        f"{len(texts)} documents, {size_kb:.0f} KB, {mentions} mentions: "
        f"load {load_s:.2f} s, parse {run_s:.2f} s = {size_kb / run_s:.0f} KB/s "
        f"({len(texts) / run_s:.0f} docs/s), peak RSS {peak_mib:.0f} MiB"
    )
    print(f"predictions in {out_dir}")


if __name__ == "__main__":
    main()
