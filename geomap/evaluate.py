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
  toponyms without coordinates) and over gold toponyms with coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .distance import haversine_km

__all__ = ["EvalReport", "score_documents"]

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
            guess = _coords(predicted[matched[g]])
            if guess is None:
                continue
            km = haversine_km(*where, *guess)
            report.errors_km.append(km)
            report.hits += km <= _ACC_KM
    return report


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
