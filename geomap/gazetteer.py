"""The bundled gazetteer: name -> ``Candidate`` entries, loaded from compact tables.

Input: the tables built by ``gazetteer/build.py`` (shipped in the wheel as
``geomap/_gazetteer/``). Output: a ``Gazetteer`` that answers "which places are
called X?" by name key (see ``geomap.names``), demonym lookups ("Iraqi" -> Iraq) and
code lookups (country, admin-1).

Loading is kept cheap: the name index stays as ``{key: "row,row~,..."}`` strings and
a place row is parsed only the first time a lookup needs it.
"""

from __future__ import annotations

import copy
import gzip
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import GazetteerError
from .models import Candidate, PlaceKind
from .names import article_stripped, name_key

__all__ = ["Gazetteer", "data_dir", "load_gazetteer"]

logger = logging.getLogger(__name__)

_PLACES = "places.tsv.gz"
_NAMES = "names.tsv.gz"
_DEMONYMS = "demonyms.tsv"
_SHAPES = "shapes.tsv.gz"
_GIVEN_NAMES = "given_names.txt"
_FIND_CACHE_SIZE = 200_000
_KINDS: frozenset[str] = frozenset({"country", "admin1", "city", "continent", "water", "other"})


def data_dir() -> Path:
    """Where the tables are: inside the installed package, else the repo's ``gazetteer/``."""
    packaged = resources.files("geomap") / "_gazetteer"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "gazetteer"


