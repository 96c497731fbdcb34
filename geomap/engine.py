"""Many documents through the pipeline: in this process, on every core, or on Dask.

::

    Source* --batches--> worker: geoparse offline --> Document* (input order)
            --> online fallback, in this process only --> writers

The work is cut into batches of documents (``BATCH_DOCS`` documents or ``BATCH_CHARS``
characters) and handed to an executor: none (``jobs=1``), a process pool of ``jobs``
workers, or the workers of a Dask cluster (``scheduler=ADDRESS``). Each worker loads
the gazetteer once and keeps it. At most a few batches per worker are in flight, so
memory stays bounded however long the input; results come back in input order, so
the output is the same, byte for byte, whatever runs it.

The online fallback never runs in a worker: the names the gazetteer lacks are looked
up here, in input order, so one rate limit and one cache hold for the whole run.

A document whose geoparsing raises is a ``Failure`` (its id and the error), and the
run goes on. A process-pool worker that dies (killed, out of memory) has its batches
run again on a fresh pool; on Dask, the scheduler redoes a lost worker's tasks.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Any

from .errors import ConfigurationError
from .gazetteer import Gazetteer, load_gazetteer
from .inputs import Source
from .lookup import Fallback
from .models import Document
from .pipeline import fill_from_fallback, geoparse
from .recognisers import load_spacy, parse_recogniser

__all__ = [
    "AUTO_JOBS_BYTES",
    "BATCH_CHARS",
    "BATCH_DOCS",
    "Encoded",
    "Failure",
    "Outcome",
    "default_jobs",
    "geoparse_batch",
    "geoparse_sources",
    "place_ids",
]

logger = logging.getLogger(__name__)

#: A batch holds at most this many documents ...
BATCH_DOCS = 64
#: ... or this many characters of text (a long document's part is a batch of its own).
BATCH_CHARS = 128_000
#: On Dask, batches are larger: each task costs the scheduler and the worker's event
#: loop a round trip.
DASK_BATCH_DOCS = 256
DASK_BATCH_CHARS = 512_000
#: With no ``--jobs``, inputs larger than this run on every core.
AUTO_JOBS_BYTES = 512 * 1024
#: Batches in flight per worker.
_WINDOW_PER_WORKER = 3


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be geoparsed: its id, part and what went wrong."""

    id: str
    error: str
    part: int | None = None


@dataclass(frozen=True, slots=True)
class Encoded:
    """A document already written out by the worker (``encode(doc)``), with the counts
    the summary line needs: the driver then only copies ``text`` to the output."""

    id: str
    part: int | None
    text: str
    mentions: int
    unresolved: int
    places: tuple[int, ...]


Outcome = Document | Encoded | Failure
Encode = Callable[[Document], str]


def place_ids(doc: Document) -> tuple[int, ...]:
    """The places ``doc``'s resolved mentions name, one id per mention."""
    return tuple(p.candidate.id for p in doc.places if p.candidate is not None)


def encoded(doc: Document, encode: Encode) -> Encoded:
    """``doc`` written out by ``encode``, with its counts."""
    ids = place_ids(doc)
    return Encoded(doc.id, doc.part, encode(doc), len(doc.places), len(doc.places) - len(ids), ids)


def cpu_count() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs(jobs: int | None, size: int | None) -> int:
    """``--jobs``: ``None`` is every core for inputs over ``AUTO_JOBS_BYTES`` and one
    process otherwise (and for standard input, whose size is unknown); 0 is every core."""
    if jobs is None:
        return cpu_count() if size is not None and size > AUTO_JOBS_BYTES else 1
    if jobs < 0:
        raise ConfigurationError(f"--jobs must be 0 (every core) or more, not {jobs}")
    return jobs or cpu_count()


# -- the worker side ----------------------------------------------------------------------

_gazetteer_lock = threading.Lock()


def _worker_gazetteer(path: str | None) -> Gazetteer:
    """The gazetteer of this worker process, loaded once (Dask may run tasks in threads)."""
    with _gazetteer_lock:
        return load_gazetteer(path)


