"""The public surface and the end-to-end pipeline on the bundled gazetteer."""

from __future__ import annotations

import importlib

import pytest
from helpers import payload_of

import geomap

MODULES = [
    "geomap",
    "geomap.models",
    "geomap.errors",
    "geomap.gazetteer",
    "geomap.names",
    "geomap.recognise",
    "geomap.recognise.engine",
    "geomap.recognise.table",
    "geomap.recognise.rule",
    "geomap.recognise.reader",
    "geomap.recognise.text",
    "geomap.recognise.people",
    "geomap.recognise.features",
    "geomap.recognise.designators",
    "geomap.recognise.spans",
    "geomap.recognise.evidence",
    "geomap.geocoder",
    "geomap.reasons",
    "geomap.resolve_rules",
    "geomap.cli_options",
    "geomap.cli_run",
    "geomap.cdn",
    "geomap.lookup",
    "geomap.resolve",
    "geomap.geometry",
    "geomap.render",
    "geomap.payload",
    "geomap.pipeline",
    "geomap.inputs",
    "geomap.outputs",
    "geomap.cli",
    "geomap.evaluate",
    "geomap.cache",
    "geomap.assets",
    "geomap.snapshot",
    "geomap.distance",
    "geomap.engine",
    "geomap.engine_dask",
    "geomap.partitions",
    "geomap.progress",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_lists_existing_names(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported, f"{name} has no __all__"
    assert [n for n in exported if not hasattr(module, n)] == []


def test_top_level_surface() -> None:
    assert set(geomap.__all__) == {
        "Candidate",
        "Document",
        "GeomapError",
        "Mention",
        "Place",
        "__version__",
        "geoparse",
        "geoparse_partition",
        "load_gazetteer",
        "map_text",
        "partition_meta",
    }


REPORT = (
    "Breaking News\n"
    "Iraqi forces pressed towards Mosul on Tuesday, officials in Baghdad said.\n"
    "Col. Jane Hartwell said coalition jets struck Raqqa in Syria overnight.\n"
    "Hartwell said the Badr Organization had moved fighters through Diyala province.\n"
    "Much of the USA Today report focused on Ramadi.\n"
)


def test_pipeline_on_a_written_report() -> None:
    doc = geomap.geoparse(REPORT, doc_id="report")
    got = {
        (p.mention.surface, p.candidate.country, p.kind)
        for p in doc.places
        if p.candidate is not None
    }
    assert got == {
        ("Iraqi", "IQ", "demonym"),
        ("Mosul", "IQ", "city"),
        ("Baghdad", "IQ", "city"),
        ("Raqqa", "SY", "city"),
        ("Syria", "SY", "country"),
        ("Diyala", "IQ", "admin1"),
        ("Ramadi", "IQ", "city"),
    }
    surfaces = [p.mention.surface for p in doc.places]
    for phrase in ("Breaking", "News", "Hartwell", "Badr", "USA", "Much", "Jane"):
        assert phrase not in surfaces
    for p in doc.places:
        assert REPORT[p.mention.start : p.mention.end] == p.mention.surface


def test_map_text_returns_a_folium_map() -> None:
    fmap = geomap.map_text("Fighters fled Mosul for Raqqa.")
    places = payload_of(fmap.get_root().render())["places"]
    assert sorted(p["name"] for p in places) == ["Ar Raqqah", "Mosul"]
    assert "<iframe" in fmap._repr_html_()  # shows itself in Jupyter
