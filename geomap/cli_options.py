"""The command line's shared arguments and options, each declared once.

``GeoparseOptions`` holds the options of every command that geoparses inputs (the online
fallback, the gazetteer, the workers, ``--quiet``): each field's type is its typer
declaration and its default the option's default. ``@geoparse_options`` puts them into
a command's signature where it has an ``options: GeoparseOptions`` parameter, and calls
the command with them gathered into one ``GeoparseOptions``::

    @app.command()
    @geoparse_options
    def extract(inputs: Inputs, *, options: GeoparseOptions, ...) -> None: ...

so ``geomap render --help`` and ``geomap extract --help`` list the same options with
the same help texts, and a new one is added in one place.
"""

from __future__ import annotations

import functools
import inspect
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_type_hints

import typer

from ._version import __version__
from .errors import ConfigurationError

if TYPE_CHECKING:
    from .geocoder import OnlineGeocoder

__all__ = [
    "CachePath",
    "DEFAULT_USER_AGENT",
    "GazetteerDir",
    "GeoparseOptions",
    "Inputs",
    "RecogniserOption",
    "checked_recogniser",
    "geoparse_options",
]

logger = logging.getLogger("geomap")

DEFAULT_USER_AGENT = f"geomap/{__version__}"

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
        help="Never open a network connection: names the gazetteer lacks stay unresolved.",
    ),
]
GazetteerDir = Annotated[
    Path | None,
    typer.Option(
        "--gazetteer",
        envvar="GEOMAP_GAZETTEER",
        help="Folder with gazetteer tables to use instead of the bundled one.",
        show_default=False,
    ),
]
Geocoder = Annotated[
    str,
    typer.Option(
        "--geocoder",
        help="Online geocoder for names the gazetteer lacks: any service name geopy knows.",
    ),
]
GeocoderUrl = Annotated[
    str | None,
    typer.Option(
        "--geocoder-url",
        envvar="GEOMAP_GEOCODER_URL",
        help="Use this server (scheme://host:port), e.g. a self-hosted Nominatim.",
        show_default=False,
    ),
]
UserAgent = Annotated[
    str,
    typer.Option("--user-agent", envvar="GEOMAP_USER_AGENT", help="User agent sent online."),
]
MaxLookups = Annotated[
    int, typer.Option("--max-lookups", min=0, help="At most this many names looked up per run.")
]
GeocoderTimeout = Annotated[
    float,
    typer.Option("--geocoder-timeout", min=0.1, help="Seconds to wait for one answer."),
]
GeocoderDelay = Annotated[
    float,
    typer.Option(
        "--geocoder-delay", min=0.0, help="Seconds between requests (public Nominatim: >= 1)."
    ),
]
CachePath = Annotated[
    Path | None,
    typer.Option(
        "--cache",
        envvar="GEOMAP_CACHE",
        help="Geocoder cache file [default: the user cache directory].",
        show_default=False,
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        envvar="GEOMAP_JOBS",
        help="Worker processes; 0 = every core [default: every core for inputs over "
        "512 KiB, else 1].",
        show_default=False,
    ),
]
DaskScheduler = Annotated[
    str | None,
    typer.Option(
        "--dask-scheduler",
        envvar="GEOMAP_DASK_SCHEDULER",
        help="Run on the Dask cluster whose scheduler is at this address "
        "(tcp://host:8786); needs pip install 'geomap[dask]'.",
        show_default=False,
    ),
]
GivenSpans = Annotated[
    bool,
    typer.Option(
        "--given-spans",
        help='Resolve the spans each JSONL record gives in "spans" ([{"start": s, "end": e}] '
        "or [[s, e]], code point offsets) instead of recognising places; bad spans are "
        "skipped with a warning.",
    ),
]
SpansField = Annotated[
    str | None,
    typer.Option(
        "--spans-field",
        help='Read the given spans from this field of each record instead of "spans" '
        "(e.g. toponyms, to resolve a gold file's spans); implies --given-spans.",
        show_default=False,
    ),
]
RecogniserOption = Annotated[
    str,
    typer.Option(
        "--recogniser",
        help="builtin, or spacy:MODEL: the place entities (GPE, LOC, FAC; NORP as demonyms) "
        "of an installed spaCy pipeline, a package name or folder, as the spans to resolve "
        "(pip install 'geomap[spacy]').",
    ),
]
Quiet = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No progress bar and no summary line (errors still show)."),
]


