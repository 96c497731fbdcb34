"""Geoparse a partition of records: the one function for Dask bags, Dask DataFrames and
Spark, where the user already holds the corpus.

::

    import dask.bag as db, geomap
    bag = db.read_text("corpus-*.jsonl").map(json.loads)
    docs = bag.map_partitions(geomap.geoparse_partition)      # one dict per document

    import dask.dataframe as dd
    frame = dd.read_parquet("articles/")                      # columns id, text
    mentions = frame.map_partitions(
        geomap.geoparse_partition, meta=geomap.partition_meta()
    )                                                         # one row per mention
    mentions.to_parquet("mentions/")

    # PySpark: the same function, records are Rows
    rdd = spark.read.json("corpus.jsonl").rdd
    docs = rdd.mapPartitions(geomap.geoparse_partition)

A partition of records (dicts, Spark ``Row`` objects, or ``(id, text)`` pairs) gives a
list of dicts, one per document, as ``geomap extract --format jsonl`` writes them. A
pandas DataFrame gives a DataFrame with one row per mention and the columns of
``geomap extract --format parquet`` (``geometry`` is WKB). Each worker process loads
the gazetteer once and keeps it for every later partition. Runs offline: the online
fallback is for single-process runs, where one rate limit can hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .engine import Failure, Outcome, encoded, geoparse_batch
from .inputs import PART_CHARS
from .models import Document
from .outputs import PARQUET_FIELDS, mention_record, mention_rows
from .parts import Source, split_text

__all__ = ["geoparse_partition", "partition_meta"]


def geoparse_partition(
    partition: Any,
    *,
    id_field: str = "id",
    text_field: str = "text",
    gazetteer: str | None = None,
) -> Any:
    """Geoparse every record of ``partition`` (see the module docstring for the shapes).

    A record without an id gets its position in the partition. A document that fails
    comes back with ``"error"`` and no mentions (in a DataFrame: no rows), never an
    exception that would sink the partition.
    """
    if _is_frame(partition):
        return _frame(partition, id_field, text_field, gazetteer)
    out = []
    for doc_id, docs, error in _geoparse(_records(partition, id_field, text_field), gazetteer):
        record: dict[str, Any] = {"id": doc_id}
        if error is not None:
            record["error"] = error
        record["mentions"] = [mention_record(p) for d in docs for p in d.places]
        out.append(record)
    return out


def partition_meta() -> Any:
    """An empty DataFrame with the columns and dtypes ``geoparse_partition`` returns
    for a DataFrame: the ``meta=`` of ``dask.dataframe.map_partitions``."""
    import pandas as pd

    dtypes = {
        "part": "Int32",
        "start": "int64",
        "end": "int64",
        "lat": "float64",
        "lon": "float64",
        "geonameid": "Int64",
        "score": "float64",
        "date": "datetime64[us, UTC]",
        "geometry": "object",
    }
    return pd.DataFrame(
        {name: pd.Series(dtype=dtypes.get(name, "object")) for name in PARQUET_FIELDS}
    )


def _is_frame(partition: Any) -> bool:
    return type(partition).__name__ == "DataFrame" and hasattr(partition, "itertuples")


def _records(partition: Iterable[Any], id_field: str, text_field: str) -> Iterator[Source]:
    for position, record in enumerate(partition):
        if hasattr(record, "asDict"):  # a Spark Row
            record = record.asDict()
        if isinstance(record, Mapping):
            doc_id, text = record.get(id_field), record.get(text_field)
        else:
            doc_id, text = record
        doc_id = str(position) if doc_id is None else str(doc_id)
        yield from split_text(doc_id, text if isinstance(text, str) else "", 0, PART_CHARS)


def _geoparse(
    sources: Iterable[Source], gazetteer: str | None
) -> Iterator[tuple[str, list[Document], str | None]]:
    """``(id, documents, error)`` per record: the parts of a long text come together."""
    current: tuple[str, list[Document], str | None] | None = None
    for source in sources:
        (outcome,) = geoparse_batch([source], gazetteer)
        if current is not None and source.part:
            docs, error = current[1], current[2]
        else:
            if current is not None:
                yield current
            docs, error = [], None
        if isinstance(outcome, Document):
            docs.append(outcome)
        elif isinstance(outcome, Failure):
            error = outcome.error
        current = (source.id, docs, error)
    if current is not None:
        yield current


def _frame(frame: Any, id_field: str, text_field: str, gazetteer: str | None) -> Any:
    pairs = zip(frame[id_field], frame[text_field], strict=True)
    return mention_frame(
        doc
        for _, docs, _ in _geoparse(_records(pairs, id_field, text_field), gazetteer)
        for doc in docs
    )


def mention_frame(docs: Iterable[Document]) -> Any:
    """A pandas DataFrame of the documents' mentions, one row each (GeoParquet columns)."""
    import pandas as pd

    rows = [row for doc in docs for row in mention_rows(doc)]
    meta = partition_meta()
    if not rows:
        return meta
    return pd.DataFrame(rows, columns=list(PARQUET_FIELDS)).astype(meta.dtypes.to_dict())


def _counts_only(doc: Document) -> str:
    return ""


def geoparse_batch_frame(
    batch: list[Source], gazetteer: str | None, recogniser: str | None = None
) -> tuple[Any, list[Outcome]]:
    """What a Dask worker does for ``-o DIR/ --format parquet``: the batch's mentions as
    a DataFrame (written by Dask's Parquet writer, on the worker) and, for the driver,
    each document's counts or failure."""
    outcomes = geoparse_batch(batch, gazetteer, None, recogniser)  # Documents and Failures
    frame = mention_frame(o for o in outcomes if isinstance(o, Document))
    summary: list[Outcome] = [
        encoded(o, _counts_only) if isinstance(o, Document) else o for o in outcomes
    ]
    return frame, summary
