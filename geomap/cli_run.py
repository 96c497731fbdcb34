"""Running a command-line geoparse: the document stream, its progress bar and failures,
the summary line and exit status, errors the user must fix as one stderr line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from .cli_options import GeoparseOptions
from .engine import (
    Encode,
    Encoded,
    Failure,
    Outcome,
    default_jobs,
    geoparse_sources,
    place_ids,
)
from .errors import GeomapError
from .inputs import Source, check_inputs, input_size, read_sources
from .progress import Progress, Tally

if TYPE_CHECKING:
    from .geocoder import OnlineGeocoder

__all__ = ["PARTIAL", "errors_as_exit", "finish", "geoparsed", "summary"]

#: Exit status of a run in which some documents failed (the others were written).
PARTIAL = 3


@contextmanager
def errors_as_exit() -> Iterator[None]:
    """Turn errors the user must fix into one stderr line and exit code 1."""
    try:
        yield
    except GeomapError as err:
        typer.echo(f"geomap: error: {err}", err=True)
        raise typer.Exit(1) from None
    except OSError as err:
        where = f" ({err.filename})" if getattr(err, "filename", None) else ""
        typer.echo(f"geomap: error: {err.strerror or err}{where}", err=True)
        raise typer.Exit(1) from None


def geoparsed(
    inputs: list[str],
    options: GeoparseOptions,
    fallback: OnlineGeocoder | None,
    tally: Tally,
    *,
    encode: Encode | None = None,
    engine: Callable[[Iterator[Source]], Iterator[tuple[Outcome, int]]] | None = None,
) -> Iterator[Any]:
    """Geoparse every document of the inputs and yield them in input order
    (``Document`` objects, or ``Encoded`` ones with ``encode``), counting them in
    ``tally``, drawing the progress bar and naming each failed document on stderr.
    ``engine`` replaces the usual ``geoparse_sources``."""
    check_inputs(inputs)
    size = input_size(inputs)
    recogniser = options.spacy_recogniser()
    sources = read_sources(inputs, spans_field=options.given_spans_field)
    if engine is not None:
        runs = engine(sources)
    else:
        scheduler = options.dask_scheduler
        runs = geoparse_sources(
            sources,
            jobs=1 if scheduler is not None else default_jobs(options.jobs, size),
            scheduler=scheduler,
            gazetteer=options.gazetteer_path,
            fallback=fallback,
            encode=encode,
            recogniser=recogniser,
        )
    with Progress(size, enabled=not options.quiet) as bar:
        for outcome, nbytes in runs:
            first = outcome.part in (None, 0)
            bar.advance(nbytes, documents=1 if first else 0)
            if isinstance(outcome, Failure):
                where = f" (part {outcome.part})" if outcome.part is not None else ""
                typer.echo(
                    f"geomap: error: document {outcome.id!r}{where} failed: {outcome.error}",
                    err=True,
                )
                tally.failed += 1
                continue
            tally.documents += first
            if isinstance(outcome, Encoded):
                tally.mentions += outcome.mentions
                tally.unresolved += outcome.unresolved
                tally.places.update(outcome.places)
            else:
                ids = place_ids(outcome)
                tally.mentions += len(outcome.places)
                tally.unresolved += len(outcome.places) - len(ids)
                tally.places.update(ids)
            yield outcome


def summary(tally: Tally, target: str | None, fallback: OnlineGeocoder | None) -> str:
    docs = tally.documents
    line = (
        f"geomap: {docs} document{'s' * (docs != 1)}, {tally.mentions} mentions, "
        f"{len(tally.places)} places, {tally.unresolved} unresolved"
    )
    if tally.failed:
        line += f", {tally.failed} failed"
    if fallback is not None and (fallback.stats.lookups or fallback.stats.cache_hits):
        st = fallback.stats
        line += (
            f"; looked up {st.lookups} name{'s' * (st.lookups != 1)} online at {fallback.host}"
            f" ({st.requests} requests, {st.failures} failed, {st.cache_hits} from cache)"
        )
    if fallback is not None and fallback.stats.skipped:
        line += f"; {fallback.stats.skipped} not looked up (over --max-lookups)"
    return line + (f" -> {target}" if target else "")


def finish(tally: Tally, target: str | None, fallback: OnlineGeocoder | None, quiet: bool) -> None:
    """The summary line, and exit status ``PARTIAL`` when documents failed."""
    if not quiet:
        typer.echo(summary(tally, target, fallback), err=True)
    if tally.failed:
        raise typer.Exit(PARTIAL)
