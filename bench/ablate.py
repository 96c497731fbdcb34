"""What each recognition rule earns: switch it off, measure, and write docs/rules.md.

Usage: python bench/ablate.py [--shared ../shared] [--jobs 2] [--out docs/rules.md]
                              [--rules ID,ID]

For the whole table and then for each rule of ``geomap.recognise.RULES`` switched off
in turn (``rules_off``), geoparses the four dev corpora (``SHARED/eval/*.dev.jsonl``,
offline, bundled gazetteer) and scores them as ``geomap evaluate`` does (exact F1 and
geo-F1, the figures of ``SHARED/tools/score.py``). Writes one row per rule: its id,
stage, doc, and the change of exact F1 and geo-F1 per corpus when it is off (negative:
the rule earns that much). Prints the same table.
Reads ../shared, which is for measuring only; nothing from it enters the repo.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geomap.evaluate import score_documents  # noqa: E402
from geomap.gazetteer import load_gazetteer  # noqa: E402
from geomap.outputs import mention_record  # noqa: E402
from geomap.pipeline import geoparse  # noqa: E402
from geomap.recognise import RULES, rules_off  # noqa: E402

CORPORA = {"geowebnews": "GWN", "lgl": "LGL", "trnews": "TR", "geovirus": "GV"}
_STATE: dict[str, object] = {}


def _load(shared: str) -> None:
    _STATE["gaz"] = load_gazetteer()
    _STATE["gold"] = {
        name: [json.loads(line) for line in (Path(shared) / "eval" / f"{name}.dev.jsonl").open()]
        for name in CORPORA
    }


def _score(off: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """(exact F1, geo-F1) per corpus with the rules ``off`` switched off."""
    gaz, gold = _STATE["gaz"], _STATE["gold"]
    scores = {}
    with rules_off(*off):
        for name, records in gold.items():  # type: ignore[attr-defined]
            pairs = []
            for record in records:
                doc = geoparse(record["text"], doc_id=str(record["id"]), gazetteer=gaz)  # type: ignore[arg-type]
                pairs.append((record["toponyms"], [mention_record(p) for p in doc.places]))
            report = score_documents(pairs).as_dict()
            scores[name] = (report["exact"]["f1"], report["geo"]["f1"])
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "rules.md")
    parser.add_argument("--rules", default="", help="only these rule ids (default: all)")
    args = parser.parse_args()
    chosen = [r for r in RULES if not args.rules or r.id in args.rules.split(",")]
    start = time.perf_counter()
    with ProcessPoolExecutor(args.jobs, initializer=_load, initargs=(str(args.shared),)) as pool:
        results = list(pool.map(_score, [(), *((r.id,) for r in chosen)]))
    base, rows = results[0], results[1:]
    names = list(CORPORA)
    head = (
        "| rule | stage | what it does | "
        + " | ".join(f"Δ exact F1 {CORPORA[n]}" for n in names)
        + " | "
        + " | ".join(f"Δ geo-F1 {CORPORA[n]}" for n in names)
        + " |"
    )
    lines = [head, "|" + "---|" * (3 + 2 * len(names))]
    lines.append(
        "| *all rules on* | | exact F1 and geo-F1 themselves | "
        + " | ".join(f"{base[n][0]:.3f}" for n in names)
        + " | "
        + " | ".join(f"{base[n][1]:.3f}" for n in names)
        + " |"
    )
    idle = []
    for rule, scores in zip(chosen, rows, strict=True):
        deltas = [scores[n][0] - base[n][0] for n in names] + [
            scores[n][1] - base[n][1] for n in names
        ]
        if all(abs(d) < 0.0005 for d in deltas):
            idle.append(rule.id)
        lines.append(
            f"| `{rule.id}` | {rule.stage} | {rule.doc.replace('|', '/')} | "
            + " | ".join(f"{d:+.3f}" for d in deltas)
            + " |"
        )
    table = "\n".join(lines)
    print(table)
    print(f"\n{len(chosen)} rules, {time.perf_counter() - start:.0f} s; earning nothing: {idle}")
    if not args.rules:
        args.out.write_text(_page(table, idle), encoding="utf-8")
        print(f"wrote {args.out}")


def _page(table: str, idle: list[str]) -> str:
    return f"""# The recognition rules and what each earns

Written by `python bench/ablate.py` (do not edit by hand). Each row switches one rule
of `geomap.recognise.RULES` off (`rules_off`) and geoparses the four dev corpora of
`../shared/eval` offline; the columns are the change of exact F1 and geo-F1 (scored
as `geomap evaluate` and `../shared/tools/score.py` do). Negative: with the rule off
the figure drops, so the rule earns that much. Rows are in table order: the order in
which the engine applies the rules, stage by stage (see `geomap/recognise/rule.py`).
GWN GeoWebNews, LGL Local-Global Lexicon, TR TR-News, GV GeoVirus (demonyms scored
as predictions; GeoVirus annotates none).

{table}

Rules that change no figure by 0.0005 or more on any corpus:
{", ".join(f"`{i}`" for i in idle) or "none"}.
Each still has an example that needs it (`tests/test_rules.py`).
"""


if __name__ == "__main__":
    main()
