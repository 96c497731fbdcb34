"""The ``geomap`` command line: options, logging, calling the pipeline, writing files.

Commands: ``geomap render`` (HTML map) and ``geomap extract`` (JSONL/GeoJSON/CSV/
GeoParquet). Errors the user must fix print one line on stderr and exit 1; no
tracebacks. Exit status ``PARTIAL`` (3) means some documents failed, each named on
stderr, and every other document was written. The options several commands share are
declared in ``geomap.cli_options``; the document stream, progress bar and summary line
are ``geomap.cli_run``; the map itself is ``geomap.pipeline.map_documents``.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from ._version import __version__
from .cli_evaluate import evaluate
from .cli_options import CachePath, GeoparseOptions, Inputs, geoparse_options
from .cli_run import PARTIAL, errors_as_exit, finish, geoparsed
from .errors import ConfigurationError, GeomapError
from .gazetteer import load_gazetteer
from .inputs import Source

if TYPE_CHECKING:
    from .cache import GeocodeCache
from .engine import Encode, Outcome
from .engine_dask import parquet_parts_on_dask
from .outputs import (
    GeoJSONWriter,
    ParquetWriter,
    PartsWriter,
    atomic_directory,
    atomic_path,
    csv_header,
    csv_rows,
    jsonl_line,
    parquet_schema,
    write_manifest,
)
from .pipeline import map_documents
from .progress import Tally

__all__ = ["PARTIAL", "app", "main"]

logger = logging.getLogger("geomap")

app = typer.Typer(
    name="geomap",
    help="Find the places a text mentions and draw them on an interactive map.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    jsonl = "jsonl"
    geojson = "geojson"
    csv = "csv"
    parquet = "parquet"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"geomap {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each decision.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Find the places a text mentions and draw them on an interactive map."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="geomap: %(levelname)s: %(message)s" if verbose else "geomap: warning: %(message)s",
        handlers=[_StderrHandler()],
        force=True,
    )


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a message comes: while the progress bar
    is drawn, rich puts a proxy there that prints messages above the bar."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


@app.command()
@geoparse_options
def render(
    inputs: Inputs,
    *,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="HTML file to write [default: maps/<input stem>.html]."),
    ] = None,
    options: GeoparseOptions,
    tiles: Annotated[
        str | None,
        typer.Option(
            help="Basemap tiles: any xyzservices provider name (e.g. CartoDB.Positron) or "
            "'none' for the gazetteer's country outlines [default: OpenStreetMap; none when "
            "--offline].",
            show_default=False,
        ),
    ] = None,
    self_contained: Annotated[
        bool,
        typer.Option(
            "--self-contained",
            help="Inline every script, style and font: the file works with no network.",
        ),
    ] = False,
    embed: Annotated[
        bool,
        typer.Option("--embed", help="Write an HTML fragment to paste into a report page."),
    ] = False,
    png: Annotated[
        Path | None,
        typer.Option(
            "--png", help="Also write a picture of the map (needs Chromium).", show_default=False
        ),
    ] = None,
    png_panel: Annotated[
        bool,
        typer.Option(
            "--png-panel/--no-png-panel",
            help="Show the side panel and layer switches in the --png picture.",
        ),
    ] = True,
    evidence: Annotated[
        int,
        typer.Option(
            "--evidence",
            min=1,
            help="Sentences kept per place in the page (identical ones count once); "
            "the counts cover every mention.",
        ),
    ] = 10,
) -> None:
    """Draw the places the INPUTS mention on an HTML map."""
    from .render import MapBuilder, fragment_html, page_html

    with errors_as_exit():
        tile_name = tiles if tiles is not None else ("none" if options.offline else "OpenStreetMap")
        basemap = None if tile_name.lower() == "none" else tile_name
        if png is not None:
            from .snapshot import find_chromium

            find_chromium()  # fail before any work when there is no browser
        fallback = options.fallback()
        gaz = load_gazetteer(options.gazetteer)
        target = out if out is not None else _default_map_path(inputs[0])
        if target.is_dir():
            raise GeomapError(f"{target}: is a directory")
        tally = Tally()
        builder = MapBuilder(evidence=evidence)  # kept for the notes and the --png picture
        try:
            fmap = map_documents(
                geoparsed(inputs, options, fallback, tally),
                tiles=basemap,
                gazetteer=gaz,
                builder=builder,
            )
        except ValueError as err:
            if isinstance(err, GeomapError):  # bad input, not bad tiles
                raise
            raise ConfigurationError(f"--tiles {tile_name!r}: {err}") from err
        write = fragment_html if embed else page_html
        html = write(fmap, self_contained=self_contained)
        with atomic_path(target) as tmp:
            tmp.write_text(html, encoding="utf-8", newline="")
        if png is not None:
            from .snapshot import save_png

            if not png_panel:
                fmap = map_documents([], tiles=basemap, gazetteer=gaz, builder=builder, panel=False)
            save_png(page_html(fmap, self_contained=True), png)
    quiet = options.quiet
    if not tally.mentions and not quiet:
        typer.echo("geomap: note: no places found; the map is empty", err=True)
    if builder.omitted and not quiet:
        typer.echo(
            f"geomap: note: the map leaves out the {builder.omitted['places']:,} places "
            f"mentioned least ({builder.omitted['mentions']:,} mentions) to stay under 25 MB;"
            " geomap extract lists every place",
            err=True,
        )
    finish(tally, str(target), fallback, quiet)


def _default_map_path(first_input: str) -> Path:
    stem = "stdin" if first_input == "-" else Path(first_input).stem or "map"
    return Path("maps") / f"{stem}.html"


@app.command()
@geoparse_options
def extract(
    inputs: Inputs,
    *,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    out_arg: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            help="File to write, or DIR/ for part files and a manifest [default: standard output].",
        ),
    ] = None,
    options: GeoparseOptions,
) -> None:
    """Print the place mentions found in the INPUTS (JSONL, GeoJSON, CSV or GeoParquet).

    Documents are written as soon as they and those before them are done, in input
    order, whatever --jobs or --dask-scheduler runs them."""
    out = Path(out_arg) if out_arg is not None else None
    # "DIR/" (the slash is what says so) or an existing folder: part files.
    to_folder = out_arg is not None and (out_arg.endswith(("/", os.sep)) or Path(out_arg).is_dir())
    with errors_as_exit():
        if fmt is Format.parquet and not to_folder:
            if out is None:
                raise ConfigurationError("--format parquet writes a file: give -o FILE.parquet")
            parquet_schema()  # fails here, before any work, when pyarrow is missing
        fallback = options.fallback()

        def run(sink: Callable[[Any], object], **more: Any) -> Tally:
            # JSONL and CSV are written out by the workers; this process copies them.
            tally = Tally()
            encode = _ENCODERS.get(fmt)
            for done in geoparsed(inputs, options, fallback, tally, encode=encode, **more):
                sink(done)
            return tally

        def write_to(handle: IO[str]) -> Tally:
            if fmt is Format.geojson:
                writer = GeoJSONWriter(handle)
                tally = run(writer.write)
                writer.close()
                return tally
            if fmt is Format.csv:
                handle.write(csv_header())
            tally = run(lambda done: handle.write(done.text))
            handle.flush()
            return tally

        if out is None:
            tally = write_to(sys.stdout)
        elif to_folder:
            tally = _extract_to_folder(out, fmt, inputs, options, run)
        else:
            with atomic_path(out) as tmp:
                if fmt is Format.parquet:
                    parquet = ParquetWriter(tmp)
                    tally = run(parquet.write)
                    parquet.close()
                else:
                    with open(tmp, "w", encoding="utf-8", newline="") as handle:
                        tally = write_to(handle)
    finish(tally, str(out) if out else None, fallback, options.quiet)


def _extract_to_folder(
    out: Path,
    fmt: Format,
    inputs: list[str],
    options: GeoparseOptions,
    run: Callable[..., Tally],
) -> Tally:
    """``-o DIR/``: part files and ``_manifest.json``, the folder renamed into place at
    the end. Parquet parts are written on the Dask workers by Dask's Parquet writer."""
    if fmt is Format.geojson:
        raise ConfigurationError("-o DIR/ writes JSONL, CSV or Parquet parts, not GeoJSON")
    scheduler = options.dask_scheduler
    if fmt is Format.parquet and scheduler is None:
        raise ConfigurationError(
            "-o DIR/ with --format parquet needs --dask-scheduler; give -o FILE.parquet"
        )
    with atomic_directory(out) as folder:
        parts: list[dict[str, Any]] = []
        if fmt is Format.parquet:
            assert scheduler is not None

            def engine(sources: Iterator[Source]) -> Iterator[tuple[Outcome, int]]:
                return parquet_parts_on_dask(
                    sources,
                    scheduler=scheduler,
                    folder=str(folder.resolve()),
                    gazetteer=options.gazetteer_path,
                    parts=parts,
                    recogniser=options.spacy_recogniser(),
                )

            tally = run(lambda done: None, engine=engine)
        else:
            writer = PartsWriter(folder, fmt.value, csv_header() if fmt is Format.csv else "")
            tally = run(lambda done: writer.write(done.text, done.mentions))
            writer.close()
            parts = writer.parts
        write_manifest(
            folder,
            {
                "geomap": __version__,
                "format": fmt.value,
                "inputs": inputs,
                "documents": tally.documents,
                "mentions": tally.mentions,
                "failed": tally.failed,
                "parts": parts,
            },
        )
    return tally


