"""Writing results: JSONL, GeoJSON, CSV and GeoParquet, streamed, and atomic file writes.

Input: ``Document`` objects, one at a time. Output: the chosen format. JSONL and CSV
are one text per document (``jsonl_line``, ``csv_rows``, which the workers call), out
at once. GeoJSON (grouped by place) and Parquet (row groups) have writers that take
documents as they come (``write``) and finish with ``close``, keeping what they hold in
a temporary SQLite file or in bounded buffers, never the whole corpus in memory. Files
are written to a temporary sibling and renamed into place, so a failure never leaves
half a file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import struct
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .models import Candidate, Document, Place
from .reasons import reason_records, reasons_text

__all__ = [
    "GeoJSONWriter",
    "ParquetWriter",
    "PartsWriter",
    "atomic_directory",
    "atomic_path",
    "csv_header",
    "csv_rows",
    "geojson_collection",
    "jsonl_line",
    "mention_record",
]

CSV_FIELDS = (
    "id",
    "start",
    "end",
    "text",
    "name",
    "lat",
    "lon",
    "geonameid",
    "country",
    "admin1",
    "kind",
    "score",
    "source",
    "sentence",
    "reasons",
)


def _candidate_record(c: Candidate) -> dict[str, Any]:
    return {
        "name": c.name,
        "lat": c.lat,
        "lon": c.lon,
        "geonameid": c.geonameid,
        "country": c.country,
        "admin1": c.admin1,
        "kind": c.kind,
    }


def _place_fields(place: Place) -> dict[str, Any]:
    """What a mention resolved to: the fields every output format shares, in order."""
    c = place.candidate
    return {
        "name": c.name if c else None,
        "lat": c.lat if c else None,
        "lon": c.lon if c else None,
        "geonameid": c.geonameid if c else None,
        "country": c.country if c else None,
        "admin1": c.admin1 if c else None,
        "kind": place.kind,
        "score": place.score,
        "source": c.source if c else None,
    }


def mention_record(place: Place) -> dict[str, Any]:
    """One mention as the JSON object ``geomap extract`` writes."""
    m, c = place.mention, place.candidate
    return {
        "start": m.start,
        "end": m.end,
        "text": m.surface,
        **_place_fields(place),
        "display_name": c.display_name if c else None,
        "geocoder_id": c.external_id if c else None,
        "alternatives": [_candidate_record(a) for a in place.alternatives],
        "reasons": reason_records(place.reasons),
    }


def jsonl_line(doc: Document) -> str:
    """``{"id": ..., "mentions": [...]}`` on one line, with a trailing newline."""
    record: dict[str, Any] = {"id": doc.id}
    if doc.part is not None:
        record["part"] = doc.part
    if doc.date is not None:
        record["date"] = doc.date
    if doc.source is not None:
        record["source"] = doc.source
    record["mentions"] = [mention_record(p) for p in doc.places]
    return json.dumps(record, ensure_ascii=False) + "\n"


def _feature_head(c: Candidate) -> dict[str, Any]:
    """A place's GeoJSON Feature, without its ``mentions`` and ``count``."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
        "properties": {**_candidate_record(c), "source": c.source},
    }


def _feature_mention(doc: Document, place: Place) -> dict[str, Any]:
    """One mention in a Feature's ``mentions``."""
    return {
        "id": doc.id,
        "start": place.mention.start,
        "end": place.mention.end,
        "text": place.mention.surface,
        "kind": place.kind,
        "score": place.score,
        "sentence": doc.sentence(place.mention),
        "reasons": reason_records(place.reasons),
    }


