"""Corpus runs (geomap.inputs, geomap.engine, the streaming writers): streamed input,
long texts in parts, --jobs N identical to one process, failed documents, the fallback
shared across workers, GeoParquet, the progress bar."""

from __future__ import annotations

import io
import json
import logging
import os
import pty
import select
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import payload_of, write_tiny_gazetteer
from nominatim_server import Script, serve
from typer.testing import CliRunner

from geomap.cli import PARTIAL, app
from geomap.engine import Failure, default_jobs, geoparse_batch, geoparse_sources
from geomap.errors import ConfigurationError, InputError
from geomap.gazetteer import load_gazetteer
from geomap.inputs import _SeenIds, check_inputs, read_sources
from geomap.models import Document
from geomap.outputs import GeoJSONWriter, PartsWriter, geojson_collection
from geomap.pipeline import geoparse

runner = CliRunner()

SENTENCES = [
    "Ships left Port Azure for Springdale.",
    "Atlantean troops crossed into Borduria near Lakeport.",
    "Rain fell on Granite and on the town of Qarabel.",
    "Nothing happened today.",
    "Talks in Tessaly and Coral Province went on.",
]


@pytest.fixture(scope="module")
def gaz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_gazetteer(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def broken_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_gazetteer(tmp_path_factory.mktemp("broken"), broken=True)


def write_corpus(path: Path, count: int, *, broken_every: int = 0) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            text = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(n % 4 + 1))
            if broken_every and n % broken_every == 3:
                text += " Looters reached Brokenville."
            handle.write(json.dumps({"id": f"doc-{n}", "text": text}) + "\n")
    return path


def invoke(gaz: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, "--gazetteer", str(gaz)])


# -- reading ----------------------------------------------------------------------------------


def test_long_text_is_read_in_parts_cut_at_sentence_ends(tmp_path: Path) -> None:
    text = "".join(f"Sentence number {n} ends here. " for n in range(40))
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    parts = list(read_sources([str(path)], part_chars=200))
    assert len(parts) > 5 and [p.part for p in parts] == list(range(len(parts)))
    assert "".join(p.text for p in parts) == text
    assert all(p.text.endswith("here. ") for p in parts[:-1])
    assert all(text[p.offset : p.offset + len(p.text)] == p.text for p in parts)
    assert sum(p.nbytes for p in parts) == len(text.encode())
    # The same text inside a corpus is cut the same way.
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": text}) + "\n", encoding="utf-8")
    again = list(read_sources([str(corpus)], part_chars=200))
    assert [(p.offset, p.text) for p in again] == [(p.offset, p.text) for p in parts]


def test_text_without_any_break_is_still_cut(tmp_path: Path) -> None:
    path = tmp_path / "solid.txt"
    path.write_text("x" * 1000, encoding="utf-8")
    parts = list(read_sources([str(path)], part_chars=300))
    assert [len(p.text) for p in parts] == [300, 300, 300, 100]


