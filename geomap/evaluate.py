"""Evaluation: score geomap's output against annotated text (gold JSONL).

Gold format (one document per line)::

    {"id": "doc-1", "text": "...", "toponyms": [
        {"start": 10, "end": 15, "name": "Mosul", "lat": 36.34, "lon": 43.12}, ...]}

``start``/``end`` are character offsets (``text[start:end] == name``); ``lat``/``lon``
may be ``null`` for a toponym that has no coordinates.

Metrics (the standard ones of the geoparsing literature, e.g. Gritta et al. 2018):

* recognition, micro-averaged: *exact* (same start and end, one-to-one) and *overlap*
  (any shared character; one-to-one, pairs taken greedily: exact pairs first, then
  larger overlap, then smaller offset difference, then document order) P / R / F1;
* resolution over gold toponyms with coordinates that an overlapping prediction with
  coordinates matches: Acc@161 (share of great-circle errors <= 161 km), mean and
  median error, and the AUC of the sorted ln(1 + km) / ln(20039) error curve;
* end-to-end Acc@161: such hits over all gold toponyms with coordinates;
* geo-P / geo-R / geo-F1: hits over predictions (minus those matched to gold
  toponyms without coordinates) and over gold toponyms with coordinates;
* identity, over matched gold toponyms with coordinates and a GeoNames id
  (``geonameid``): ``id_acc``, the share whose prediction has the same ``geonameid``;
  ``acc161_or_id``, resolution Acc@161 where the same id also counts as a hit (it
  forgives only where an area's point is put); ``geo_id``, geo-P/R/F1 with the same
  forgiveness. A prediction without a ``geonameid`` is not the same entity.

These are the definitions of the evaluation's scorer (``score.py``'s ``score_docs``),
to the letter. ``score_given`` scores resolution alone, when geomap was given the gold
spans (``geomap evaluate --given-spans``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .distance import haversine_km

__all__ = ["UNANSWERED_KM", "EvalReport", "score_documents", "score_given"]

_ACC_KM = 161.0
_AUC_MAX_KM = 20039.0

Span = tuple[int, int]


@dataclass
class EvalReport:
    """Counts and errors gathered over documents; the metrics are derived."""

    docs: int = 0
    gold: int = 0
    gold_with_coords: int = 0
    predicted: int = 0
    exact_tp: int = 0
    overlap_tp: int = 0
    hits: int = 0
    matched_without_coords: int = 0
    errors_km: list[float] = field(default_factory=list)
    #: Identity: matched gold toponyms with coordinates and a gold id, those of the
    #: same id, resolution hits or same id, end-to-end hits or same id.
    id_n: int = 0
    id_same: int = 0
    hits_or_id: int = 0
    e2e_or_id: int = 0

    def as_dict(self) -> dict[str, Any]:
        errors = sorted(self.errors_km)
        geo_den = self.predicted - self.matched_without_coords
        geo_p = self.hits / geo_den if geo_den else 0.0
        geo_r = self.hits / self.gold_with_coords if self.gold_with_coords else 0.0
        return {
            "docs": self.docs,
            "gold_toponyms": self.gold,
            "gold_with_coords": self.gold_with_coords,
            "pred_mentions": self.predicted,
            "exact": _prf(self.exact_tp, self.predicted, self.gold),
            "overlap": _prf(self.overlap_tp, self.predicted, self.gold),
            "resolution": {
                "n": len(errors),
                "acc161": sum(e <= _ACC_KM for e in errors) / len(errors) if errors else None,
                "mean_km": sum(errors) / len(errors) if errors else None,
                "median_km": _median(errors),
                "auc": _auc(errors),
            },
            "end_to_end": {
                "n": self.gold_with_coords,
                "hits": self.hits,
                "acc161": self.hits / self.gold_with_coords if self.gold_with_coords else None,
            },
            "geo": {"p": geo_p, "r": geo_r, "f1": _f1(geo_p, geo_r), "pred_scored": geo_den},
            "identity": self._identity(geo_den),
        }

    def _identity(self, geo_den: int) -> dict[str, Any]:
        gi_p = self.e2e_or_id / geo_den if geo_den else 0.0
        gi_r = self.e2e_or_id / self.gold_with_coords if self.gold_with_coords else 0.0
        n = len(self.errors_km)
        return {
            "n": self.id_n,
            "id_acc": self.id_same / self.id_n if self.id_n else None,
            "acc161_or_id": self.hits_or_id / n if n else None,
            "geo_id": {"p": gi_p, "r": gi_r, "f1": _f1(gi_p, gi_r)},
        }


def score_documents(
    pairs: Iterable[tuple[Sequence[dict[str, Any]], Sequence[dict[str, Any]]]],
) -> EvalReport:
    """Score ``(gold toponyms, predicted mentions)`` per document; both are lists of dicts
    with ``start``, ``end``, ``lat``, ``lon``."""
    report = EvalReport()
    for gold, predicted in pairs:
        report.docs += 1
        gold_spans = [(int(t["start"]), int(t["end"])) for t in gold]
        pred_spans = [(int(m["start"]), int(m["end"])) for m in predicted]
        report.gold += len(gold_spans)
        report.predicted += len(pred_spans)
        report.exact_tp += _exact_pairs(gold_spans, pred_spans)
        matched = _overlap_pairs(gold_spans, pred_spans)
        report.overlap_tp += len(matched)
        for g, toponym in enumerate(gold):
            where = _coords(toponym)
            if where is None:
                report.matched_without_coords += g in matched
                continue
            report.gold_with_coords += 1
            if g not in matched:
                continue
            _score_match(report, where, toponym, predicted[matched[g]])
    return report


def _score_match(
    report: EvalReport, where: tuple[float, float], toponym: dict[str, Any], pred: dict[str, Any]
) -> None:
    """A gold toponym with coordinates and the prediction matched to it."""
    gold_id = _gid(toponym)
    same = gold_id is not None and _gid(pred) == gold_id
    if gold_id is not None:
        report.id_n += 1
        report.id_same += same
    guess = _coords(pred)
    if guess is None:
        report.e2e_or_id += same
        return
    km = haversine_km(*where, *guess)
    report.errors_km.append(km)
    report.hits += km <= _ACC_KM
    if km <= _ACC_KM or same:
        report.hits_or_id += 1
        report.e2e_or_id += 1


#: ``score_given``'s error for a gold span geomap left unanswered (no coordinates):
#: the largest great-circle distance, the AUC's worst value.
UNANSWERED_KM = _AUC_MAX_KM


def score_given(
    pairs: Iterable[tuple[Sequence[dict[str, Any]], Sequence[dict[str, Any]]]],
) -> dict[str, Any]:
    """Resolution alone, geomap having been given the gold spans: over every gold
    toponym with coordinates, the prediction of exactly its span. One with no
    coordinates (unresolved, or none made) counts as wrong: not within 161 km, not the
    same id, and ``UNANSWERED_KM`` in the mean, the median and the AUC
    (``answered_mean_km`` is the mean over the answered ones alone). Same-id accuracy
    counts the toponyms that have a gold ``geonameid``."""
    n = answered = hits = hits_or_id = id_n = id_same = docs = 0
    answered_km = 0.0
    errors: list[float] = []
    for gold, predicted in pairs:
        docs += 1
        by_span = {(int(m["start"]), int(m["end"])): m for m in predicted}
        for toponym in gold:
            where = _coords(toponym)
            if where is None:
                continue
            n += 1
            pred = by_span.get((int(toponym["start"]), int(toponym["end"])), {})
            gold_id = _gid(toponym)
            same = gold_id is not None and _gid(pred) == gold_id
            id_n += gold_id is not None
            id_same += same
            guess = _coords(pred)
            km = UNANSWERED_KM if guess is None else haversine_km(*where, *guess)
            if guess is not None:
                answered += 1
                answered_km += km
            errors.append(km)
            hits += km <= _ACC_KM
            hits_or_id += km <= _ACC_KM or same
    errors.sort()
    return {
        "docs": docs,
        "n": n,
        "answered": answered,
        "acc161": hits / n if n else None,
        "id_n": id_n,
        "id_acc": id_same / id_n if id_n else None,
        "acc161_or_id": hits_or_id / n if n else None,
        "mean_km": sum(errors) / n if n else None,
        "median_km": _median(errors),
        "answered_mean_km": answered_km / answered if answered else None,
        "auc": _auc(errors),
        "unanswered_km": UNANSWERED_KM,
    }


def _gid(record: dict[str, Any]) -> int | None:
    """A record's GeoNames id as an integer (``"6252001"`` too), else ``None``."""
    value = record.get("geonameid")
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _exact_pairs(gold: list[Span], pred: list[Span]) -> int:
    available: dict[Span, int] = {}
    for span in pred:
        available[span] = available.get(span, 0) + 1
    count = 0
    for span in gold:
        if available.get(span):
            available[span] -= 1
            count += 1
    return count


