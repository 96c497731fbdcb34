"""Group geomap's errors on the dev corpora by cause.

Usage: python bench/error_analysis.py [--shared ../shared] [--corpora lgl ...] [--top 15]

Runs ``geomap extract --offline`` (in process) on each ``SHARED/eval/*.dev.jsonl`` and
sorts every error into one of:

* false positives (a predicted mention overlapping no gold toponym), by how it was
  found (name / admin phrase / place context / demonym) and by the chosen kind;
* misses (a gold toponym no prediction overlaps), by why: the gazetteer lacks the
  name, it is a demonym the table lacks, it is lower case, an abbreviation, or the
  gazetteer knows it and the recogniser filtered it out;
* far-off resolutions (> 161 km from gold), by what was chosen: a country or region
  point that differs from the corpus' point, a same-named place in another country,
  or the right country but the wrong place.

For each group it prints the count and the most frequent surfaces. Reads ../shared,
which is for measuring only.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geomap.gazetteer import load_gazetteer  # noqa: E402
from geomap.names import name_key  # noqa: E402
from geomap.pipeline import geoparse  # noqa: E402


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.009 * math.asin(min(1.0, math.sqrt(h)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpora", nargs="*", default=["geowebnews", "lgl", "trnews", "geovirus"])
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    gaz = load_gazetteer()
    for corpus in args.corpora:
        groups: dict[str, Counter[str]] = defaultdict(Counter)
        for line in open(args.shared / "eval" / f"{corpus}.dev.jsonl", encoding="utf-8"):
            gold = json.loads(line)
            doc = geoparse(gold["text"], doc_id=gold["id"], gazetteer=gaz)
            spans = [(t["start"], t["end"]) for t in gold["toponyms"]]
            for place in doc.places:
                m = place.mention
                if not any(a < m.end and m.start < b for a, b in spans):
                    kind = place.kind if place.candidate else "unresolved"
                    groups[f"FP {m.kind} -> {kind}"][m.surface] += 1
            for t in gold["toponyms"]:
                hits = [
                    p
                    for p in doc.places
                    if p.mention.start < t["end"] and t["start"] < p.mention.end
                ]
                name = t["name"]
                if not hits:
                    if (
                        gaz.demonym(name) is None
                        and name[:1].isupper()
                        and name.rstrip("s").endswith(("an", "ish", "ese", "i"))
                        and not gaz.find(name)
                    ):
                        cause = "demonym or adjective not in the table"
                    elif not name[:1].isupper():
                        cause = "lower case"
                    elif name.isupper() or "." in name:
                        cause = "abbreviation / all caps"
                    elif not gaz.find(name):
                        cause = "gazetteer lacks the name"
                    else:
                        cause = "known name filtered by the recogniser"
                    groups[f"MISS {cause}"][name] += 1
                    continue
                c = hits[0].candidate
                if c is None or t["lat"] is None:
                    continue
                km = _km(t["lat"], t["lon"], c.lat, c.lon)
                if km <= 161:
                    continue
                if c.kind in ("country", "admin1", "continent") and name_key(c.name) == name_key(
                    name
                ):
                    cause = f"{c.kind} point differs from the corpus'"
                elif c.kind in ("country", "admin1", "continent"):
                    cause = f"chose a {c.kind}"
                else:
                    alts = {a.country for a in hits[0].alternatives}
                    cause = (
                        "homonym: another country's place"
                        if alts
                        else "right name, far (point or wrong town)"
                    )
                groups[f"FAR {cause}"][f"{name} -> {c.name} ({c.country})"] += 1
        print(f"\n## {corpus}")
        for key in sorted(groups, key=lambda k: -sum(groups[k].values())):
            total = sum(groups[key].values())
            top = ", ".join(f"{s} ×{n}" for s, n in groups[key].most_common(args.top))
            print(f"- {key}: {total} — {top}")


if __name__ == "__main__":
    main()
