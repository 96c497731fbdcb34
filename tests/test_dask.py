"""geomap on Dask: a real ``distributed.LocalCluster`` with two worker processes, a
scheduler and worker started with the ``dask`` command, a worker killed mid-run, and
``geoparse_partition`` under ``bag.map_partitions`` and ``DataFrame.map_partitions``."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import write_tiny_gazetteer
from test_corpus import write_corpus

from geomap.engine import Encoded, geoparse_sources
from geomap.engine_dask import parquet_parts_on_dask
from geomap.inputs import read_sources
from geomap.outputs import jsonl_line
from geomap.partitions import geoparse_partition, partition_meta

distributed = pytest.importorskip("distributed", reason="the dask extra")
dask_bag = pytest.importorskip("dask.bag", reason="the dask extra")
dask_dataframe = pytest.importorskip("dask.dataframe", reason="the dask extra")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gaz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_gazetteer(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        host="127.0.0.1",
    ) as local:
        yield local


def _serial(path: Path, gaz: Path | None) -> list[str]:
    runs = geoparse_sources(
        read_sources([str(path)]), jobs=1, gazetteer=str(gaz) if gaz else None, encode=jsonl_line
    )
    return [o.text for o, _ in runs if isinstance(o, Encoded)]


def test_local_cluster_gives_the_one_process_output(
    cluster: distributed.LocalCluster, gaz_dir: Path, tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 500)
    runs = list(
        geoparse_sources(
            read_sources([str(corpus)]),
            scheduler=cluster.scheduler_address,
            gazetteer=str(gaz_dir),
            encode=jsonl_line,
        )
    )
    assert [o.text for o, _ in runs if isinstance(o, Encoded)] == _serial(corpus, gaz_dir)
    with distributed.Client(cluster.scheduler_address) as client:
        # Both workers took part.
        assert len(client.scheduler_info()["workers"]) == 2


def test_given_spans_and_a_spacy_recogniser_on_dask(
    cluster: distributed.LocalCluster, gaz_dir: Path, tmp_path: Path
) -> None:
    import spacy
    from test_given import _long_record

    records = [_long_record(n % 3 + 1) | {"id": f"d{n}"} for n in range(200)]
    records.append(_long_record(6000))  # two parts
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    model = tmp_path / "model"
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Rimal"}])
    nlp.to_disk(model)

    def run(scheduler: str | None, spans_field: str | None, recogniser: str | None) -> list[str]:
        outs = geoparse_sources(
            read_sources([str(corpus)], spans_field=spans_field),
            scheduler=scheduler,
            gazetteer=str(gaz_dir),
            encode=jsonl_line,
            recogniser=recogniser,
        )
        return [o.text for o, _ in outs if isinstance(o, Encoded)]

    for spans_field, recogniser in (("spans", None), (None, f"spacy:{model}")):
        serial = run(None, spans_field, recogniser)
        assert run(cluster.scheduler_address, spans_field, recogniser) == serial
        long_parts = [json.loads(line)["mentions"] for line in serial[200:]]
        spans = [[m["start"], m["end"]] for mentions in long_parts for m in mentions]
        if recogniser is None:
            assert spans == records[-1]["spans"]
        else:  # only the pipeline's entities, Rimal
            assert spans == records[-1]["spans"][1::2]


def test_failed_documents_on_dask_are_reported_in_order(
    cluster: distributed.LocalCluster, tmp_path: Path
) -> None:
    from test_corpus import Failure

    broken = write_tiny_gazetteer(tmp_path / "broken", broken=True)
    corpus = write_corpus(tmp_path / "c.jsonl", 40, broken_every=10)
    runs = list(
        geoparse_sources(
            read_sources([str(corpus)]),
            scheduler=cluster.scheduler_address,
            gazetteer=str(broken),
            encode=jsonl_line,
        )
    )
    assert [o.id for o, _ in runs] == [f"doc-{n}" for n in range(40)]
    failed = [o.id for o, _ in runs if isinstance(o, Failure)]
    assert failed == ["doc-3", "doc-13", "doc-23", "doc-33"]


def test_killed_worker_loses_and_repeats_no_document(
    cluster: distributed.LocalCluster, tmp_path: Path
) -> None:
    # The bundled gazetteer, so that each batch takes long enough to be caught mid-run.
    text = (ROOT / "examples" / "report.txt").read_text(encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for n in range(600):
            handle.write(json.dumps({"id": f"r{n}", "text": f"{n}. {text}"}) + "\n")
    expected = _serial(corpus, None)

    seen: list[str] = []
    started = threading.Event()

    def run() -> None:
        for outcome, _ in geoparse_sources(
            read_sources([str(corpus)]), scheduler=cluster.scheduler_address, encode=jsonl_line
        ):
            assert isinstance(outcome, Encoded)
            seen.append(outcome.text)
            started.set()

    worker = threading.Thread(target=run)
    worker.start()
    assert started.wait(120)
    with distributed.Client(cluster.scheduler_address) as client:
        busy: dict[str, Any] = {}
        for _ in range(100):  # between two tasks a worker may hold none for a moment
            busy = {w: tasks for w, tasks in client.processing().items() if tasks}
            if busy or not worker.is_alive():
                break
            time.sleep(0.05)
        assert busy, "no task in flight to lose"
        victim = next(iter(busy))
        pid = client.run(os.getpid, workers=[victim])[victim]
    os.kill(pid, signal.SIGKILL)
    worker.join(300)
    assert not worker.is_alive()
    assert len(seen) == len(expected) and seen == expected
    with distributed.Client(cluster.scheduler_address) as client:
        client.wait_for_workers(2, timeout=60)  # the nanny started a new one


def test_partition_function_under_bag_and_dataframe(
    cluster: distributed.LocalCluster, gaz_dir: Path
) -> None:
    import pandas as pd

    texts = ["Ships left Port Azure for Springdale.", "Rain on Granite.", "Nothing here.", ""]
    records = [{"id": f"d{n}", "text": t} for n, t in enumerate(texts * 5)]
    local = geoparse_partition(records, gazetteer=str(gaz_dir))
    assert [r["id"] for r in local] == [r["id"] for r in records]
    assert [m["name"] for m in local[0]["mentions"]] == ["Port Azure", "Springdale"]

    with distributed.Client(cluster.scheduler_address):
        bag = dask_bag.from_sequence(records, npartitions=4)
        from_bag = bag.map_partitions(geoparse_partition, gazetteer=str(gaz_dir)).compute()
        assert from_bag == local

        frame = dask_dataframe.from_pandas(pd.DataFrame(records), npartitions=3)
        mentions = frame.map_partitions(
            geoparse_partition, gazetteer=str(gaz_dir), meta=partition_meta()
        ).compute()
    rows = [(r["id"], m["start"], m["name"]) for r in local for m in r["mentions"]]
    assert list(zip(mentions["id"], mentions["start"], mentions["name"], strict=True)) == rows
    assert mentions["geometry"].notna().sum() == sum(1 for _, _, name in rows if name)


def test_partition_of_pairs_and_spark_like_rows(gaz_dir: Path) -> None:
    class Row(tuple):  # what PySpark hands mapPartitions: a tuple with asDict()
        def asDict(self) -> dict[str, str]:  # noqa: N802 - Spark's name
            return {"id": self[0], "text": self[1]}

    pairs = [("a", "Ships left Port Azure."), ("b", "Rain on Granite.")]
    from_rows = geoparse_partition(iter([Row(p) for p in pairs]), gazetteer=str(gaz_dir))
    assert from_rows == geoparse_partition(pairs, gazetteer=str(gaz_dir))
    assert [m["name"] for r in from_rows for m in r["mentions"]] == ["Port Azure", "Granite"]
    assert isinstance(from_rows, list) and all(isinstance(r, dict) for r in from_rows)


def test_parquet_parts_written_by_dask(
    cluster: distributed.LocalCluster, gaz_dir: Path, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from geomap.cli import app

    corpus = write_corpus(tmp_path / "c.jsonl", 300)
    args = ["extract", str(corpus), "--gazetteer", str(gaz_dir), "-f", "parquet"]
    runner = CliRunner()
    single = tmp_path / "one.parquet"
    assert runner.invoke(app, [*args, "-o", str(single)]).exit_code == 0
    folder = tmp_path / "parts"
    result = runner.invoke(
        app, [*args, "-o", f"{folder}/", "--dask-scheduler", cluster.scheduler_address]
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((folder / "_manifest.json").read_text())
    assert manifest["documents"] == 300 and [p["path"] for p in manifest["parts"]] == sorted(
        p.name for p in folder.glob("part-*.parquet")
    )
    parts = [pq.read_table(folder / p["path"]) for p in manifest["parts"]]
    assert all(b"geo" in t.schema.metadata for t in parts)
    rows = [row for table in parts for row in table.to_pylist()]
    assert rows == pq.read_table(single).to_pylist()

    # Small parts: fifteen files over three waves, numbered in input order.
    small = tmp_path / "small"
    small.mkdir()
    listed: list[dict[str, object]] = []
    runs = list(
        parquet_parts_on_dask(
            read_sources([str(corpus)]),
            scheduler=cluster.scheduler_address,
            folder=str(small),
            gazetteer=str(gaz_dir),
            parts=listed,
            part_docs=20,
        )
    )
    assert [o.id for o, _ in runs] == [f"doc-{n}" for n in range(300)]
    assert [p["path"] for p in listed] == [f"part-{n:06d}.parquet" for n in range(15)]
    again = [row for p in listed for row in pq.read_table(small / str(p["path"])).to_pylist()]
    assert again == rows


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_cli_against_a_dask_scheduler_and_worker(gaz_dir: Path, tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    dask = str(bin_dir / "dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    logs = (tmp_path / "scheduler.log").open("w"), (tmp_path / "worker.log").open("w")
    scheduler = subprocess.Popen(
        [
            dask,
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            address.rsplit(":", 1)[1],
            "--no-dashboard",
        ],
        stdout=logs[0],
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [
            dask,
            "worker",
            address,
            "--nworkers",
            "2",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--host",
            "127.0.0.1",
        ],
        stdout=logs[1],
        stderr=subprocess.STDOUT,
    )
    try:
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        corpus = write_corpus(tmp_path / "c.jsonl", 300)
        geomap = [
            sys.executable,
            "-m",
            "geomap",
            "extract",
            str(corpus),
            "--gazetteer",
            str(gaz_dir),
        ]
        one = subprocess.run([*geomap, "-j", "1"], capture_output=True, check=True)
        remote = subprocess.run(
            [*geomap, "--dask-scheduler", address], capture_output=True, check=False
        )
        assert remote.returncode == 0, remote.stderr
        assert remote.stdout == one.stdout and one.stdout.count(b"\n") == 300
        by_env = subprocess.run(
            geomap,
            capture_output=True,
            check=False,
            env={**os.environ, "GEOMAP_DASK_SCHEDULER": address},
        )
        assert by_env.returncode == 0 and by_env.stdout == one.stdout
    finally:
        for proc in (worker, scheduler):
            proc.send_signal(signal.SIGINT)
        for proc in (worker, scheduler):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for log in logs:
            log.close()


def test_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 3)
    start = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "geomap",
            "extract",
            str(corpus),
            "--dask-scheduler",
            f"tcp://127.0.0.1:{_free_port()}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1 and time.monotonic() - start < 60
    assert proc.stderr.startswith("geomap: error: --dask-scheduler") and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1
