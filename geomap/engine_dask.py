"""The engine on a Dask cluster: connect, check the workers, run the batches.

``on_dask`` is ``geoparse_sources``'s executor for ``scheduler=ADDRESS``: the same
batches and ordered window as the process pool (``geomap.engine``), with Dask's
retries; ``parquet_parts_on_dask`` has Dask's own Parquet writer write the mentions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .engine import (
    _WINDOW_PER_WORKER,
    DASK_BATCH_CHARS,
    DASK_BATCH_DOCS,
    Encode,
    Encoded,
    Outcome,
    _batches,
    _failed,
    _ordered,
    _results,
    _tag,
    geoparse_batch,
)
from .errors import ConfigurationError, GeomapError
from .inputs import Source

__all__ = ["PARQUET_PART_CHARS", "PARQUET_PART_DOCS", "connect", "on_dask", "parquet_parts_on_dask"]


def connect(scheduler: str) -> Any:
    """A Dask client of the cluster at ``scheduler``; errors the user can act on."""
    try:
        from distributed import Client
    except ImportError as err:
        raise ConfigurationError("--dask-scheduler needs Dask: pip install 'geomap[dask]'") from err
    try:
        make: Any = Client  # distributed's own annotations are partial
        client = make(scheduler, timeout=10, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise ConfigurationError(
            f"--dask-scheduler {scheduler!r}: cannot reach the scheduler ({err})"
        ) from err
    return client


def _worker_check() -> str:
    """Run on each Dask worker before the work: the geomap version it has."""
    from ._version import __version__

    return __version__


def _check_workers(client: Any, scheduler: str) -> None:
    """Fail before any work when the cluster cannot run this geomap."""
    from ._version import __version__

    try:
        versions = client.run(_worker_check)
    except Exception as err:  # noqa: BLE001 - the workers' own error, made one line
        raise ConfigurationError(
            f"--dask-scheduler: the workers cannot run geomap ({type(err).__name__}: "
            f"{err}); install geomap {__version__} on every worker"
        ) from err
    if not versions:
        raise ConfigurationError(f"--dask-scheduler {scheduler!r}: the cluster has no workers")
    other = sorted({v for v in versions.values() if v != __version__})
    if other:
        raise ConfigurationError(
            f"--dask-scheduler: workers run geomap {', '.join(other)}, this is "
            f"{__version__}; install the same version everywhere"
        )


@contextmanager
def _cluster(scheduler: str) -> Iterator[tuple[Any, int]]:
    """A client of the cluster that can run this geomap, and its worker threads."""
    client = connect(scheduler)
    try:
        _check_workers(client, scheduler)
        yield client, sum(client.nthreads().values()) or 1
    finally:
        client.close()


def on_dask(
    sources: Iterable[Source],
    scheduler: str,
    gazetteer: str | None,
    encode: Encode | None,
    recogniser: str | None = None,
) -> Iterator[tuple[Outcome, int]]:
    from distributed import KilledWorker

    with _cluster(scheduler) as (client, threads):

        def submit(batch: list[Source]) -> Future[list[Outcome]]:
            # pure=False: two equal batches are still two tasks. retries: a task that
            # raised (not one whose worker died: the scheduler redoes those) runs again.
            future: Any = client.submit(
                geoparse_batch, batch, gazetteer, encode, recogniser, pure=False, retries=2
            )
            return future  # type: ignore[no-any-return]

        for tag, future in _ordered(
            _batches(sources, DASK_BATCH_DOCS, DASK_BATCH_CHARS),
            submit,
            threads * _WINDOW_PER_WORKER,
        ):
            try:
                outcomes = future.result()
            except KilledWorker as err:
                yield from _failed(tag, f"it killed Dask workers ({err})")
                continue
            except Exception as err:  # noqa: BLE001 - reported per document, the run goes on
                yield from _failed(tag, f"{type(err).__name__}: {err}")
                continue
            yield from _results(tag, outcomes)


#: ``-o DIR/ --format parquet`` on Dask: a batch (and so a part file) holds at most
#: this many documents or characters.
PARQUET_PART_DOCS = 2_000
PARQUET_PART_CHARS = 4_000_000


@dataclass(frozen=True, slots=True)
class _PartName:
    """Dask's ``name_function``: part files numbered on from the waves before."""

    offset: int

    def __call__(self, index: int) -> str:
        return f"part-{self.offset + index:06d}.parquet"


def parquet_parts_on_dask(
    sources: Iterable[Source],
    *,
    scheduler: str,
    folder: str,
    gazetteer: str | None = None,
    parts: list[dict[str, Any]],
    part_docs: int = PARQUET_PART_DOCS,
    recogniser: str | None = None,
) -> Iterator[tuple[Outcome, int]]:
    """Geoparse on the cluster and have Dask's own Parquet writer write the mentions
    into ``folder`` (which every worker must see), one part file per batch. Yields
    each document's counts (``Encoded`` with no text) or ``Failure`` in input order,
    and appends ``{"path", "records", "mentions"}`` per part file to ``parts``.

    The work goes in waves of a few batches per worker thread, so the client holds
    only one wave's futures however large the corpus."""
    import json
    from itertools import islice
    from operator import itemgetter

    import dask
    import dask.dataframe as dd

    from .outputs import GEOPARQUET_META, parquet_schema
    from .partitions import geoparse_batch_frame, partition_meta

    with _cluster(scheduler) as (client, threads):
        batches = _batches(sources, part_docs, PARQUET_PART_CHARS)
        schema = parquet_schema().remove_metadata()
        while wave := list(islice(batches, threads * _WINDOW_PER_WORKER)):
            tags = [_tag(batch) for batch in wave]
            done = [
                client.submit(
                    geoparse_batch_frame, batch, gazetteer, recogniser, pure=False, retries=2
                )
                for batch in wave
            ]
            frames = [client.submit(itemgetter(0), f, pure=False) for f in done]
            infos = [client.submit(itemgetter(1), f, pure=False) for f in done]
            # convert-string off: the WKB geometry column holds bytes, not text.
            with dask.config.set({"dataframe.convert-string": False}):
                frame = dd.from_delayed(frames, meta=partition_meta(), verify_meta=False)
                write = frame.to_parquet(
                    folder,
                    name_function=_PartName(len(parts)),
                    write_index=False,
                    schema=schema,
                    custom_metadata={"geo": json.dumps(GEOPARQUET_META)},
                    write_metadata_file=False,
                    compute=False,
                )
            try:
                client.compute(write).result()
            except Exception as err:  # noqa: BLE001 - one line for the user, not a traceback
                raise GeomapError(
                    f"writing the Parquet parts on Dask failed ({type(err).__name__}: {err})"
                ) from err
            first = len(parts)
            for number, (tag, info) in enumerate(zip(tags, infos, strict=True)):
                outcomes = info.result()
                parts.append(
                    {
                        "path": _PartName(first)(number),
                        "records": sum(isinstance(o, Encoded) for o in outcomes),
                        "mentions": sum(o.mentions for o in outcomes if isinstance(o, Encoded)),
                    }
                )
                yield from _results(tag, outcomes)