def _start_worker(path: str | None) -> None:
    """A pool worker's start: Ctrl-C is the main process's to handle (it stops the pool),
    so a worker never prints a traceback of its own; then the gazetteer, once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_gazetteer(path)


def geoparse_batch(
    batch: Sequence[Source],
    gazetteer: str | Gazetteer | None = None,
    encode: Encode | None = None,
    recogniser: str | None = None,
) -> list[Outcome]:
    """Geoparse each source offline; a document that raises becomes a ``Failure``.

    ``gazetteer`` is a loaded ``Gazetteer`` or the folder to load it from (``None``:
    the bundled one), loaded once per process. With ``encode`` (a module-level
    function, so that it pickles), each document comes back written out as
    ``Encoded``. A source with given spans has those resolved; the others are
    recognised by ``recogniser`` (``None``: the built-in one; ``"spacy:MODEL"``: that
    pipeline, loaded once per process). This is the function the workers run.
    """
    gaz = gazetteer if isinstance(gazetteer, Gazetteer) else _worker_gazetteer(gazetteer)
    out: list[Outcome] = []
    for source in batch:
        try:
            doc = geoparse(
                source.text,
                doc_id=source.id,
                gazetteer=gaz,
                spans=source.spans,
                recogniser=recogniser if source.spans is None else None,
            )
            if source.date is not None or source.source is not None:
                doc = replace(doc, date=source.date, source=source.source)
            if source.part is not None:
                doc = _shifted(doc, source)
            out.append(doc if encode is None else encoded(doc, encode))
        except Exception as err:  # noqa: BLE001 - one bad document never sinks a corpus
            logger.debug("document %r failed", source.id, exc_info=True)
            out.append(Failure(source.id, f"{type(err).__name__}: {err}", source.part))
    return out


def _shifted(doc: Document, source: Source) -> Document:
    """A part's document, its offsets counted from the start of the whole document."""
    delta = source.offset
    places = tuple(
        replace(
            p,
            mention=replace(
                p.mention,
                start=p.mention.start + delta,
                end=p.mention.end + delta,
                sentence_start=p.mention.sentence_start + delta,
                sentence_end=p.mention.sentence_end + delta,
            ),
        )
        for p in doc.places
    )
    return replace(doc, places=places, offset=delta, part=source.part)


# -- the driver side ----------------------------------------------------------------------