class Gazetteer:
    """Place entries indexed by name key.

    >>> gaz = load_gazetteer()
    >>> [c.country for c in gaz.find("Mosul")][:1]
    ['IQ']
    """

    def __init__(
        self,
        place_rows: list[str],
        names: Mapping[str, str],
        demonyms: dict[str, int],
        *,
        shapes_path: Path | None = None,
        given_names: frozenset[str] = frozenset(),
    ) -> None:
        self._rows = place_rows
        self._names = names
        self._parsed: dict[int, Candidate] = {}
        self._parsed_alt: dict[int, Candidate] = {}
        self._found: dict[str, tuple[Candidate, ...]] = {}
        self._by_geonameid: dict[int, int] = {}
        self._countries: dict[str, int] = {}
        self._admin1: dict[str, int] = {}
        self._shapes_path = shapes_path
        self._given_names = given_names
        #: Places a run adds (``with_places``), by name key.
        self._extra: dict[str, tuple[Candidate, ...]] = {}
        self._all_ids: dict[int, int] | None = None  # every row by GeoNames id, on demand
        # Non-city rows come first and are few: index them now for code lookups.
        for index, row in enumerate(place_rows):
            fields = row.split("\t")
            if len(fields) != 9:
                raise GazetteerError(f"malformed gazetteer row {index}: {row[:80]!r}")
            kind = fields[2]
            if kind == "city":
                break
            gid = int(fields[0])
            self._by_geonameid[gid] = index
            if kind == "country":
                self._countries[fields[6]] = index
            elif kind == "admin1":
                self._admin1[fields[7]] = index
        self._demonyms = {
            word: self._by_geonameid[gid]
            for word, gid in demonyms.items()
            if gid in self._by_geonameid
        }

    def __len__(self) -> int:
        return len(self._rows)

    # -- rows -> candidates ------------------------------------------------------------
    def _candidate(self, index: int, *, main_name: bool = True) -> Candidate:
        parsed = self._parsed if main_name else self._parsed_alt
        cached = parsed.get(index)
        if cached is None:
            cached = parsed[index] = self._parse(index, main_name)
        return cached

    def _parse(self, index: int, main_name: bool = True) -> Candidate:
        gid_s, name, kind, feature, lat, lon, country, admin1, population = self._rows[index].split(
            "\t"
        )
        if kind not in _KINDS:
            raise GazetteerError(f"unknown kind {kind!r} in gazetteer row {index}")
        gid = int(gid_s)
        country_name = None
        if country and kind != "country":
            row = self._countries.get(country)
            country_name = self._rows[row].split("\t", 2)[1] if row is not None else None
        elif kind == "country":
            country_name = name
        admin1_name = None
        if admin1:
            row = self._admin1.get(admin1)
            admin1_name = self._rows[row].split("\t", 2)[1] if row is not None else None
        place_kind: PlaceKind = kind  # type: ignore[assignment]
        return Candidate(
            id=gid,
            name=name,
            lat=float(lat),
            lon=float(lon),
            kind=place_kind,
            country=country or None,
            admin1=admin1_name,
            country_name=country_name,
            population=int(population or 0),
            geonameid=gid if gid > 0 else None,
            feature=feature,
            main_name=main_name,
        )

    def _refs(self, key: str) -> list[Candidate]:
        refs = self._names.get(key)
        if not refs:
            return []
        out = []
        for ref in refs.split(","):
            alt = ref.endswith("~")
            out.append(self._candidate(int(ref.rstrip("~")), main_name=not alt))
        return out

    # -- public lookups -------------------------------------------------------------------
    def find(self, name: str) -> list[Candidate]:
        """Every entry called ``name`` (any spelling variant), main-name matches first."""
        return self.find_key(name_key(name))

    def find_key(self, key: str) -> list[Candidate]:
        """Like ``find`` for a key already folded with ``name_key``."""
        cached = self._found.get(key)
        if cached is None:
            found = [*self._extra.get(key, ()), *self._refs(key)]
            stripped = article_stripped(key)
            if stripped is not None:
                seen = {c.id for c in found}
                found += [c for c in self._refs(stripped) if c.id not in seen]
            if len(self._found) > _FIND_CACHE_SIZE:
                self._found.clear()
            cached = self._found[key] = tuple(found)
        return list(cached)

    def kinds_key(self, key: str) -> list[tuple[str, int]]:
        """``(kind, population)`` of each entry ``find_key(key)`` gives, read from the
        rows without making candidates (cheaper when only these two are asked)."""
        cached = self._found.get(key)
        if cached is not None:
            return [(c.kind, c.population) for c in cached]
        out = []
        stripped = article_stripped(key)
        for refs in (self._names.get(key), None if stripped is None else self._names.get(stripped)):
            for ref in refs.split(",") if refs else ():
                fields = self._rows[int(ref.rstrip("~"))].split("\t")
                out.append((fields[2], int(fields[8] or 0)))
        return out

    def has_key(self, key: str) -> bool:
        """True when some entry is called ``key`` (already folded)."""
        if key in self._names or key in self._extra:
            return True
        stripped = article_stripped(key)
        return stripped is not None and stripped in self._names

    def is_given_name(self, word: str) -> bool:
        """True for a common English given name ("Mary", "Paul"), as written."""
        return word in self._given_names

    def demonym(self, word: str) -> Candidate | None:
        """The country or region a demonym ("Iraqi", "Iraqis") refers to, if known."""
        index = self._demonyms.get(word)
        if index is None and word.endswith("s"):
            index = self._demonyms.get(word[:-1])
        return None if index is None else self._candidate(index)

    def country(self, code: str) -> Candidate | None:
        """The country with ISO 3166-1 alpha-2 ``code``."""
        index = self._countries.get(code.upper())
        return None if index is None else self._candidate(index)

    def country_ids(self) -> list[int]:
        """GeoNames ids of every country."""
        return [int(self._rows[i].split("\t", 1)[0]) for i in self._countries.values()]

    def with_places(self, places: Iterable[tuple[Candidate, Iterable[str]]]) -> Gazetteer:
        """This gazetteer and ``places`` (each a candidate and the names it goes by, its
        own first): a new gazetteer for one run; this one is unchanged."""
        extra: dict[str, list[Candidate]] = {k: list(v) for k, v in self._extra.items()}
        for candidate, names in places:
            for n, name in enumerate(names):
                entry = candidate if n == 0 else replace(candidate, main_name=False)
                extra.setdefault(name_key(name), []).append(entry)
        other = copy.copy(self)
        other._extra = {k: tuple(v) for k, v in extra.items()}
        other._found = {}
        return other

    def by_any_geonameid(self, geonameid: int) -> Candidate | None:
        """Any entry, towns included, by GeoNames id (the index is built on first use)."""
        if self._all_ids is None:
            self._all_ids = {int(row.split("\t", 1)[0]): i for i, row in enumerate(self._rows)}
        index = self._all_ids.get(geonameid)
        return None if index is None or geonameid <= 0 else self._candidate(index)

    def by_geonameid(self, geonameid: int) -> Candidate | None:
        """A country, admin-1 region or continent by GeoNames id (cities are not indexed)."""
        index = self._by_geonameid.get(geonameid)
        return None if index is None else self._candidate(index)

    def shapes(self, ids: Iterable[int]) -> dict[int, str]:
        """GeoJSON geometry strings for the given ids, read on demand from the shapes table."""
        wanted = {str(i) for i in ids}
        if not wanted or self._shapes_path is None or not self._shapes_path.exists():
            return {}
        out: dict[int, str] = {}
        with gzip.open(self._shapes_path, "rt", encoding="utf-8") as handle:
            next(handle, None)
            for line in handle:
                gid, _, geometry = line.partition("\t")
                if gid in wanted:
                    out[int(gid)] = geometry.rstrip("\n")
        return out