@dataclass(frozen=True, slots=True)
class GeoparseOptions:
    """The options of every command that geoparses inputs (see the module docstring)."""

    offline: Offline = False
    geocoder: Geocoder = "nominatim"
    geocoder_url: GeocoderUrl = None
    user_agent: UserAgent = DEFAULT_USER_AGENT
    max_lookups: MaxLookups = 100
    geocoder_timeout: GeocoderTimeout = 10.0
    geocoder_delay: GeocoderDelay = 1.0
    cache: CachePath = None
    gazetteer: GazetteerDir = None
    jobs: Jobs = None
    dask_scheduler: DaskScheduler = None
    given_spans: GivenSpans = False
    spans_field: SpansField = None
    recogniser: RecogniserOption = "builtin"
    quiet: Quiet = False

    @property
    def given_spans_field(self) -> str | None:
        """The record field to read given spans from; ``None``: recognise places."""
        if self.spans_field is not None:
            return self.spans_field
        return "spans" if self.given_spans else None

    def spacy_recogniser(self) -> str | None:
        """``--recogniser`` as the engine takes it: ``None`` for the built-in one, else
        ``spacy:MODEL``. ``ConfigurationError`` for a bad value or for given spans too."""
        return checked_recogniser(self.recogniser, self.given_spans_field is not None)

    @property
    def gazetteer_path(self) -> str | None:
        """``--gazetteer`` as the engine's workers take it."""
        return str(self.gazetteer) if self.gazetteer is not None else None

    def fallback(self) -> OnlineGeocoder | None:
        """The online fallback the options ask for; ``None`` (no network at all) when
        offline. A cache that cannot be opened is a warning: the run goes on without."""
        if self.offline:
            return None
        from .cache import GeocodeCache, default_cache_path
        from .geocoder import OnlineGeocoder

        path = self.cache or default_cache_path()
        try:
            cache: GeocodeCache | None = GeocodeCache(path)
        except (OSError, sqlite3.Error) as err:
            logger.warning("geocoder cache %s unavailable (%s); continuing without it", path, err)
            cache = None
        public_nominatim = self.geocoder == "nominatim" and not self.geocoder_url
        return OnlineGeocoder(
            self.geocoder,
            url=self.geocoder_url,
            user_agent=self.user_agent,
            timeout=self.geocoder_timeout,
            max_lookups=self.max_lookups,
            min_delay=max(self.geocoder_delay, 1.0) if public_nominatim else self.geocoder_delay,
            cache=cache,
        )


def checked_recogniser(value: str, given_spans: bool) -> str | None:
    """``--recogniser VALUE``: ``None`` for builtin, else ``spacy:MODEL``."""
    from .recognisers import parse_recogniser

    model = parse_recogniser(value)
    if model is None:
        return None
    if given_spans:
        raise ConfigurationError("give --given-spans or --recogniser, not both")
    return value


def geoparse_options(command: Callable[..., None]) -> Callable[..., None]:
    """``command`` with the ``GeoparseOptions`` fields as its options, in place of its
    keyword-only ``options: GeoparseOptions`` parameter, which receives them."""
    signature = inspect.signature(command, eval_str=True)
    placeholder = signature.parameters.get("options")
    if placeholder is None or placeholder.kind is not inspect.Parameter.KEYWORD_ONLY:
        raise TypeError(f"{command.__name__} needs a keyword-only options parameter")
    hints = get_type_hints(GeoparseOptions, include_extras=True)
    names = [f.name for f in fields(GeoparseOptions)]
    clash = set(names) & set(signature.parameters)
    if clash:
        raise TypeError(f"{command.__name__} declares {sorted(clash)} itself")
    shared = [
        inspect.Parameter(
            f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=hints[f.name]
        )
        for f in fields(GeoparseOptions)
    ]
    params: list[inspect.Parameter] = []
    for param in signature.parameters.values():
        params.extend(shared if param is placeholder else [param])

    @functools.wraps(command)
    def with_options(*args: Any, **kwargs: Any) -> None:
        options = GeoparseOptions(**{name: kwargs.pop(name) for name in names})
        command(*args, options=options, **kwargs)

    with_options.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    return with_options