def test_short_text_is_one_document(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Ships left Port Azure.", encoding="utf-8")
    (source,) = read_sources([str(path)])
    assert source.part is None and source.offset == 0 and source.id == str(path)


def test_corpus_lines_bad_one_by_one(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corpus = tmp_path / "c.jsonl"
    good = json.dumps({"id": "a", "text": "Port Azure."}).encode()
    corpus.write_bytes(
        good
        + b"\n"
        + json.dumps({"id": "long", "text": "y" * 5000}).encode()
        + b"\n"
        + b'{"id": "latin1", "text": "caf\xe9"}\n'
        + json.dumps({"id": "b", "text": "Granite."}).encode()
        + b"\n"
    )
    with caplog.at_level(logging.WARNING):
        ids = [s.id for s in read_sources([str(corpus)], max_record_bytes=1000)]
    assert ids == ["a", "b"]
    assert "c.jsonl:2: skipped, longer than" in caplog.text
    assert "c.jsonl:3: skipped, not UTF-8" in caplog.text


def test_dates_and_sources_are_read_and_kept(
    gaz_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "c.jsonl"
    rows = [
        {"id": "a", "text": "Port Azure.", "date": "2024-05-01T12:00:00Z", "source": "Wire"},
        {"id": "b", "text": "Granite.", "date": "2024-05-02"},
        {"id": "c", "text": "Lakeport.", "date": "last Tuesday", "source": ""},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        sources = list(read_sources([str(corpus)]))
    assert [(s.date, s.source) for s in sources] == [
        ("2024-05-01T12:00:00Z", "Wire"),
        ("2024-05-02", None),
        (None, None),
    ]
    assert "c.jsonl:3: date 'last Tuesday' is not ISO 8601" in caplog.text
    out = tmp_path / "o.jsonl"
    assert invoke(gaz_dir, "extract", str(corpus), "-o", str(out), "-j", "2").exit_code == 0
    first, second, third = (json.loads(line) for line in out.read_text().splitlines())
    assert (first["date"], first["source"]) == ("2024-05-01T12:00:00Z", "Wire")
    assert second["date"] == "2024-05-02" and "source" not in second and "date" not in third
    from geomap.render import map_payload

    gaz = load_gazetteer(gaz_dir)
    docs = [
        replace(geoparse(s.text, doc_id=s.id, gazetteer=gaz), date=s.date, source=s.source)
        for s in sources
    ]
    payload = map_payload(docs)
    assert payload["docDates"] == [19844.5, 19845.0, None]  # days since 1970, UTC
    assert payload["sources"] == ["Wire"] and payload["docSources"] == [0, -1, -1]
    assert map_payload(docs[2:])["docDates"] is None  # no date, no time control


def test_many_bad_lines_warn_ten_then_count(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("not json\n" * 30, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert list(read_sources([str(corpus)])) == []
    assert len(caplog.records) == 11
    assert "20 more lines skipped or renamed" in caplog.records[-1].getMessage()


def test_seen_ids_spill_to_disk_and_still_see_duplicates() -> None:
    seen = _SeenIds(spill=3)
    assert [seen.add(i) for i in ["a", "b", "c", "d", "a", "d", "e"]] == [
        True,
        True,
        True,
        True,
        False,
        False,
        True,
    ]
    seen.close()


def test_bad_byte_deep_in_a_text_file_fails_before_any_work(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Port Azure. " * 200_000 + b"\xff")
    with pytest.raises(InputError, match=r"invalid byte 0xff at offset 2400000"):
        check_inputs([str(path)])


# -- running ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson"])
def test_jobs_give_the_same_bytes_in_input_order(gaz_dir: Path, tmp_path: Path, fmt: str) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 400)
    outputs = []
    for jobs in ("1", "2", "3"):
        out = tmp_path / f"out-{jobs}.{fmt}"
        result = invoke(gaz_dir, "extract", str(corpus), "-f", fmt, "-o", str(out), "-j", jobs)
        assert result.exit_code == 0, result.output
        assert "400 documents" in result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    if fmt == "jsonl":
        ids = [json.loads(line)["id"] for line in outputs[0].decode().splitlines()]
        assert ids == [f"doc-{n}" for n in range(400)]


def test_jobs_from_the_environment(gaz_dir: Path, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 50)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app,
        ["extract", str(corpus), "-o", str(out), "--gazetteer", str(gaz_dir)],
        env={"GEOMAP_JOBS": "-2"},
    )
    assert result.exit_code == 1 and "--jobs must be 0" in result.stderr


def test_render_with_jobs_draws_the_same_map(gaz_dir: Path, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 60)
    pages = []
    for jobs in ("1", "2"):
        page = tmp_path / f"map-{jobs}.html"
        result = invoke(gaz_dir, "render", str(corpus), "-o", str(page), "-j", jobs)
        assert result.exit_code == 0, result.output
        pages.append(payload_of(page.read_text()))
    assert pages[0] == pages[1] and len(pages[0]["docs"]) == 60


def test_ctrl_c_stops_the_workers_without_traceback_or_output(
    gaz_dir: Path, tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path / "big.jsonl", 30_000)
    out = tmp_path / "never.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "geomap",
            "extract",
            str(corpus),
            "-j",
            "2",
            "-o",
            str(out),
            "--gazetteer",
            str(gaz_dir),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(3)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130  # 128 + SIGINT, as shells report Ctrl-C
    assert b"Traceback" not in stderr and b"interrupted" in stderr, stderr.decode()[-3000:]
    assert not out.exists() and not list(tmp_path.glob(".never.jsonl*"))


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the workers through /proc")
def test_killed_pool_worker_loses_and_repeats_no_document(gaz_dir: Path, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 12_000)
    expected = tmp_path / "one.jsonl"
    assert invoke(gaz_dir, "extract", str(corpus), "-o", str(expected), "-j", "1").exit_code == 0
    out = tmp_path / "two.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "geomap",
            "extract",
            str(corpus),
            "-j",
            "2",
            "-o",
            str(out),
            "--gazetteer",
            str(gaz_dir),
        ],
        stderr=subprocess.PIPE,
    )
    # The workers are the children of the fork server, the CLI's child.
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        workers = [w for child in _children(proc.pid) for w in _children(child)]
    assert workers, "no worker process found"
    time.sleep(1.0)
    os.kill(workers[0], signal.SIGKILL)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()[-2000:]
    assert b"a worker process died" in stderr and b"Traceback" not in stderr
    assert out.read_bytes() == expected.read_bytes()


def test_default_jobs() -> None:
    assert default_jobs(None, 2_000) == 1
    assert default_jobs(None, None) == 1
    assert default_jobs(None, 50_000_000) == default_jobs(0, 1) >= 1
    assert default_jobs(3, 1) == 3
    with pytest.raises(ConfigurationError):
        default_jobs(-1, 1)


def test_long_document_in_parts_keeps_whole_document_offsets(gaz_dir: Path, tmp_path: Path) -> None:
    text = "Ships left Port Azure for Springdale.\n" * 12_000  # 456 KB: three parts
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "book.jsonl"
    result = invoke(gaz_dir, "extract", str(path), "-o", str(out), "-j", "2")
    assert result.exit_code == 0, result.output
    assert "1 document, 24000 mentions" in result.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["part"] for r in records] == [0, 1, 2] and {r["id"] for r in records} == {str(path)}
    mentions = [m for r in records for m in r["mentions"]]
    assert all(text[m["start"] : m["end"]] == m["text"] for m in mentions)
    # The map shows one document, with every mention.
    page = tmp_path / "book.html"
    assert invoke(gaz_dir, "render", str(path), "-o", str(page), "-q").exit_code == 0
    payload = payload_of(page.read_text())
    assert payload["docs"] == [str(path)] and payload["docMentions"] == [24000]


def test_a_failing_document_is_named_and_the_rest_written(broken_dir: Path, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 40, broken_every=10)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.jsonl"
        result = invoke(broken_dir, "extract", str(corpus), "-o", str(out), "-j", jobs)
        assert result.exit_code == PARTIAL == 3
        failed = [line for line in result.stderr.splitlines() if "failed:" in line]
        assert [line.split("'")[1] for line in failed] == ["doc-3", "doc-13", "doc-23", "doc-33"]
        assert "36 documents" in result.stderr and "4 failed" in result.stderr
        assert "Traceback" not in result.output
        ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
        assert len(ids) == 36 and "doc-3" not in ids
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_geoparse_batch_turns_an_exception_into_a_failure(broken_dir: Path) -> None:
    sources = list(read_sources([]))  # empty
    assert geoparse_batch(sources, str(broken_dir)) == []
    from geomap.inputs import Source

    out = geoparse_batch(
        [Source("ok", "Port Azure."), Source("bad", "Brokenville.")], str(broken_dir)
    )
    assert isinstance(out[0], Document) and isinstance(out[1], Failure)
    assert out[1].id == "bad" and "ValueError" in out[1].error


def test_geojson_writer_matches_the_collection(gaz_dir: Path) -> None:
    gaz = load_gazetteer(gaz_dir)
    docs = [geoparse(" ".join(SENTENCES[n:]), doc_id=f"d{n}", gazetteer=gaz) for n in range(5)]
    handle = io.StringIO()
    writer = GeoJSONWriter(handle)
    for doc in docs:
        writer.write(doc)
    writer.close()
    expected = json.dumps(geojson_collection(docs), ensure_ascii=False) + "\n"
    assert handle.getvalue() == expected and json.loads(expected)["features"]


def test_fallback_runs_once_across_workers(
    gaz_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GEOMAP_OFFLINE")
    script = Script()
    for name in ("Qarabel", "Zumrud", "Kefr"):
        script.place(name, 10.7, 20.8, "at")
    corpus = tmp_path / "c.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for n in range(200):
            town = ("Qarabel", "Zumrud", "Kefr")[n % 3]
            text = f"Ships left Port Azure. Aid reached the village of {town}."
            handle.write(json.dumps({"id": n, "text": text}) + "\n")
    results = []
    with serve(script) as url:
        for jobs in ("1", "2"):
            out = tmp_path / f"out-{jobs}.jsonl"
            args = ["extract", str(corpus), "-o", str(out), "-j", jobs, "--geocoder-url", url]
            args += ["--geocoder-delay", "0.3", "--cache", str(tmp_path / f"cache-{jobs}")]
            result = invoke(gaz_dir, *args)
            assert result.exit_code == 0, result.output
            results.append(out.read_bytes())
        times = [t for t, _, _ in script.requests]
    # Three names, each asked once per run, 0.3 s apart (less arrival jitter), whatever
    # the number of workers.
    assert len(times) == 6
    assert min(b - a for a, b in zip(times[3:], times[4:], strict=False)) >= 0.27
    assert results[0] == results[1] and b"geocoder:nominatim" in results[1]


def test_geoparse_sources_in_order_with_byte_counts(gaz_dir: Path, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 150)
    runs = list(geoparse_sources(read_sources([str(corpus)]), jobs=2, gazetteer=str(gaz_dir)))
    assert [o.id for o, _ in runs] == [f"doc-{n}" for n in range(150)]
    assert sum(n for _, n in runs) == corpus.stat().st_size


def _peak_rss_mib(args: list[str]) -> float:
    """Peak resident memory of ``python -m geomap ARGS``, in a fresh child process."""
    code = (
        "import resource, subprocess, sys; "
        "subprocess.run([sys.executable, '-m', 'geomap', *sys.argv[1:]], check=True, "
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return int(proc.stdout) / 1024


def test_memory_does_not_grow_with_the_corpus(gaz_dir: Path, tmp_path: Path) -> None:
    words = "the rain fell on the hills and the river rose while people waited".split()
    sizes = {}
    for name, docs in (("small", 300), ("large", 4500)):
        corpus = tmp_path / f"{name}.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for n in range(docs):
                text = " ".join(words[(n + k) % len(words)] for k in range(250))
                handle.write(json.dumps({"id": n, "text": text + " Port Azure."}) + "\n")
        sizes[name] = corpus.stat().st_size / 2**20
        args = ["extract", str(corpus), "-j", "1", "-o", str(tmp_path / f"{name}.out")]
        sizes[name + " rss"] = _peak_rss_mib([*args, "--gazetteer", str(gaz_dir)])
    assert sizes["large"] > 5 * sizes["small"] and sizes["large"] > 5
    # Whole-corpus reading would add the corpus several times over (bytes, text, lines).
    assert sizes["large rss"] - sizes["small rss"] < sizes["large"] / 2, sizes


# -- part files -------------------------------------------------------------------------------


def test_folder_output_is_parts_and_a_manifest(gaz_dir: Path, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 120)
    single = tmp_path / "one.jsonl"
    assert invoke(gaz_dir, "extract", str(corpus), "-o", str(single)).exit_code == 0
    folder = tmp_path / "parts"
    result = invoke(gaz_dir, "extract", str(corpus), "-o", f"{folder}/", "-j", "2")
    assert result.exit_code == 0, result.output
    manifest = json.loads((folder / "_manifest.json").read_text())
    assert manifest["documents"] == 120 and manifest["format"] == "jsonl"
    joined = b"".join((folder / part["path"]).read_bytes() for part in manifest["parts"])
    assert joined == single.read_bytes()
    assert sum(p["mentions"] for p in manifest["parts"]) == manifest["mentions"] > 0
    assert not list(tmp_path.glob(".parts.*"))  # no temporary folder left
    # A folder that holds something is never written into.
    again = invoke(gaz_dir, "extract", str(corpus), "-o", f"{folder}/")
    assert again.exit_code == 1 and "not an empty folder" in again.stderr
    assert (
        invoke(gaz_dir, "extract", str(corpus), "-f", "geojson", "-o", f"{tmp_path}/g/").exit_code
        == 1
    )
    assert not (tmp_path / "g").exists()


def test_parts_writer_cuts_in_order(tmp_path: Path) -> None:
    writer = PartsWriter(tmp_path, "csv", "h\n", per_part=7)
    for n in range(20):
        writer.write(f"{n}\n", mentions=1)
    writer.close()
    assert [p["records"] for p in writer.parts] == [7, 7, 6]
    texts = [(tmp_path / p["path"]).read_text() for p in writer.parts]
    assert all(t.startswith("h\n") for t in texts)
    assert "".join(t[2:] for t in texts) == "".join(f"{n}\n" for n in range(20))


# -- GeoParquet -------------------------------------------------------------------------------


def test_parquet_is_geoparquet_read_by_geopandas_and_duckdb(gaz_dir: Path, tmp_path: Path) -> None:
    geopandas = pytest.importorskip("geopandas", reason="dev extra")
    duckdb = pytest.importorskip("duckdb", reason="dev extra")
    import pyarrow.parquet as pq

    corpus = write_corpus(tmp_path / "c.jsonl", 30)
    out = tmp_path / "m.parquet"
    result = invoke(gaz_dir, "extract", str(corpus), "-f", "parquet", "-o", str(out), "-j", "2")
    assert result.exit_code == 0, result.output
    jsonl = tmp_path / "m.jsonl"
    assert invoke(gaz_dir, "extract", str(corpus), "-o", str(jsonl)).exit_code == 0
    mentions = [
        (r["id"], m)
        for line in jsonl.read_text().splitlines()
        for r in [json.loads(line)]
        for m in r["mentions"]
    ]
    geo = json.loads(pq.read_schema(out).metadata[b"geo"])
    assert geo["primary_column"] == "geometry" and geo["columns"]["geometry"]["encoding"] == "WKB"

    frame = geopandas.read_parquet(out)
    assert len(frame) == len(mentions) and frame.crs.to_string() == "OGC:CRS84"
    resolved = frame[frame["name"].notna()]
    assert (resolved.geometry.x == resolved["lon"]).all()
    assert (resolved.geometry.y == resolved["lat"]).all()
    assert frame["geometry"].isna().sum() == sum(1 for _, m in mentions if m["lat"] is None)
    assert list(frame["id"]) == [doc_id for doc_id, _ in mentions]
    assert list(frame["text"]) == [m["text"] for _, m in mentions]
    # The reasons are one text column, the same terms as the JSONL's list.
    assert [[t.split(" ")[0] for t in r.split("; ") if t] for r in frame["reasons"]] == [
        [r["id"] for r in m["reasons"]] for _, m in mentions
    ]
    assert frame["reasons"].str.len().gt(0).sum() == len(resolved)

    con = duckdb.connect()
    count, places = con.execute(
        f"SELECT count(*), count(DISTINCT name) FROM read_parquet('{out}')"
    ).fetchone()
    assert count == len(mentions)
    assert places == len({m["name"] for _, m in mentions if m["name"]})


def test_parquet_keeps_the_date_and_source(gaz_dir: Path, tmp_path: Path) -> None:
    import datetime

    import pyarrow.parquet as pq

    corpus = tmp_path / "c.jsonl"
    rows = [
        {"id": "a", "text": "Port Azure.", "date": "2024-05-01T12:30:00+02:00", "source": "Wire"},
        {"id": "b", "text": "Granite."},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "m.parquet"
    assert invoke(gaz_dir, "extract", str(corpus), "-f", "parquet", "-o", str(out)).exit_code == 0
    table = pq.read_table(out)
    assert str(table.schema.field("date").type) == "timestamp[us, tz=UTC]"
    got = table.select(["id", "date", "doc_source", "source"]).to_pylist()
    when = datetime.datetime(2024, 5, 1, 10, 30, tzinfo=datetime.UTC)
    assert got == [
        {"id": "a", "date": when, "doc_source": "Wire", "source": "gazetteer"},
        {"id": "b", "date": None, "doc_source": None, "source": "gazetteer"},
    ]


def test_parquet_needs_a_file(gaz_dir: Path, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 3)
    result = invoke(gaz_dir, "extract", str(corpus), "-f", "parquet")
    assert result.exit_code == 1 and "give -o FILE.parquet" in result.stderr


# -- progress ---------------------------------------------------------------------------------


def _run_on_a_terminal(args: list[str], timeout: float = 120.0) -> tuple[int, str]:
    """Run ``python -m geomap ARGS`` with stderr on a pseudo-terminal; its exit status and
    what the terminal showed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "geomap", *args],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "120", "TERM": "xterm"},
    )
    os.close(follower)
    shown = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    os.close(leader)
    return proc.wait(timeout=10), shown.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only_for_long_runs(gaz_dir: Path, tmp_path: Path) -> None:
    big = write_corpus(tmp_path / "big.jsonl", 6000)
    code, shown = _run_on_a_terminal(
        [
            "extract",
            str(big),
            "-o",
            str(tmp_path / "o.jsonl"),
            "-j",
            "1",
            "--gazetteer",
            str(gaz_dir),
        ]
    )
    assert code == 0
    assert "documents" in shown and "%" in shown and "/s" in shown  # the bar
    assert "6000 documents" in shown  # the summary
    # --quiet: neither bar nor summary.
    code, shown = _run_on_a_terminal(
        ["extract", str(big), "-o", str(tmp_path / "q.jsonl"), "-q", "--gazetteer", str(gaz_dir)]
    )
    assert code == 0 and shown.strip() == ""
    # A short run draws no bar.
    small = write_corpus(tmp_path / "small.jsonl", 5)
    code, shown = _run_on_a_terminal(
        ["extract", str(small), "-o", str(tmp_path / "s.jsonl"), "--gazetteer", str(gaz_dir)]
    )
    lines = shown.strip().splitlines()
    assert code == 0 and len(lines) == 1 and lines[0].startswith("geomap: 5 documents, ")


def test_no_bar_when_stderr_is_not_a_terminal(gaz_dir: Path, tmp_path: Path) -> None:
    big = write_corpus(tmp_path / "big.jsonl", 6000)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "geomap",
            "extract",
            str(big),
            "-o",
            str(tmp_path / "o.jsonl"),
            "-j",
            "1",
            "--gazetteer",
            str(gaz_dir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == [
        line for line in proc.stderr.splitlines() if line.startswith("geomap: 6000 documents")
    ]
