"""Given spans: geoparse(text, spans=...) and extract --given-spans resolve exactly the
spans given, through one process, a process pool and the long-document parts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from geomap import geoparse
from geomap.cli import app
from geomap.engine import Encoded, geoparse_sources
from geomap.gazetteer import Gazetteer
from geomap.given import read_spans
from geomap.inputs import read_sources
from geomap.outputs import jsonl_line

TEXT = "Atlantean ships left Port Azure for Rimal. Blorp fell in Coral province."
#           0         1         2         3         4         5         6         7
#           0123456789012345678901234567890123456789012345678901234567890123456789012
RIMAL, ATLANTEAN, BLORP, CORAL = (36, 41), (0, 9), (43, 48), (57, 62)

runner = CliRunner()


def test_given_spans_are_resolved_once_each_in_the_order_given(gaz: Gazetteer) -> None:
    doc = geoparse(TEXT, gazetteer=gaz, spans=[RIMAL, list(ATLANTEAN), BLORP, CORAL])
    got = [(p.mention.start, p.mention.end, p.mention.kind, p.kind) for p in doc.places]
    assert got == [
        (36, 41, "name", "city"),
        (0, 9, "demonym", "demonym"),
        (43, 48, "name", "other"),  # the gazetteer cannot answer it: kept, unresolved
        (57, 62, "admin", "admin1"),  # "Coral province" asks for a region
    ]
    rimal, atlantean, blorp, coral = doc.places
    assert rimal.candidate is not None and rimal.candidate.id == 103
    assert atlantean.candidate is not None and atlantean.candidate.id == 1
    assert blorp.candidate is None
    assert coral.candidate is not None and coral.candidate.id == 10
    # Sentences from the sentence splitter.
    assert doc.sentence(rimal.mention) == TEXT[:42]
    assert doc.sentence(blorp.mention) == TEXT[43:]
    # Port Azure is a place the recogniser would find; it was not given.
    assert "Port Azure" not in [p.mention.surface for p in doc.places]
    assert [p.mention.surface for p in geoparse(TEXT, gazetteer=gaz, spans=[]).places] == []


def test_a_designator_inside_the_span_is_looked_up_without_it(gaz: Gazetteer) -> None:
    text = "Storms hit Granite Province."
    (place,) = geoparse(text, gazetteer=gaz, spans=[{"start": 11, "end": 27}]).places
    assert (place.mention.kind, place.mention.query, place.mention.wants) == (
        "admin",
        "Granite",
        "admin1",
    )
    assert place.candidate is not None and place.candidate.id == 11


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ([(5, 3)], "end <= start"),
        ([(0, 500)], "out of range"),
        ([(0, 9), (5, 12)], "overlaps an earlier span"),
        ([(0.0, 9)], "not integers"),
        ([(True, 9)], "not integers"),
        ([(1, 2, 3)], "not a span"),
        ([{"start": 1}], "not a span"),
    ],
)
def test_bad_spans_are_a_value_error(gaz: Gazetteer, spans: list[Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        geoparse(TEXT, gazetteer=gaz, spans=spans)


def test_read_spans_keeps_the_good_ones_in_order() -> None:
    kept, bad = read_spans([[4, 6], [0, 2], [1, 3], [2, 4], {"start": 6, "end": 9}], 10)
    assert kept == [(4, 6), (0, 2), (2, 4), (6, 9)]
    assert bad == [([1, 3], "overlaps an earlier span")]


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_extract_given_spans(gaz_dir: Path, tmp_path: Path) -> None:
    corpus = _write(
        tmp_path / "c.jsonl",
        [
            {
                "id": "a",
                "text": TEXT,
                "spans": [[36, 41], {"start": 0, "end": 9}, [5, 3], [38, 45], [0.5, 2], "x"],
                # Every other field is ignored, a gold file's coordinates too.
                "toponyms": [{"start": 21, "end": 31, "lat": 0.0, "lon": 0.0}],
            },
            {"id": "b", "text": "Ships left Port Azure."},
            {"id": "c", "text": "Ships left Port Azure.", "spans": []},
        ],
    )
    result = runner.invoke(
        app, ["extract", "--given-spans", str(corpus), "--gazetteer", str(gaz_dir), "--offline"]
    )
    assert result.exit_code == 0, result.output
    docs = _records(result.stdout)
    assert [d["id"] for d in docs] == ["a", "b", "c"]
    spans = [(m["start"], m["end"], m["name"]) for m in docs[0]["mentions"]]
    assert spans == [(36, 41, "Ar Rimal"), (0, 9, "Atlantis")]
    assert docs[1]["mentions"] == [] and docs[2]["mentions"] == []
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"geomap: warning: {corpus}:1: document 'a': span [5, 3] skipped, end <= start",
        f"geomap: warning: {corpus}:1: document 'a': span [38, 45] skipped, "
        "overlaps an earlier span",
        f"geomap: warning: {corpus}:1: document 'a': span [0.5, 2] skipped, "
        "offsets are not integers",
        f"geomap: warning: {corpus}:1: document 'a': span \"x\" skipped, "
        "not a span ({start, end} or [start, end])",
        f"geomap: warning: {corpus}:2: document 'b': no 'spans' list; it gets no mentions",
    ]
    # A gold file's own spans, with --spans-field.
    result = runner.invoke(
        app, ["extract", "--spans-field", "toponyms", str(corpus), "--gazetteer", str(gaz_dir)]
    )
    assert result.exit_code == 0, result.output
    first = _records(result.stdout)[0]["mentions"]
    assert [(m["start"], m["end"], m["geonameid"], m["lat"]) for m in first] == [
        (21, 31, 100, 10.5)
    ]


def test_given_spans_need_a_corpus_and_no_recogniser(gaz_dir: Path, tmp_path: Path) -> None:
    text = tmp_path / "report.txt"
    text.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(
        app, ["extract", "--given-spans", str(text), "--gazetteer", str(gaz_dir)]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("this is not one") and "Traceback" not in result.output
    out = tmp_path / "out.jsonl"
    corpus = _write(tmp_path / "c.jsonl", [{"id": "a", "text": TEXT, "spans": []}])
    result = runner.invoke(
        app,
        ["extract", "--given-spans", str(corpus), "--recogniser", "spacy:x", "-o", str(out)],
    )
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr == "geomap: error: give --given-spans or --recogniser, not both\n"


def _long_record(repeats: int) -> dict[str, Any]:
    """A text of ``repeats`` sentences, each spanned twice (Port Azure and Rimal)."""
    sentence = "Ships left Port Azure for Rimal today. "
    spans = []
    for n in range(repeats):
        base = n * len(sentence)
        spans += [[base + 11, base + 21], [base + 26, base + 31]]
    return {"id": "long", "text": sentence * repeats, "spans": spans}


def test_parts_of_a_long_document_get_their_spans(gaz_dir: Path, tmp_path: Path) -> None:
    record = _long_record(40)
    corpus = _write(tmp_path / "long.jsonl", [record])
    parts = list(read_sources([str(corpus)], part_chars=100, spans_field="spans"))
    assert len(parts) > 10
    whole = []
    for part in parts:
        assert part.spans is not None
        whole += [[part.offset + a, part.offset + b] for a, b in part.spans]
    assert whole == record["spans"]
    runs = geoparse_sources(iter(parts), gazetteer=str(gaz_dir))
    mentions = [(p.mention.start, p.mention.end) for doc, _ in runs for p in doc.places]  # type: ignore[union-attr]
    assert [list(m) for m in mentions] == record["spans"]


def test_no_part_is_cut_inside_a_span(tmp_path: Path) -> None:
    # One word every 7 characters: the part of 100 characters would end mid-span.
    text = "Azure, " * 40
    spans = [[0, len(text) - 2]]  # one span over (nearly) the whole text
    corpus = _write(tmp_path / "one.jsonl", [{"id": "x", "text": text, "spans": spans}])
    parts = list(read_sources([str(corpus)], part_chars=100, spans_field="spans"))
    assert [p.spans for p in parts if p.spans] == [((0, len(text) - 2),)]
    words = [[7 * n, 7 * n + 5] for n in range(40)]
    corpus = _write(tmp_path / "many.jsonl", [{"id": "x", "text": text, "spans": words}])
    parts = list(read_sources([str(corpus)], part_chars=100, spans_field="spans"))
    assert sum(len(p.spans or ()) for p in parts) == 40


def test_process_pool_and_cli_long_documents(gaz_dir: Path, tmp_path: Path) -> None:
    records = [_long_record(n % 5 + 1) | {"id": f"d{n}"} for n in range(300)]
    records.append(_long_record(6000))  # 234,000 characters: two parts
    corpus = _write(tmp_path / "c.jsonl", records)

    def run(jobs: int) -> list[str]:
        sources = read_sources([str(corpus)], spans_field="spans")
        outs = geoparse_sources(sources, jobs=jobs, gazetteer=str(gaz_dir), encode=jsonl_line)
        return [o.text for o, _ in outs if isinstance(o, Encoded)]

    serial = run(1)
    assert run(2) == serial
    long_parts = [json.loads(line) for line in serial[300:]]
    assert [p["part"] for p in long_parts] == [0, 1]
    got = [[m["start"], m["end"]] for p in long_parts for m in p["mentions"]]
    assert got == records[-1]["spans"]
    assert all(m["geonameid"] in (100, 103) for p in long_parts for m in p["mentions"])


def test_a_span_across_sentences_or_between_them_has_a_sentence(gaz: Gazetteer) -> None:
    text = "Ships left.  Port Azure fell."
    (across,) = geoparse(text, gazetteer=gaz, spans=[(6, 17)]).places
    assert (across.mention.sentence_start, across.mention.sentence_end) == (0, len(text))
    # Between two sentences: it and the sentence after it.
    (between,) = geoparse(text, gazetteer=gaz, spans=[(11, 12)]).places
    assert (between.mention.sentence_start, between.mention.sentence_end) == (11, len(text))
