"""``geomap evaluate``: geoparse annotated documents and score the result.

End to end (recognition, resolution, identity, geo-F1: ``geomap.evaluate.
score_documents``), or, with ``--given-spans``, resolution alone on the gold spans
(``geomap.evaluate.score_given``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from .cli_options import GazetteerDir, RecogniserOption, checked_recogniser
from .cli_run import errors_as_exit
from .errors import InputError
from .given import read_spans, span_of
from .inputs import check_inputs, decode_text

__all__ = ["evaluate"]

logger = logging.getLogger("geomap")


def evaluate(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Annotated JSONL: {id, text, toponyms: [{start, end, lat, lon, geonameid}]}."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    gazetteer: GazetteerDir = None,
    given_spans: Annotated[
        bool,
        typer.Option(
            "--given-spans",
            help="Score resolution alone: geomap resolves the gold toponyms' spans "
            "(an unanswered one counts as wrong, and as 20039 km).",
        ),
    ] = False,
    drop_kind: Annotated[
        str | None,
        typer.Option(
            "--drop-kind",
            help="Drop predictions of this kind before scoring (GeoVirus annotates no "
            "demonyms: --drop-kind demonym).",
            show_default=False,
        ),
    ] = None,
    recogniser: RecogniserOption = "builtin",
) -> None:
    """Score geomap (offline, bundled gazetteer) against your own annotated documents."""
    from .evaluate import score_documents, score_given
    from .gazetteer import load_gazetteer
    from .outputs import mention_record
    from .pipeline import geoparse

    with errors_as_exit():
        spacy = checked_recogniser(recogniser, given_spans)
        check_inputs([str(gold)])
        gaz = load_gazetteer(gazetteer)
        pairs = []
        for doc_id, text, toponyms in _gold_documents(gold):
            spans = _gold_spans(doc_id, text, toponyms) if given_spans else None
            doc = geoparse(text, doc_id=doc_id, gazetteer=gaz, spans=spans, recogniser=spacy)
            predicted = [mention_record(p) for p in doc.places]
            if drop_kind is not None:
                predicted = [m for m in predicted if m["kind"] != drop_kind]
            pairs.append((toponyms, predicted))
        report = score_given(pairs) if given_spans else score_documents(pairs).as_dict()
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    else:
        typer.echo(given_table(report) if given_spans else report_table(report))


def _gold_documents(gold: Path) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    """``(id, text, toponyms)`` of each gold line; ``InputError`` for a malformed one."""
    for number, line in enumerate(decode_text(gold.read_bytes(), str(gold)).splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text, toponyms = record["text"], record.get("toponyms") or []
            if not isinstance(text, str) or not isinstance(toponyms, list):
                raise TypeError("text must be a string and toponyms a list")
            for toponym in toponyms:
                if not isinstance(toponym, dict) or isinstance(span_of(toponym), str):
                    raise TypeError(f"toponym {toponym!r} has no integer start and end")
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise InputError(f"{gold}:{number}: not a gold document ({err})") from err
        yield str(record.get("id", number)), text, toponyms


def _gold_spans(doc_id: str, text: str, toponyms: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """The gold toponyms' spans to resolve; a bad one (out of the text, overlapping)
    is warned about and not resolved, so it counts as unanswered."""
    kept, bad = read_spans(toponyms, len(text))
    for value, why in bad:
        logger.warning(
            "document %r: span [%s, %s] skipped, %s",
            doc_id,
            value.get("start"),
            value.get("end"),
            why,
        )
    return kept


def _num(value: float | None, spec: str = ".3f") -> str:
    return "-" if value is None else format(value, spec)


def report_table(r: dict[str, Any]) -> str:
    """The end-to-end figures as the scorer prints them."""
    res, e2e, geo, ident = r["resolution"], r["end_to_end"], r["geo"], r["identity"]
    lines = [
        f"{r['docs']} documents, {r['gold_toponyms']} gold toponyms "
        f"({r['gold_with_coords']} with coordinates), {r['pred_mentions']} predicted",
        f"{'':12}{'P':>7}{'R':>7}{'F1':>7}{'TP':>7}{'FP':>7}{'FN':>7}",
    ]
    for name in ("exact", "overlap"):
        m = r[name]
        lines.append(
            f"{name:<12}{m['p']:7.3f}{m['r']:7.3f}{m['f1']:7.3f}{m['tp']:7d}{m['fp']:7d}{m['fn']:7d}"
        )
    lines.append(
        f"resolution (n={res['n']}): Acc@161 {_num(res['acc161'])}, "
        f"mean {_num(res['mean_km'], '.1f')} km, median {_num(res['median_km'], '.1f')} km, "
        f"AUC {_num(res['auc'])}"
    )
    lines.append(f"end-to-end Acc@161 {_num(e2e['acc161'])} ({e2e['hits']}/{e2e['n']})")
    lines.append(f"geo-P {geo['p']:.3f}, geo-R {geo['r']:.3f}, geo-F1 {geo['f1']:.3f}")
    if ident["n"]:
        lines.append(
            f"identity (n={ident['n']} with a gold geonameid): same id {_num(ident['id_acc'])}, "
            f"Acc@161-or-same-id {_num(ident['acc161_or_id'])}, "
            f"geo-F1-or-same-id {ident['geo_id']['f1']:.3f}"
        )
    return "\n".join(lines)


def given_table(r: dict[str, Any]) -> str:
    """The ``--given-spans`` figures."""
    same = f"same id {_num(r['id_acc'])} (n={r['id_n']})" if r["id_n"] else "same id -"
    return "\n".join(
        [
            f"{r['docs']} documents, {r['n']} gold spans with coordinates given, "
            f"{r['answered']} answered",
            f"Acc@161 {_num(r['acc161'])}, {same}, Acc@161-or-same-id {_num(r['acc161_or_id'])}",
            f"mean {_num(r['mean_km'], '.1f')} km, median {_num(r['median_km'], '.1f')} km, "
            f"AUC {_num(r['auc'])} (an unanswered span counts as {r['unanswered_km']:.0f} km; "
            f"mean of the answered {_num(r['answered_mean_km'], '.1f')} km)",
        ]
    )