def _overlap_pairs(gold: list[Span], pred: list[Span]) -> dict[int, int]:
    """Gold index -> prediction index, one-to-one, greedy in the documented order."""
    options = []
    for g, (gs, ge) in enumerate(gold):
        for p, (ps, pe) in enumerate(pred):
            shared = min(ge, pe) - max(gs, ps)
            if shared > 0:
                inexact = (gs, ge) != (ps, pe)
                options.append((inexact, -shared, abs(gs - ps) + abs(ge - pe), g, p))
    options.sort()
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for *_, g, p in options:
        if g not in pairs and p not in taken:
            pairs[g] = p
            taken.add(p)
    return pairs


def _coords(record: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = record.get("lat"), record.get("lon")
    ok = all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
        for v in (lat, lon)
    )
    return (float(lat), float(lon)) if ok else None  # type: ignore[arg-type]


def _auc(errors: list[float]) -> float | None:
    if not errors:
        return None
    ys = sorted(math.log1p(max(0.0, e)) / math.log(_AUC_MAX_KM) for e in errors)
    if len(ys) == 1:
        return ys[0]
    return sum((ys[i] + ys[i + 1]) / 2 for i in range(len(ys) - 1)) / (len(ys) - 1)


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float | int]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"tp": tp, "fp": predicted - tp, "fn": gold - tp, "p": p, "r": r, "f1": _f1(p, r)}
