"""What the analyst knows that the gazetteer does not: corrections and own places.

Two CSV files a team can keep beside its reports, review and share:

* **corrections** (``--corrections FILE``), header ``name,place,label,document``::

      name,place,label,document
      Paris,4717560,,
      Jordan,ignore,,
      Camp Speicher,"34.8599,43.5386",Camp Speicher,

  ``name`` matches as the gazetteer matches (case- and accent-blind); ``place`` is a
  GeoNames id the gazetteer has, ``"lat,lon"``, or ``ignore``; ``label`` (optional) is
  the name shown; ``document`` (optional) limits the row to documents whose id matches
  that shell glob. A corrected name is a mention wherever the text writes it, and it
  resolves to that place with the reason ``correction``; an ``ignore`` row removes the
  mention.
* **own places** (``--places FILE``), header ``name,lat,lon`` and optionally ``kind,
  country,admin1,population,aliases`` (aliases separated by ``|``): rows that join the
  gazetteer for the run (``Gazetteer.with_places``), recognised and resolved by the same
  rules as its own.

Every bad row (a GeoNames id the gazetteer lacks, a bad coordinate, an unknown column,
a duplicate row) is an ``InputError`` naming the file and line, raised when the file is
loaded, before any work starts.
"""

from __future__ import annotations

import csv
import io
import math
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from pathlib import Path

from .errors import InputError
from .gazetteer import Gazetteer
from .models import Candidate, Mention, Place, PlaceKind, Reason
from .names import name_key

__all__ = [
    "CORRECTION_SOURCE",
    "Correction",
    "Corrections",
    "correction_line",
    "load_corrections",
    "load_places",
]

CORRECTION_SOURCE = "correction"
_COLUMNS = ("name", "place", "label", "document")
_PLACE_COLUMNS = ("name", "lat", "lon", "kind", "country", "admin1", "population", "aliases")
_KINDS: frozenset[str] = frozenset({"country", "admin1", "city", "continent", "water", "other"})
_ID_BASE = -30_000_000_000  # ids of corrected points and own places
_MAX_WORDS = 8  # a corrected name is at most this many words


def correction_line(name: str, place: str, label: str = "", document: str = "") -> str:
    """One row of a corrections file, CSV-quoted: what a map's popup offers to paste.

    >>> correction_line("Paris", "4717560")
    'Paris,4717560,,'
    >>> correction_line("Camp Speicher", "34.8599,43.5386", "Camp Speicher")
    'Camp Speicher,"34.8599,43.5386",Camp Speicher,'
    """
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([name, place, label, document])
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class Correction:
    """One row of a corrections file: ``place`` ``None`` means ignore the name."""

    name: str
    key: str
    place: Candidate | None
    document: str | None
    line: int
    source: str


class Corrections:
    """A corrections file's rows, applied to one document at a time."""

    def __init__(self, rows: Sequence[Correction]) -> None:
        self.rows = tuple(rows)
        self._global = {r.key: r for r in self.rows if r.document is None}
        self._firsts = {r.key.split(" ", 1)[0] for r in self.rows}

    def __bool__(self) -> bool:
        return bool(self.rows)

    def for_document(self, doc_id: str) -> dict[str, Correction]:
        """The rows that hold for ``doc_id``: by name key (a document row beats a row
        for every document)."""
        out = dict(self._global)
        for row in self.rows:
            if row.document is not None and fnmatchcase(doc_id, row.document):
                out[row.key] = row
        return out

    def mentions(
        self,
        text: str,
        mentions: Sequence[Mention],
        doc_id: str,
        sentences: Sequence[tuple[int, int]],
    ) -> list[Mention]:
        """``mentions`` with every corrected name the text writes added (it replaces the
        mentions it overlaps) and every ignored name taken out."""
        rows = self.for_document(doc_id)
        if not rows:
            return list(mentions)
        found = list(self._written(text, rows, sentences))
        kept = [m for m in mentions if not any(f.start < m.end and m.start < f.end for f in found)]
        out = sorted([*kept, *found], key=lambda m: (m.start, m.end))
        return [m for m in out if (row := _row(rows, m)) is None or row.place is not None]

    def places(self, places: Sequence[Place], doc_id: str) -> list[Place]:
        """``places`` with every corrected mention at its corrected place."""
        rows = self.for_document(doc_id)
        out = []
        for p in places:
            row = _row(rows, p.mention) if rows else None
            if row is None or row.place is None:
                out.append(p)
                continue
            reason = Reason(CORRECTION_SOURCE, 0.0, f"{row.source}, line {row.line}")
            out.append(Place(p.mention, row.place, 1.0, (), (reason,)))
        return out

    def _written(
        self, text: str, rows: dict[str, Correction], sentences: Sequence[tuple[int, int]]
    ) -> Iterator[Mention]:
        """Every span of whole words whose key is a corrected name, longest first."""
        from .recognise.text import tokens  # the recogniser's words, offsets and all

        for s_start, s_end in sentences:
            words = tokens(text, s_start, s_end)
            i = 0
            while i < len(words):
                span = None
                if name_key(words[i].text).split(" ", 1)[0] in self._firsts:
                    for j in range(min(len(words), i + _MAX_WORDS), i, -1):
                        key = name_key(text[words[i].start : words[j - 1].end])
                        if key in rows:
                            span = j
                            break
                if span is None:
                    i += 1
                    continue
                start, end = words[i].start, words[span - 1].end
                surface = text[start:end]
                yield Mention(surface, start, end, surface, "name", s_start, s_end)
                i = span


