"""The ``geomap`` command line: options, logging, calling the pipeline, writing files.

Commands: ``geomap render`` (HTML map) and ``geomap extract`` (JSONL/GeoJSON/CSV).
Errors the user must fix print one line on stderr and exit 1; no tracebacks.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer

from . import __version__
from .errors import ConfigurationError, GeomapError
from .gazetteer import load_gazetteer
from .inputs import check_readable, read_documents
from .models import Document
from .outputs import atomic_write, csv_header, csv_rows, geojson_collection, jsonl_line
from .pipeline import geoparse_many

__all__ = ["app", "main"]

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


Inputs = Annotated[
    list[str],
    typer.Argument(
        help='Text files, \'-\' for standard input, or .jsonl corpora with "id" and "text".',
        show_default=False,
    ),
]
Offline = Annotated[
    bool,
    typer.Option(
        "--offline",
        envvar="GEOMAP_OFFLINE",
        help="Never open a network connection (names the gazetteer lacks stay unresolved).",
    ),
]


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
        stream=sys.stderr,
        force=True,
    )


GazetteerDir = Annotated[
    Path | None,
    typer.Option(
        "--gazetteer",
        envvar="GEOMAP_GAZETTEER",
        help="Folder with gazetteer tables to use instead of the bundled one.",
        show_default=False,
    ),
]


@contextmanager
def _errors_as_exit() -> Iterator[None]:
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


def _parse(inputs: list[str], offline: bool, gazetteer_dir: Path | None) -> list[Document]:
    check_readable(inputs)
    gazetteer = load_gazetteer(gazetteer_dir)
    # The online fallback plugs in here (``fallback=``); until it exists every run is
    # offline, and --offline guarantees it stays so.
    del offline
    return list(geoparse_many(read_documents(inputs), gazetteer=gazetteer, fallback=None))


def _summary(docs: list[Document], target: str | None) -> str:
    mentions = sum(len(d.places) for d in docs)
    places = {p.candidate.id for d in docs for p in d.places if p.candidate is not None}
    unresolved = sum(1 for d in docs for p in d.places if p.candidate is None)
    line = (
        f"geomap: {len(docs)} document{'s' * (len(docs) != 1)}, {mentions} mentions, "
        f"{len(places)} places, {unresolved} unresolved"
    )
    return line + (f" -> {target}" if target else "")


@app.command()
def render(
    inputs: Inputs,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="HTML file to write [default: maps/<input stem>.html]."),
    ] = None,
    offline: Offline = False,
    tiles: Annotated[
        str, typer.Option(help="Tile layer name folium knows, or 'none'.")
    ] = "OpenStreetMap",
    gazetteer: GazetteerDir = None,
) -> None:
    """Draw the places the INPUTS mention on an HTML map (one layer per document)."""
    from .render import render_map

    with _errors_as_exit():
        docs = _parse(inputs, offline, gazetteer)
        target = out if out is not None else _default_map_path(inputs[0])
        if target.is_dir():
            raise GeomapError(f"{target}: is a directory")
        try:
            fmap = render_map(docs, tiles=None if tiles.lower() == "none" else tiles)
        except ValueError as err:
            raise ConfigurationError(f"--tiles {tiles!r}: {err}") from err
        html = fmap.get_root().render()
        atomic_write(target, lambda handle: _write_text(handle, html))
    if not any(d.places for d in docs):
        typer.echo("geomap: note: no places found; the map is empty", err=True)
    typer.echo(_summary(docs, str(target)), err=True)


def _write_text(handle: IO[str], text: str) -> None:
    handle.write(text)


def _default_map_path(first_input: str) -> Path:
    stem = "stdin" if first_input == "-" else Path(first_input).stem or "map"
    return Path("maps") / f"{stem}.html"


@app.command()
def extract(
    inputs: Inputs,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write [default: standard output].")
    ] = None,
    offline: Offline = False,
    gazetteer: GazetteerDir = None,
) -> None:
    """Print the place mentions found in the INPUTS (JSONL, GeoJSON or CSV)."""
    with _errors_as_exit():
        docs = _parse(inputs, offline, gazetteer)

    def write(handle: IO[str]) -> None:
        if fmt is Format.geojson:
            json.dump(geojson_collection(docs), handle, ensure_ascii=False)
            handle.write("\n")
        elif fmt is Format.csv:
            handle.write(csv_header())
            for doc in docs:
                handle.write(csv_rows(doc))
        else:
            for doc in docs:
                handle.write(jsonl_line(doc))

    with _errors_as_exit():
        if out is None:
            write(sys.stdout)
            sys.stdout.flush()
        else:
            atomic_write(out, write)
    typer.echo(_summary(docs, str(out) if out else None), err=True)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every error becomes one line on stderr and exit code 1."""
    try:
        # Without standalone mode typer returns a command's exit code instead of exiting.
        code = app(args=argv, standalone_mode=False, prog_name="geomap")
    except typer.Exit as err:
        return err.exit_code
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
    return code if isinstance(code, int) else 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
