"""Claims the code makes about itself: word lists' case, one home for constants."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import typer.main
from helpers import payload_of, write_tiny_gazetteer
from typer.testing import CliRunner

from geomap import wordlists
from geomap.cli import app
from geomap.cli_options import GeoparseOptions, geoparse_options
from geomap.gazetteer import load_gazetteer
from geomap.pipeline import geoparse_many, map_documents
from geomap.render import MapBuilder, page_html, render_map


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k in value for s in _strings(k)]
    if isinstance(value, (frozenset, set, tuple, list)):
        return [s for item in value for s in _strings(item)]
    return []


def test_word_lists_are_lower_case_as_the_docstring_says() -> None:
    mixed = {"REGION_ABBREVIATIONS", "POSTAL_CODES", "ENGLISH_ARTICLES"}  # the docstring names them
    for name in wordlists.__all__:
        entries = _strings(getattr(wordlists, name))
        assert entries, name
        upper = [e for e in entries if e != e.lower()]
        if name in mixed:
            assert upper, f"{name} is lower case now: update the wordlists docstring"
        else:
            assert not upper, f"{name} has {upper[:3]}: not lower case as documented"
    assert wordlists.REGION_ABBREVIATIONS["Calif."][0] == "California"


def _options(command: str) -> dict[str, tuple[Any, ...]]:
    group: Any = typer.main.get_command(app)
    params = group.commands[command].params
    return {
        p.name: (tuple(p.opts), p.help, p.default, p.envvar, p.show_default)
        for p in params
        if p.param_type_name == "option"
    }


def test_render_and_extract_share_the_geoparse_options() -> None:
    shared = [f.name for f in fields(GeoparseOptions)]
    render, extract = _options("render"), _options("extract")
    for name in shared:
        assert name in render and name in extract, name
        assert render[name] == extract[name], name
        assert render[name][1], f"--{name} has no help text"
    assert render["offline"][:2] == (("--offline",), extract["offline"][1])
    assert render["jobs"][0] == ("--jobs", "-j")
    # Each command keeps its own options besides.
    assert {"tiles", "evidence"} <= set(render) - set(extract)
    assert "fmt" in set(extract) - set(render)


def test_geoparse_options_reach_the_command() -> None:
    seen: list[tuple[str, GeoparseOptions]] = []

    def command(name: str, *, options: GeoparseOptions, loud: bool = False) -> None:
        seen.append((name, options))

    wrapped = geoparse_options(command)
    wrapped("x", loud=True, **{f.name: f.default for f in fields(GeoparseOptions)} | {"jobs": 3})
    assert seen == [("x", GeoparseOptions(jobs=3))]

    def no_placeholder(name: str) -> None:
        pass

    with pytest.raises(TypeError, match="keyword-only options"):
        geoparse_options(no_placeholder)


def test_the_pipeline_draws_the_map_the_cli_writes(tmp_path: Path) -> None:
    gaz_dir = write_tiny_gazetteer(tmp_path / "gaz")
    texts = {
        "a": "Atlantean troops left Port Azure for Springdale.\nThey took the town of Qarabel.\n",
        "b": "Bordurian envoys met in Granite, then in Springdale and Port Azure again.\n",
    }
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()),
        encoding="utf-8",
    )
    out = tmp_path / "m.html"
    args = ["render", str(corpus), "-o", str(out), "--gazetteer", str(gaz_dir), "--evidence", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    from_cli = payload_of(out.read_text(encoding="utf-8"))

    gaz = load_gazetteer(gaz_dir)
    docs = geoparse_many(texts.items(), gazetteer=gaz)
    builder = MapBuilder(evidence=1)
    fmap = map_documents(docs, tiles=None, gazetteer=gaz, builder=builder)
    from_api = payload_of(page_html(fmap))
    assert from_cli == from_api
    assert from_api["docs"] == ["a", "b"] and from_api["evidence"] == 1
    assert builder.omitted is None
    # The same builder draws the map again, without the side panel.
    again = page_html(map_documents([], tiles=None, gazetteer=gaz, builder=builder, panel=False))
    assert payload_of(again) == from_api and '"panel":false' in again


def _static(name: str) -> str:
    return (Path(__file__).parent.parent / "geomap" / "static" / name).read_text("utf-8")


def test_the_static_files_agree_with_the_category_table() -> None:
    from geomap.render import CATEGORY_COLORS

    css = dict(
        re.findall(
            r"^\.geomap-(\w+) \{ background: (#[0-9a-f]{6}); \}", _static("geomap.css"), re.M
        )
    )
    assert {k: css.get(k) for k in CATEGORY_COLORS} == CATEGORY_COLORS
    labels = re.search(r"CATEGORY_LABELS = \{(.*?)\}", _static("geomap.js"), re.S)
    assert labels is not None
    assert set(re.findall(r"(\w+):", labels.group(1))) == set(CATEGORY_COLORS)


def test_pages_load_what_the_offline_copies_cover() -> None:
    from geomap import cdn
    from geomap.assets import external_references, inline_assets

    page = page_html(render_map([], tiles=None))
    refs = external_references(page)
    for url in (cdn.LEAFLET_JS, cdn.LEAFLET_CSS, cdn.MARKERCLUSTER_JS, cdn.MARKERCLUSTER_CSS):
        assert url in refs
    assert external_references(inline_assets(page)) == []