def _row(rows: dict[str, Correction], mention: Mention) -> Correction | None:
    return rows.get(name_key(mention.surface)) or rows.get(name_key(mention.query))


# -- loading -------------------------------------------------------------------------
def _csv_rows(
    path: Path, required: Sequence[str], allowed: Sequence[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, row)`` of a CSV file whose header has ``required`` and only ``allowed``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read: {err}") from err
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{path}: empty file, expected a header {','.join(required)}") from None
    except csv.Error as err:
        raise InputError(f"{path}:1: {err}") from err
    unknown = [h for h in header if h not in allowed]
    if unknown:
        raise InputError(f"{path}:1: unknown column {unknown[0]!r} (columns: {', '.join(allowed)})")
    missing = [h for h in required if h not in header]
    if missing or len(set(header)) != len(header):
        raise InputError(f"{path}:1: the header must name {', '.join(required)} once each")
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise InputError(
                    f"{path}:{reader.line_num}: {len(cells)} cells, the header has {len(header)}"
                )
            yield (
                reader.line_num,
                {h: (cells[k].strip() if k < len(cells) else "") for k, h in enumerate(header)},
            )
    except csv.Error as err:
        raise InputError(f"{path}:{reader.line_num}: {err}") from err


def load_corrections(path: Path | str, gazetteer: Gazetteer) -> Corrections:
    """Read a corrections file; every bad row is an ``InputError`` naming file and line."""
    path = Path(path)
    rows: list[Correction] = []
    seen: dict[tuple[str, str | None], int] = {}
    for line, row in _csv_rows(path, ("name", "place"), _COLUMNS):
        where = f"{path}:{line}"
        name, place = row["name"], row["place"]
        key = name_key(name)
        if not key:
            raise InputError(f"{where}: the name is empty")
        if len(key.split(" ")) > _MAX_WORDS:
            raise InputError(f"{where}: a name of more than {_MAX_WORDS} words")
        document = row.get("document") or None
        if (key, document) in seen:
            raise InputError(
                f"{where}: {name!r} is corrected already on line {seen[key, document]}"
            )
        seen[key, document] = line
        label = row.get("label") or None
        candidate = (
            None if place.lower() == "ignore" else _place(where, name, place, label, gazetteer)
        )
        rows.append(Correction(name, key, candidate, document, line, path.name))
    return Corrections(rows)


def _place(where: str, name: str, place: str, label: str | None, gazetteer: Gazetteer) -> Candidate:
    """The place a corrections row names: a GeoNames id or a point."""
    if place.isdigit():
        found = gazetteer.by_any_geonameid(int(place))
        if found is None:
            raise InputError(f"{where}: GeoNames id {place} is not in the gazetteer")
        return replace(found, name=label or found.name, source=CORRECTION_SOURCE)
    lat, lon = _point(where, place)
    return Candidate(
        id=_ID_BASE - zlib.crc32(f"{lat:.6f},{lon:.6f}".encode()),
        name=label or name,
        lat=lat,
        lon=lon,
        kind="other",
        source=CORRECTION_SOURCE,
        display_name=f"{lat:.5f}, {lon:.5f}",
    )


def _point(where: str, text: str) -> tuple[float, float]:
    parts = text.split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise InputError(
            f'{where}: place {text!r} is neither a GeoNames id, "lat,lon" nor ignore'
        ) from None
    if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
        raise InputError(f"{where}: no such point: {text!r}")
    return lat, lon


def load_places(path: Path | str, gazetteer: Gazetteer) -> list[tuple[Candidate, tuple[str, ...]]]:
    """Read an own-places file: each row's place and the names it goes by."""
    path = Path(path)
    out: list[tuple[Candidate, tuple[str, ...]]] = []
    seen: dict[tuple[str, float, float], int] = {}
    for line, row in _csv_rows(path, ("name", "lat", "lon"), _PLACE_COLUMNS):
        where = f"{path}:{line}"
        name = row["name"]
        if not name_key(name):
            raise InputError(f"{where}: the name is empty")
        lat, lon = _point(where, f"{row['lat']},{row['lon']}")
        if (name_key(name), lat, lon) in seen:
            raise InputError(
                f"{where}: {name!r} is listed already on line {seen[name_key(name), lat, lon]}"
            )
        seen[name_key(name), lat, lon] = line
        kind = (row.get("kind") or "other").lower()
        place_kind: PlaceKind = kind if kind in _KINDS else "other"  # type: ignore[assignment]
        country = (row.get("country") or "").upper() or None
        if country is not None and gazetteer.country(country) is None:
            raise InputError(f"{where}: no country with the ISO code {country!r}")
        population = row.get("population") or "0"
        if not population.isdigit():
            raise InputError(f"{where}: population {population!r} is not a whole number")
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        candidate = Candidate(
            id=_ID_BASE - zlib.crc32(f"{name_key(name)}|{lat:.6f},{lon:.6f}".encode()),
            name=name,
            lat=lat,
            lon=lon,
            kind=place_kind,
            country=country,
            admin1=row.get("admin1") or None,
            country_name=gazetteer.country(country).name if country else None,  # type: ignore[union-attr]
            population=int(population),
            feature=kind,
            source=f"places:{path.name}",
        )
        out.append((candidate, (name, *aliases)))
    return out
