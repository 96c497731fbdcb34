from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import payload_of, write_tiny_gazetteer
from typer.testing import CliRunner

from geomap.cli import app

runner = CliRunner()

TEXT = "Atlantean troops left Port Azure for Springdale.\nThey took the town of Qarabel.\n"


@pytest.fixture(scope="module")
def gaz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_gazetteer(tmp_path_factory.mktemp("tiny"))


@pytest.fixture()
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def invoke(gaz_dir: Path, *args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, "--gazetteer", str(gaz_dir)], input=input)


def test_extract_jsonl(gaz_dir: Path, doc: Path) -> None:
    result = invoke(gaz_dir, "extract", str(doc), "--offline")
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stdout.splitlines() if line.strip()]
    record = json.loads(line)
    assert record["id"] == str(doc)
    got = [(m["text"], m["name"], m["kind"]) for m in record["mentions"]]
    assert got == [
        ("Atlantean", "Atlantis", "demonym"),
        ("Port Azure", "Port Azure", "city"),
        ("Springdale", "Springdale", "city"),
        ("Qarabel", None, "other"),
    ]
    first = record["mentions"][1]
    assert TEXT[first["start"] : first["end"]] == "Port Azure"
    assert set(first) >= {
        "start",
        "end",
        "text",
        "name",
        "lat",
        "lon",
        "geonameid",
        "country",
        "admin1",
        "kind",
        "score",
        "source",
    }
    assert "1 documents" not in result.stderr and "1 document," in result.stderr
    assert "1 unresolved" in result.stderr


def test_extract_geojson_and_csv(gaz_dir: Path, doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.geojson"
    result = invoke(gaz_dir, "extract", str(doc), "--format", "geojson", "-o", str(out))
    assert result.exit_code == 0, result.output
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    coords = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in collection["features"]}
    assert coords["Port Azure"] == [20.5, 10.5]  # GeoJSON order: lon, lat
    assert "Qarabel" not in coords

    result = invoke(gaz_dir, "extract", str(doc), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["text"] for r in rows] == ["Atlantean", "Port Azure", "Springdale", "Qarabel"]
    assert rows[1]["sentence"] == "Atlantean troops left Port Azure for Springdale."


def test_corpus_ids_and_bad_lines(gaz_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": "Ships left Port Azure."})
        + "\nnot json\n"
        + json.dumps({"id": "b", "nope": 1})
        + "\n"
        + json.dumps({"id": 7, "text": "Rain in Borduria."})
        + "\n",
        encoding="utf-8",
    )
    result = invoke(gaz_dir, "extract", str(corpus))
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["a", "7"]
    assert result.stderr.count("skipped") == 2


def test_stdin(gaz_dir: Path) -> None:
    result = invoke(gaz_dir, "extract", "-", input="Ships left Port Azure.")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["mentions"][0]["name"] == "Port Azure"