def _batches(
    sources: Iterable[Source], docs: int = BATCH_DOCS, max_chars: int = BATCH_CHARS
) -> Iterator[list[Source]]:
    batch: list[Source] = []
    chars = 0
    for source in sources:
        if batch and (len(batch) >= docs or chars + len(source.text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(source)
        chars += len(source.text)
    if batch:
        yield batch


@dataclass(frozen=True, slots=True)
class _Tag:
    """What the driver keeps of a batch in flight: enough to report and count it."""

    ids: tuple[tuple[str, int | None], ...]
    nbytes: tuple[int, ...]


def _tag(batch: Sequence[Source]) -> _Tag:
    return _Tag(tuple((s.id, s.part) for s in batch), tuple(s.nbytes for s in batch))


Submit = Callable[[list[Source]], "Future[list[Outcome]]"]


def geoparse_sources(
    sources: Iterable[Source],
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    gazetteer: str | None = None,
    fallback: Fallback | None = None,
    encode: Encode | None = None,
    recogniser: str | None = None,
) -> Iterator[tuple[Outcome, int]]:
    """Geoparse every source; yield ``(outcome, input bytes)`` in input order.

    ``jobs`` worker processes (1: this process), or the Dask cluster whose scheduler
    listens at ``scheduler``. ``gazetteer`` is the folder of the tables (``None``: the
    bundled one); with Dask it must be readable at that path on every worker. With
    ``encode``, documents come out as ``Encoded`` (written out by the workers when
    there is no fallback to consult first). ``recogniser`` is ``"spacy:MODEL"`` or
    ``None`` (the built-in one): this process loads it first, so that a missing spaCy
    or model is one ``ConfigurationError`` before any work.
    """
    remote = encode if fallback is None else None
    model = parse_recogniser(recogniser) if recogniser is not None else None
    if model is not None:
        load_spacy(model)
    if scheduler is not None:
        from .engine_dask import on_dask

        runs: Iterator[tuple[Outcome, int]] = on_dask(
            sources, scheduler, gazetteer, remote, recogniser
        )
    elif jobs <= 1:
        gaz = load_gazetteer(gazetteer)
        runs = (
            (outcome, nbytes)
            for batch in _batches(sources)
            for outcome, nbytes in zip(
                geoparse_batch(batch, gaz, remote, recogniser),
                (s.nbytes for s in batch),
                strict=True,
            )
        )
    else:
        runs = _on_processes(sources, jobs, gazetteer, remote, recogniser)
    for outcome, nbytes in runs:
        if isinstance(outcome, Document):
            if fallback is not None:
                outcome = fill_from_fallback(outcome, fallback)
            if encode is not None:
                outcome = encoded(outcome, encode)
        yield outcome, nbytes


def _ordered(
    batches: Iterable[list[Source]], submit: Submit, window: int
) -> Iterator[tuple[_Tag, Future[list[Outcome]]]]:
    """Submit batches with at most ``window`` in flight; yield ``(tag, future)`` in order."""
    pending: deque[tuple[_Tag, Future[list[Outcome]]]] = deque()
    for batch in batches:
        pending.append((_tag(batch), submit(batch)))
        while len(pending) >= window:
            yield pending.popleft()
    while pending:
        yield pending.popleft()


def _results(tag: _Tag, outcomes: list[Outcome]) -> Iterator[tuple[Outcome, int]]:
    yield from zip(outcomes, tag.nbytes, strict=True)


def _failed(tag: _Tag, error: str) -> Iterator[tuple[Outcome, int]]:
    for (doc_id, part), nbytes in zip(tag.ids, tag.nbytes, strict=True):
        yield Failure(doc_id, error, part), nbytes


def _pool(jobs: int, gazetteer: str | None) -> ProcessPoolExecutor:
    # forkserver: workers start from a clean process (no threads of ours copied), and
    # each loads the gazetteer once in its initializer.
    context: Any
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The server imports geomap once and every worker forks from it. (As with any
        # multiprocessing, a script that calls this needs an ``if __name__ ==
        # "__main__":`` guard: each worker imports the script's module.)
        context.set_forkserver_preload(["geomap.engine"])
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(gazetteer,),
    )


def _on_processes(
    sources: Iterable[Source],
    jobs: int,
    gazetteer: str | None,
    encode: Encode | None,
    recogniser: str | None = None,
) -> Iterator[tuple[Outcome, int]]:
    pool = _pool(jobs, gazetteer)
    # (tag, batch, future, tries): the batch is kept to run it again if the pool breaks.
    pending: deque[tuple[_Tag, list[Source], Future[list[Outcome]], int]] = deque()
    window = jobs * _WINDOW_PER_WORKER
    batches = _batches(sources)
    try:
        while True:
            while len(pending) < window:
                batch = next(batches, None)
                if batch is None:
                    break
                future = pool.submit(geoparse_batch, batch, gazetteer, encode, recogniser)
                pending.append((_tag(batch), batch, future, 1))
            if not pending:
                return
            tag, batch, future, tries = pending.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory): every batch in flight is lost.
                # Run them all again on a fresh pool; a batch that broke two pools fails.
                logger.warning("a worker process died; running its documents again")
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(jobs, gazetteer)
                retry = [(tag, batch, tries)] + [(t, b, n) for t, b, _, n in pending]
                pending.clear()
                for t, b, n in retry:
                    if n >= 2:
                        done: Future[list[Outcome]] = Future()
                        done.set_result([o for o, _ in _failed(t, "its worker process died twice")])
                        pending.append((t, b, done, n))
                    else:
                        pending.append(
                            (
                                t,
                                b,
                                pool.submit(geoparse_batch, b, gazetteer, encode, recogniser),
                                n + 1,
                            )
                        )
                continue
            yield from _results(tag, outcomes)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
