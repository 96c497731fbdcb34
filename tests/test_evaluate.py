"""geomap evaluate: the metrics on hand-made cases, and the command."""

from __future__ import annotations

import json
import math
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


def test_identity_as_the_scorer_defines_it() -> None:
    # score.py's own identity case: same id forgives the point, another id does not.
    gold = [
        {"start": 0, "end": 3, "lat": 39.76, "lon": -98.5, "geonameid": 6252001},
        {"start": 4, "end": 7, "lat": 10.0, "lon": 10.0, "geonameid": 5},
        {"start": 8, "end": 11, "lat": 0.0, "lon": 0.0, "geonameid": None},
        {"start": 12, "end": 15, "lat": 1.0, "lon": 1.0, "geonameid": 7},  # not recognised
        {"start": 16, "end": 19, "lat": 1.0, "lon": 1.0, "geonameid": 8},
    ]
    pred = [
        {"start": 0, "end": 3, "lat": 38.0, "lon": -110.0, "geonameid": 6252001},  # ~1,050 km
        {"start": 4, "end": 7, "lat": 10.0, "lon": 10.0, "geonameid": 6},  # 0 km, other id
        {"start": 8, "end": 11, "lat": 50.0, "lon": 0.0, "geonameid": True},  # far, no gold id
        {"start": 16, "end": 19, "lat": None, "lon": None, "geonameid": "8"},  # same id, no point
        {"start": 30, "end": 33, "lat": 0.0, "lon": 0.0},  # a false positive
    ]
    r = score_documents([(gold, pred)]).as_dict()
    ident = r["identity"]
    # Matched gold with coordinates and an id: 0-3 (same), 4-7 (other), 16-19 (same).
    assert ident["n"] == 3 and ident["id_acc"] == pytest.approx(2 / 3)
    # Resolution over the three with predicted points: 4-7 within 161 km, 0-3 by its id.
    assert r["resolution"]["n"] == 3 and r["resolution"]["acc161"] == pytest.approx(1 / 3)
    assert ident["acc161_or_id"] == pytest.approx(2 / 3)
    # Hits or same id: 0-3, 4-7, 16-19 = 3, over 5 predictions and 5 gold with coordinates.
    assert ident["geo_id"]["p"] == pytest.approx(3 / 5)
    assert ident["geo_id"]["r"] == pytest.approx(3 / 5)
    assert ident["geo_id"]["f1"] == pytest.approx(3 / 5)
    assert r["geo"]["p"] == pytest.approx(1 / 5)


def _gold_file(path: Path, text: str, toponyms: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps({"id": "a", "text": text, "toponyms": toponyms}) + "\n")
    return path


def test_evaluate_identity_and_drop_kind(tmp_path: Path) -> None:
    gaz = write_tiny_gazetteer(tmp_path / "gaz")
    text = "Atlantean ships left Port Azure for Rimal."
    gold = _gold_file(
        tmp_path / "gold.jsonl",
        text,
        [
            {"start": 21, "end": 31, "lat": 10.5, "lon": 20.5, "geonameid": 100},
            # geomap's Ar Rimal (103) is far from these coordinates, but the same id.
            {"start": 36, "end": 41, "lat": 40.0, "lon": 0.0, "geonameid": 103},
        ],
    )
    runner = CliRunner()
    args = ["evaluate", str(gold), "--gazetteer", str(gaz)]
    r = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert r["pred_mentions"] == 3 and r["exact"]["p"] == pytest.approx(2 / 3)
    assert r["identity"]["id_acc"] == 1.0 and r["identity"]["acc161_or_id"] == 1.0
    assert r["resolution"]["acc161"] == 0.5
    assert r["identity"]["geo_id"]["p"] == pytest.approx(2 / 3)  # the demonym counts against
    dropped = json.loads(runner.invoke(app, [*args, "--json", "--drop-kind", "demonym"]).stdout)
    assert dropped["pred_mentions"] == 2 and dropped["identity"]["geo_id"]["f1"] == 1.0
    table = runner.invoke(app, [*args, "--drop-kind", "demonym"]).stdout
    assert (
        "identity (n=2 with a gold geonameid): same id 1.000, Acc@161-or-same-id 1.000, "
        "geo-F1-or-same-id 1.000" in table
    )


def test_evaluate_given_spans(tmp_path: Path) -> None:
    from geomap.distance import haversine_km

    gaz = write_tiny_gazetteer(tmp_path / "gaz")
    text = "Ships left Port Azure for Rimal and Blorp, near Coral."
    gold = _gold_file(
        tmp_path / "gold.jsonl",
        text,
        [
            {"start": 11, "end": 21, "lat": 10.5, "lon": 20.5, "geonameid": 100},  # right
            {"start": 26, "end": 31, "lat": 40.0, "lon": 0.0, "geonameid": 103},  # far, same id
            {"start": 36, "end": 41, "lat": 5.0, "lon": 5.0, "geonameid": 999},  # unknown
            {"start": 48, "end": 53, "lat": None, "lon": None},  # no coordinates: not scored
        ],
    )
    runner = CliRunner()
    result = runner.invoke(
        app, ["evaluate", "--given-spans", str(gold), "--json", "--gazetteer", str(gaz)]
    )
    assert result.exit_code == 0, result.output
    r = json.loads(result.stdout)
    far = haversine_km(40.0, 0.0, 10.9, 20.9)
    assert (r["n"], r["answered"], r["id_n"]) == (3, 2, 3)
    assert r["acc161"] == pytest.approx(1 / 3)
    assert r["id_acc"] == pytest.approx(2 / 3) and r["acc161_or_id"] == pytest.approx(2 / 3)
    # The unanswered span counts as 20039 km in the mean, the median and the AUC.
    assert r["mean_km"] == pytest.approx((0.0 + far + 20039.0) / 3)
    assert r["median_km"] == pytest.approx(far)
    assert r["answered_mean_km"] == pytest.approx(far / 2)
    ys = [0.0, math.log1p(far) / math.log(20039), math.log1p(20039) / math.log(20039)]
    assert r["auc"] == pytest.approx(((ys[0] + ys[1]) / 2 + (ys[1] + ys[2]) / 2) / 2)
    table = runner.invoke(app, ["evaluate", "--given-spans", str(gold), "--gazetteer", str(gaz)])
    assert "Acc@161 0.333, same id 0.667 (n=3), Acc@161-or-same-id 0.667" in table.stdout
    both = runner.invoke(app, ["evaluate", "--given-spans", str(gold), "--recogniser", "spacy:x"])
    assert both.exit_code == 1 and "not both" in both.stderr
