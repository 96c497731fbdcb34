"""--recogniser spacy:MODEL: a spaCy pipeline's place entities are the spans resolved.

The pipeline is a blank English one with an EntityRuler, built here (no model download).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import spacy
from typer.testing import CliRunner

from geomap import geoparse
from geomap import recognisers as rec
from geomap.cli import app
from geomap.engine import Encoded, geoparse_batch, geoparse_sources
from geomap.gazetteer import Gazetteer
from geomap.inputs import Source, read_sources
from geomap.outputs import jsonl_line

TEXT = (
    "Atlantean and Martian ships left Port Azure for the Coral Province and Springdale. Blorp fell."
)
PATTERNS = [
    {"label": "NORP", "pattern": "Atlantean"},  # a demonym the gazetteer knows
    {"label": "NORP", "pattern": "Martian"},  # one it does not: not a place
    {"label": "GPE", "pattern": "Port Azure"},
    {"label": "LOC", "pattern": [{"LOWER": "the"}, {"TEXT": "Coral"}, {"TEXT": "Province"}]},
    {"label": "GPE", "pattern": "Blorp"},  # a place the gazetteer does not know
    {"label": "PERSON", "pattern": "Springdale"},  # not a place entity
]
# Atlantean, Port Azure, Coral Province ("the" left out), Blorp.
EXPECTED = [(0, 9), (33, 43), (52, 66), (83, 88)]

runner = CliRunner()


def _pipeline() -> Any:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    return nlp


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("model") / "ruler"
    _pipeline().to_disk(folder)
    return folder


def test_the_pipelines_place_entities_are_resolved(gaz: Gazetteer) -> None:
    doc = geoparse(TEXT, gazetteer=gaz, recogniser=_pipeline())
    assert [(p.mention.start, p.mention.end) for p in doc.places] == EXPECTED
    assert [TEXT[a:b] for a, b in EXPECTED] == [
        "Atlantean",
        "Port Azure",
        "Coral Province",
        "Blorp",
    ]
    assert [p.kind for p in doc.places] == ["demonym", "city", "admin1", "other"]
    assert [p.candidate.id if p.candidate else None for p in doc.places] == [1, 100, 10, None]
    # The built-in recogniser finds Springdale; the pipeline calls it a person.
    builtin = geoparse(TEXT, gazetteer=gaz, recogniser="builtin")
    assert "Springdale" in [p.mention.surface for p in builtin.places]
    assert rec.spacy_spans(_pipeline()(TEXT), gaz) == EXPECTED


def test_a_model_by_name_loads_once_per_process(
    gaz: Gazetteer, model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[str] = []
    real = spacy.load

    def counting(name: Any, *args: Any, **kwargs: Any) -> Any:
        loads.append(str(name))
        return real(name, *args, **kwargs)

    monkeypatch.setattr(spacy, "load", counting)
    rec._load.cache_clear()
    spec = f"spacy:{model_dir}"
    for batch in range(3):
        sources = [Source(f"d{batch}-{n}", TEXT) for n in range(4)]
        docs = geoparse_batch(sources, gaz, None, spec)
        assert all([(p.mention.start, p.mention.end) for p in d.places] == EXPECTED for d in docs)  # type: ignore[union-attr]
    assert loads == [str(model_dir)]
    rec._load.cache_clear()


def test_cli_recogniser_one_process_and_a_pool(
    gaz_dir: Path, model_dir: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"d{n}", "text": TEXT}) + "\n" for n in range(200)),
        encoding="utf-8",
    )
    spec = f"spacy:{model_dir}"
    result = runner.invoke(
        app, ["extract", str(corpus), "--recogniser", spec, "--gazetteer", str(gaz_dir), "-q"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 200
    first = json.loads(lines[0])["mentions"]
    assert [(m["start"], m["end"]) for m in first] == EXPECTED
    sources = read_sources([str(corpus)])
    pool = geoparse_sources(
        sources, jobs=2, gazetteer=str(gaz_dir), encode=jsonl_line, recogniser=spec
    )
    assert [o.text for o, _ in pool if isinstance(o, Encoded)] == [line + "\n" for line in lines]
    evaluated = runner.invoke(
        app, ["evaluate", str(corpus), "--recogniser", spec, "--gazetteer", str(gaz_dir), "--json"]
    )
    assert evaluated.exit_code == 0, evaluated.output
    assert json.loads(evaluated.stdout)["pred_mentions"] == 800


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("spacy:no_such_model_here", "--recogniser spacy:no_such_model_here: no such spaCy"),
        ("stanza", "--recogniser 'stanza': give builtin or spacy:MODEL"),
        ("spacy:", "give builtin or spacy:MODEL"),
    ],
)
def test_bad_or_missing_models_are_one_line(
    gaz_dir: Path, tmp_path: Path, value: str, message: str
) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for command in (["extract", "-o", str(out)], ["render", "-o", str(tmp_path / "m.html")]):
        result = runner.invoke(
            app, [*command, str(corpus), "--recogniser", value, "--gazetteer", str(gaz_dir)]
        )
        assert result.exit_code == 1
        (line,) = result.stderr.splitlines()
        assert line.startswith("geomap: error: ") and message in line
    assert not out.exists()


def test_missing_spacy_is_one_line(
    gaz_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy raises ImportError
    rec._load.cache_clear()
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n", encoding="utf-8")
    for command in ("extract", "evaluate"):
        result = runner.invoke(
            app,
            [
                command,
                str(corpus),
                "--recogniser",
                "spacy:en_core_web_sm",
                "--gazetteer",
                str(gaz_dir),
            ],
        )
        assert result.exit_code == 1
        assert result.stderr == (
            "geomap: error: --recogniser spacy:en_core_web_sm needs spaCy: "
            "pip install 'geomap[spacy]'\n"
        )
    rec._load.cache_clear()
