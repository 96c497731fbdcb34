"""Writing results: JSONL, GeoJSON and CSV records, and atomic file writes.

Input: ``Document`` objects. Output: text in the chosen format. Files are written to a
temporary sibling and renamed into place, so a failure never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from .models import Candidate, Document, Place

__all__ = [
    "atomic_write",
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


def mention_record(place: Place) -> dict[str, Any]:
    """One mention as the JSON object ``geomap extract`` writes."""
    m, c = place.mention, place.candidate
    return {
        "start": m.start,
        "end": m.end,
        "text": m.surface,
        "name": c.name if c else None,
        "lat": c.lat if c else None,
        "lon": c.lon if c else None,
        "geonameid": c.geonameid if c else None,
        "country": c.country if c else None,
        "admin1": c.admin1 if c else None,
        "kind": place.kind,
        "score": place.score,
        "source": c.source if c else None,
        "display_name": c.display_name if c else None,
        "geocoder_id": c.external_id if c else None,
        "alternatives": [_candidate_record(a) for a in place.alternatives],
    }


def jsonl_line(doc: Document) -> str:
    """``{"id": ..., "mentions": [...]}`` on one line, with a trailing newline."""
    record = {"id": doc.id, "mentions": [mention_record(p) for p in doc.places]}
    return json.dumps(record, ensure_ascii=False) + "\n"


def geojson_collection(docs: Iterable[Document]) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: one Feature per distinct resolved place."""
    features: dict[int, dict[str, Any]] = {}
    for doc in docs:
        for place in doc.places:
            c = place.candidate
            if c is None:
                continue
            feature = features.get(c.id)
            if feature is None:
                feature = {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
                    "properties": {**_candidate_record(c), "source": c.source, "mentions": []},
                }
                features[c.id] = feature
            feature["properties"]["mentions"].append(
                {
                    "id": doc.id,
                    "start": place.mention.start,
                    "end": place.mention.end,
                    "text": place.mention.surface,
                    "kind": place.kind,
                    "score": place.score,
                    "sentence": doc.sentence(place.mention),
                }
            )
    for feature in features.values():
        feature["properties"]["count"] = len(feature["properties"]["mentions"])
    return {"type": "FeatureCollection", "features": list(features.values())}


def csv_rows(doc: Document) -> str:
    """One CSV row per mention (no header)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for place in doc.places:
        record = mention_record(place)
        writer.writerow(
            [doc.id] + [record[f] for f in CSV_FIELDS[1:-1]] + [doc.sentence(place.mention)]
        )
    return buffer.getvalue()


def csv_header() -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(CSV_FIELDS)
    return buffer.getvalue()


def atomic_write(path: Path, write: Callable[[IO[str]], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the permissions of a normal file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