def test_render_writes_map(gaz_dir: Path, doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    result = invoke(gaz_dir, "render", str(doc), "-o", str(out), "--offline")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    places = payload_of(html)["places"]
    assert sorted(p["name"] for p in places) == ["Atlantis", "Port Azure", "Springdale"]
    assert [p["demonymCount"] for p in places if p["name"] == "Atlantis"] == [1]
    assert "4 mentions, 3 places, 1 unresolved" in result.stderr


def test_render_default_path(
    gaz_dir: Path, doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(gaz_dir, "render", str(doc))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "maps" / "report.html").is_file()


def test_empty_input_gives_empty_map_and_note(gaz_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "e.html"
    result = invoke(gaz_dir, "render", str(empty), "-o", str(out))
    assert result.exit_code == 0
    assert out.is_file() and "no places found" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfeM\x00o\x00", "not UTF-8"),
        (b"caf\xe9 in Port Azure", "not UTF-8"),
        (b"\x7fELF\x02\x01\x00\x00binary", "binary"),
    ],
)
def test_bad_file_is_one_line_error_and_no_output(
    gaz_dir: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "never.html"
    result = invoke(gaz_dir, "render", str(bad), "-o", str(out))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "bad.txt" in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists() and not list(tmp_path.glob(".never.html*"))


def test_missing_file(gaz_dir: Path, tmp_path: Path) -> None:
    result = invoke(gaz_dir, "extract", str(tmp_path / "nope.txt"))
    assert result.exit_code == 1 and "no such file" in result.stderr


def test_failed_write_leaves_no_partial_file(gaz_dir: Path, doc: Path, tmp_path: Path) -> None:
    target = tmp_path / "dir_as_file"
    target.mkdir()
    result = invoke(gaz_dir, "render", str(doc), "-o", str(target))
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


def test_bad_gazetteer_dir_is_one_line(tmp_path: Path, doc: Path) -> None:
    result = runner.invoke(app, ["extract", str(doc), "--gazetteer", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("geomap: error: cannot read gazetteer table")


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geomap", *args], capture_output=True, text=True, timeout=60
    )


def test_usage_errors_are_one_line_exit_1(doc: Path) -> None:
    result = run_module("extract", str(doc), "--format", "xml")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "xml" in result.stderr
    result = run_module("frobnicate")
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1


def test_version() -> None:
    result = run_module("--version")
    assert result.returncode == 0 and result.stdout.startswith("geomap ")


def test_output_file_has_normal_permissions(gaz_dir: Path, doc: Path, tmp_path: Path) -> None:
    import os
    import stat

    out = tmp_path / "perm.html"
    assert invoke(gaz_dir, "render", str(doc), "-o", str(out)).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_module_exit_codes_on_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02binary")
    result = run_module("extract", str(bad))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"geomap: error: {bad}: binary data, not a text file"
    ]
    result = run_module("render", str(tmp_path / "missing.txt"))
    assert result.returncode == 1 and "no such file" in result.stderr


def test_unknown_tiles_is_a_clear_error(gaz_dir: Path, doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    result = invoke(gaz_dir, "render", str(doc), "--tiles", "nosuchtiles", "-o", str(out))
    assert result.exit_code == 1 and result.stderr.startswith("geomap: error: --tiles")
    assert not out.exists()


def test_png_without_chromium_is_a_clear_error(
    gaz_dir: Path, doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEOMAP_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "m.html"
    result = invoke(gaz_dir, "render", str(doc), "-o", str(out), "--png", str(tmp_path / "m.png"))
    assert result.exit_code == 1 and "GEOMAP_CHROMIUM" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not out.exists()


def test_outputs_carry_the_reasons(gaz_dir: Path, doc: Path, tmp_path: Path) -> None:
    result = invoke(gaz_dir, "extract", str(doc), "--offline")
    mentions = json.loads(result.stdout)["mentions"]
    springdale = mentions[2]
    # Atlantis (by its demonym) is the document's country: Springdale is the Atlantean one.
    assert springdale["country"] == "AT"
    reasons = {r["id"]: r for r in springdale["reasons"]}
    assert set(reasons) >= {"population", "main-name", "country-focus", "coherence"}
    assert (
        reasons["country-focus"]["delta"] == 2.0
        and "Atlantis" in reasons["country-focus"]["detail"]
    )
    assert mentions[3]["reasons"] == []  # unresolved: no reasons

    result = invoke(gaz_dir, "extract", str(doc), "--offline", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    terms = [f"{r['id']} {r['delta']:+.2f}" for r in springdale["reasons"]]
    assert rows[2]["reasons"] == "; ".join(terms) and "country-focus +2.00" in terms
    assert rows[3]["reasons"] == ""

    out = tmp_path / "out.geojson"
    invoke(gaz_dir, "extract", str(doc), "--offline", "--format", "geojson", "-o", str(out))
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    [feature] = [f for f in features if f["properties"]["name"] == "Springdale"]
    assert feature["properties"]["mentions"][0]["reasons"] == springdale["reasons"]