def _read_text(path: Path) -> str:
    """The table's rows as one string, header dropped."""
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as handle:
                data = handle.read()
        else:
            data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as err:
        raise GazetteerError(f"cannot read gazetteer table {str(path)!r}: {err}") from err
    header_end = text.find("\n")
    if header_end < 0:
        raise GazetteerError(f"gazetteer table {str(path)!r} is empty")
    return text[header_end + 1 :].rstrip("\n")


def _read_lines(path: Path) -> list[str]:
    text = _read_text(path)
    return text.split("\n") if text else []


def _pairs(text: str, source: str) -> dict[str, str]:
    """Rows of "key\tvalue" as a dict, built with one split and a zip (for many rows a
    split per line costs several times as much)."""
    if not text:
        return {}
    cells = text.replace("\n", "\t").split("\t")
    if len(cells) % 2 or text.count("\n") + 1 != len(cells) // 2:
        raise GazetteerError(f"malformed two-column table {source!r}")
    return dict(zip(cells[0::2], cells[1::2], strict=True))


class _NameIndex(Mapping[str, str]):
    """The sorted name table, parsed one first-character bucket at a time.

    Building one dict of all ~400,000 keys costs about half of a cold start; a short
    document only ever touches a few buckets, and a corpus pays for each bucket once.
    """

    def __init__(self, text: str, source: str) -> None:
        self._text = text
        self._source = source
        self._spans = self._bucket_spans(text, source)
        self._buckets: dict[str, dict[str, str]] = {}

    @staticmethod
    def _bucket_spans(text: str, source: str) -> dict[str, tuple[int, int]]:
        spans: dict[str, tuple[int, int]] = {}
        start = 0
        while start < len(text):
            first = text[start]
            # The rows are sorted, so rows with the same first character are contiguous.
            nxt = re.compile("\n(?!" + re.escape(first) + ")").search(text, start)
            end = nxt.start() if nxt else len(text)
            if first in spans:
                raise GazetteerError(f"name table {source!r} is not sorted")
            spans[first] = (start, end)
            start = end + 1
        return spans

    def _bucket(self, first: str) -> dict[str, str]:
        bucket = self._buckets.get(first)
        if bucket is None:
            span = self._spans.get(first)
            bucket = _pairs(self._text[span[0] : span[1]], self._source) if span else {}
            self._buckets[first] = bucket
        return bucket

    def __getitem__(self, key: str) -> str:
        return self._bucket(key[:1])[key]

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return self._bucket(key[:1]).get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._bucket(key[:1])

    def __iter__(self) -> Iterator[str]:
        for first in self._spans:
            yield from self._bucket(first)

    def __len__(self) -> int:
        return sum(len(self._bucket(first)) for first in self._spans)


def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """Load the gazetteer from ``path`` (a folder with the tables), default the bundled one.

    Loads are cached per folder, so repeated calls are free.
    """
    folder = Path(path) if path is not None else data_dir()
    return _load(folder.resolve())


@lru_cache(maxsize=4)
def _load(folder: Path) -> Gazetteer:
    places = _read_lines(folder / _PLACES)
    names = _NameIndex(_read_text(folder / _NAMES), str(folder / _NAMES))
    demonyms: dict[str, int] = {}
    demonym_path = folder / _DEMONYMS
    if demonym_path.exists():
        for line in _read_lines(demonym_path):
            word, _, gid = line.partition("\t")
            if gid.strip().lstrip("-").isdigit():
                demonyms[word] = int(gid)
    given_path = folder / _GIVEN_NAMES
    given = frozenset(_read_lines(given_path)) if given_path.exists() else frozenset()
    logger.debug("gazetteer: %d places from %s", len(places), folder)
    return Gazetteer(places, names, demonyms, shapes_path=folder / _SHAPES, given_names=given)
