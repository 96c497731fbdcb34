"""geomap evaluate: the metrics on hand-made cases, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import write_tiny_gazetteer
from typer.testing import CliRunner

from geomap.cli import app
from geomap.evaluate import score_documents


def t(
    start: int, end: int, lat: float | None = 10.0, lon: float | None = 20.0
) -> dict[str, object]:
    return {"start": start, "end": end, "lat": lat, "lon": lon}


def test_recognition_and_resolution_counts() -> None:
    gold = [t(0, 5), t(10, 20), t(30, 35, None, None), t(40, 45)]
    pred = [
        t(0, 5),  # exact, right place
        t(12, 18, 10.0, 22.5),  # overlap only; ~246 km off
        t(30, 35),  # matches a gold toponym without coordinates
        t(50, 55),  # false positive
    ]
    r = score_documents([(gold, pred)]).as_dict()
    assert (r["exact"]["tp"], r["overlap"]["tp"]) == (2, 3)
    assert r["exact"]["p"] == pytest.approx(0.5) and r["overlap"]["r"] == pytest.approx(0.75)
    assert r["resolution"]["n"] == 2 and r["resolution"]["acc161"] == pytest.approx(0.5)
    assert r["end_to_end"] == {"n": 3, "hits": 1, "acc161": pytest.approx(1 / 3)}
    # geo-P leaves out the prediction matched to the coordinate-less toponym.
    assert r["geo"]["pred_scored"] == 3 and r["geo"]["p"] == pytest.approx(1 / 3)


def test_overlap_matching_is_one_to_one_and_prefers_exact() -> None:
    gold = [t(0, 10), t(0, 4)]
    pred = [t(0, 4), t(0, 10), t(2, 6)]
    r = score_documents([(gold, pred)]).as_dict()
    assert r["exact"]["tp"] == 2 and r["overlap"]["tp"] == 2 and r["overlap"]["fp"] == 1


def test_duplicate_prediction_counts_once() -> None:
    r = score_documents([([t(0, 5)], [t(0, 5), t(0, 5)])]).as_dict()
    assert (r["exact"]["tp"], r["exact"]["fp"]) == (1, 1)


def test_auc_and_median() -> None:
    gold = [t(0, 1, 0.0, 0.0), t(2, 3, 0.0, 0.0), t(4, 5, 0.0, 0.0)]
    pred = [t(0, 1, 0.0, 0.0), t(2, 3, 1.0, 0.0), t(4, 5, 0.0, 0.0)]
    res = score_documents([(gold, pred)]).as_dict()["resolution"]
    assert res["median_km"] == 0.0 and 0.0 < res["auc"] < 0.5
    assert score_documents([([], [])]).as_dict()["resolution"]["auc"] is None


def test_evaluate_command(tmp_path: Path) -> None:
    gaz = write_tiny_gazetteer(tmp_path / "gaz")
    text = "Ships left Port Azure for Rimal."
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "a",
                "text": text,
                "toponyms": [
                    {"start": 11, "end": 21, "name": "Port Azure", "lat": 10.5, "lon": 20.5},
                    {"start": 26, "end": 31, "name": "Rimal", "lat": 40.0, "lon": 0.0},
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(app, ["evaluate", str(gold), "--json", "--gazetteer", str(gaz)])
    assert result.exit_code == 0, result.output
    r = json.loads(result.stdout)
    assert r["exact"]["tp"] == 2 and r["end_to_end"]["hits"] == 1  # Rimal is far from gold
    table = runner.invoke(app, ["evaluate", str(gold), "--gazetteer", str(gaz)])
    assert "geo-F1 0.500" in table.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(bad), "--gazetteer", str(gaz)])
    assert result.exit_code == 1 and "bad.jsonl:1: not a gold document" in result.stderr