def geojson_collection(docs: Iterable[Document]) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: one Feature per distinct resolved place (in
    memory; ``GeoJSONWriter`` writes the same text for a corpus of any size)."""
    features: dict[int, dict[str, Any]] = {}
    for doc in docs:
        for place in doc.places:
            c = place.candidate
            if c is None:
                continue
            feature = features.get(c.id)
            if feature is None:
                feature = features[c.id] = _feature_head(c)
                feature["properties"]["mentions"] = []
            feature["properties"]["mentions"].append(_feature_mention(doc, place))
    for feature in features.values():
        feature["properties"]["count"] = len(feature["properties"]["mentions"])
    return {"type": "FeatureCollection", "features": list(features.values())}


def csv_rows(doc: Document) -> str:
    """One CSV row per mention (no header); ``reasons`` is one short text column."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for place in doc.places:
        record = {
            **mention_record(place),
            "id": doc.id,
            "sentence": doc.sentence(place.mention),
            "reasons": reasons_text(place.reasons),
        }
        writer.writerow([record[f] for f in CSV_FIELDS])
    return buffer.getvalue()


def csv_header() -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(CSV_FIELDS)
    return buffer.getvalue()


def _usual_permissions(path: Path, mode: int) -> None:
    """mkstemp and mkdtemp make private files; give ``path`` what the umask allows."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, mode & ~umask)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; renamed to ``path`` when the block ends
    without an error, removed when it raises (or is interrupted)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        os.close(fd)
        _usual_permissions(tmp, 0o666)
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_directory(path: Path) -> Iterator[Path]:
    """A temporary folder beside ``path`` to fill; renamed to ``path`` when the block
    ends without an error, removed when it raises. ``path`` may exist only empty."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        from .errors import ConfigurationError

        raise ConfigurationError(f"{path}: exists and is not an empty folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        _usual_permissions(tmp, 0o777)
        yield tmp
        if path.exists():
            path.rmdir()
        os.replace(tmp, path)
    except BaseException:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
        raise


#: Documents (records) per part file of ``-o DIR/``.
PART_DOCUMENTS = 10_000


def part_name(number: int, suffix: str) -> str:
    return f"part-{number:06d}.{suffix}"


class PartsWriter:
    """``-o DIR/``: JSONL or CSV text (as the workers wrote it out) in part files of
    ``PART_DOCUMENTS`` records, and ``_manifest.json`` listing them in order. The parts,
    concatenated in that order, are the single-file output (CSV: each part has the
    header)."""

    def __init__(
        self, folder: Path, suffix: str, header: str = "", *, per_part: int = PART_DOCUMENTS
    ) -> None:
        self._folder, self._suffix, self._header = folder, suffix, header
        self._per_part = per_part
        self._handle: IO[str] | None = None
        self.parts: list[dict[str, Any]] = []

    def write(self, text: str, mentions: int = 0) -> None:
        if self._handle is None or self.parts[-1]["records"] >= self._per_part:
            self._next()
        assert self._handle is not None
        self._handle.write(text)
        self.parts[-1]["records"] += 1
        self.parts[-1]["mentions"] += mentions

    def _next(self) -> None:
        if self._handle is not None:
            self._handle.close()
        name = part_name(len(self.parts), self._suffix)
        self._handle = open(self._folder / name, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._handle.write(self._header)
        self.parts.append({"path": name, "records": 0, "mentions": 0})

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def write_manifest(folder: Path, record: dict[str, Any]) -> None:
    """``_manifest.json``: what the parts of ``folder`` hold, in order."""
    (folder / "_manifest.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


# -- writers that hold what they cannot write at once ---------------------------------


class GeoJSONWriter:
    """The FeatureCollection of ``geojson_collection``, byte for byte, built in a
    temporary SQLite file: each place's mentions are grouped there, not in memory."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self._db = sqlite3.connect("")  # a private temporary file, deleted on close
        self._db.executescript(
            "CREATE TABLE places (cid INTEGER PRIMARY KEY, ord INTEGER, head TEXT);"
            "CREATE TABLE mentions (ord INTEGER, seq INTEGER PRIMARY KEY, body TEXT);"
        )
        self._order: dict[int, int] = {}

    def write(self, doc: Document) -> None:
        rows = []
        for place in doc.places:
            c = place.candidate
            if c is None:
                continue
            order = self._order.get(c.id)
            if order is None:
                order = self._order[c.id] = len(self._order)
                self._db.execute(
                    "INSERT INTO places VALUES (?, ?, ?)",
                    (c.id, order, json.dumps(_feature_head(c), ensure_ascii=False)),
                )
            mention = _feature_mention(doc, place)
            rows.append((order, json.dumps(mention, ensure_ascii=False)))
        self._db.executemany("INSERT INTO mentions (ord, body) VALUES (?, ?)", rows)

    def close(self) -> None:
        out = self._handle
        self._db.execute("CREATE INDEX by_place ON mentions (ord, seq)")
        out.write('{"type": "FeatureCollection", "features": [')
        for number, (order, head) in enumerate(
            self._db.execute("SELECT ord, head FROM places ORDER BY ord")
        ):
            # json.dumps of the whole feature, with "mentions" and "count" last.
            out.write((", " if number else "") + head[:-2] + ', "mentions": [')
            count = 0
            for (body,) in self._db.execute(
                "SELECT body FROM mentions WHERE ord = ? ORDER BY seq", (order,)
            ):
                out.write((", " if count else "") + body)
                count += 1
            out.write(f'], "count": {count}}}}}')
        out.write("]}\n")
        out.flush()
        self._db.close()


#: GeoParquet metadata (version 1.1.0): WKB points in longitude/latitude (OGC:CRS84,
#: the default when no "crs" is given).
GEOPARQUET_META = {
    "version": "1.1.0",
    "primary_column": "geometry",
    "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}},
}
#: The CSV columns, plus the part number of a long document, the document's date (UTC
#: timestamp) and source (``doc_source``; ``source`` is where the place came from)
#: when its JSONL record gives them, and a WKB point.
PARQUET_FIELDS = (CSV_FIELDS[0], "part", *CSV_FIELDS[1:], "date", "doc_source", "geometry")


def wkb_point(lon: float, lat: float) -> bytes:
    """A 2D point as little-endian ISO WKB (21 bytes)."""
    return struct.pack("<BIdd", 1, 1, lon, lat)


def mention_rows(doc: Document) -> Iterator[dict[str, Any]]:
    """One flat record per mention: the columns of ``--format parquet``."""
    from .inputs import parse_date

    moment = parse_date(doc.date)
    for place in doc.places:
        m, c = place.mention, place.candidate
        yield {
            "id": doc.id,
            "part": doc.part,
            "start": m.start,
            "end": m.end,
            "text": m.surface,
            **_place_fields(place),
            "sentence": doc.sentence(m),
            "reasons": reasons_text(place.reasons),
            "date": moment,
            "doc_source": doc.source,
            "geometry": wkb_point(c.lon, c.lat) if c else None,
        }


def parquet_schema() -> Any:
    """The Arrow schema of ``--format parquet``, with its GeoParquet ``geo`` metadata."""
    pa = _pyarrow()
    string, integer, real = pa.string(), pa.int64(), pa.float64()
    types = {
        "date": pa.timestamp("us", tz="UTC"),
        "part": pa.int32(),
        "start": integer,
        "end": integer,
        "lat": real,
        "lon": real,
        "geonameid": integer,
        "score": real,
        "geometry": pa.binary(),
    }
    return pa.schema(
        [pa.field(name, types.get(name, string)) for name in PARQUET_FIELDS],
        metadata={"geo": json.dumps(GEOPARQUET_META)},
    )


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as err:
        from .errors import ConfigurationError

        raise ConfigurationError(
            "--format parquet needs pyarrow: pip install 'geomap[parquet]'"
        ) from err
    return pyarrow


class ParquetWriter:
    """GeoParquet, one row per mention, written in row groups of ``rows_per_group``."""

    def __init__(self, path: Path, *, rows_per_group: int = 65_536) -> None:
        self._schema = parquet_schema()  # a clear error first when pyarrow is missing
        import pyarrow.parquet as pq

        self._writer = pq.ParquetWriter(str(path), self._schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self._group = rows_per_group

    def write(self, doc: Document) -> None:
        self._rows.extend(mention_rows(doc))
        if len(self._rows) >= self._group:
            self._flush()

    def _flush(self) -> None:
        pa = _pyarrow()
        self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
        self._rows = []

    def close(self) -> None:
        if self._rows:
            self._flush()
        self._writer.close()