#: The formats the workers write out themselves, a document at a time.
_ENCODERS: dict[Format, Encode] = {Format.jsonl: jsonl_line, Format.csv: csv_rows}


app.command()(evaluate)


cache_app = typer.Typer(help="Inspect or empty the online geocoder's cache.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


def _open_cache(path: Path | None) -> GeocodeCache:
    from .cache import GeocodeCache, default_cache_path

    return GeocodeCache(path or default_cache_path())


@cache_app.command("info")
def cache_info(cache: CachePath = None) -> None:
    """Show where the cache is and what it holds."""
    with errors_as_exit():
        db = _open_cache(cache)
        info = db.info()
        db.close()
    typer.echo(
        f"{info.path}: {info.entries} entries ({info.hits} places, {info.misses} misses), "
        f"{info.size_bytes / 1024:.0f} KiB"
    )


@cache_app.command("clear")
def cache_clear(cache: CachePath = None) -> None:
    """Delete every cached geocoder answer."""
    with errors_as_exit():
        db = _open_cache(cache)
        removed = db.clear()
        db.close()
    typer.echo(f"{db.path}: removed {removed} entries")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every error becomes one line on stderr and exit code 1."""
    try:
        # Without standalone mode typer returns a command's exit code instead of exiting.
        code = app(args=argv, standalone_mode=False, prog_name="geomap")
    except typer.Exit as err:
        code = err.exit_code
    except typer.Abort:
        typer.echo("geomap: error: aborted", err=True)
        return 1
    except BrokenPipeError:
        return 1
    except Exception as err:
        message = getattr(err, "format_message", None)
        if callable(message) and hasattr(err, "exit_code"):
            # A usage error from the command-line parser (typer ships its own click).
            text = str(message())
            if type(err).__name__ == "NoArgsIsHelpError":
                typer.echo(text, err=True)
            else:
                typer.echo(f"geomap: error: {text}", err=True)
            return 1
        logger.debug("internal error", exc_info=True)
        typer.echo(f"geomap: internal error: {type(err).__name__}: {err} (run with -v)", err=True)
        return 1
    if code == 130:  # typer's answer to Ctrl-C (128 + SIGINT)
        typer.echo("geomap: interrupted (an -o file is left as it was)", err=True)
    return code if isinstance(code, int) else 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
