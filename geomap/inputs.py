"""Reading input documents as streams: text files, standard input and JSONL corpora.

Output: ``Source`` records, one per document, in input order. Nothing is read whole:

- a JSONL corpus is read line by line, however large the file; a malformed line (not
  JSON, not UTF-8, no ``"text"``, longer than ``MAX_RECORD_BYTES``) is skipped with a
  warning naming file and line, so one bad document never sinks a corpus;
- a text longer than ``PART_CHARS`` characters (a book, a transcript, 200 MB without a
  newline) is cut into parts at a paragraph, line, sentence or word end; each part is
  geoparsed on its own, so memory stays bounded and time grows with the length.

A text file that is binary or not UTF-8 is an ``InputError`` naming it, raised by
``check_inputs`` before any work starts.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from .errors import InputError
from .given import Span, read_spans
from .parts import Source, cut_point, split_text

__all__ = [
    "MAX_RECORD_BYTES",
    "PART_CHARS",
    "Source",
    "check_inputs",
    "decode_text",
    "input_size",
    "parse_date",
    "read_documents",
    "read_sources",
]

logger = logging.getLogger(__name__)

#: Texts longer than this many characters are geoparsed in parts of at most this size.
PART_CHARS = 200_000
#: A JSONL line longer than this is skipped (its text would not fit a worker's memory).
MAX_RECORD_BYTES = 64 * 1024 * 1024

_CHUNK = 1 << 20
_SNIFF = 8192
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text of ``data`` (a BOM is dropped); ``InputError`` for binary or other encodings."""
    _check_start(data, source)
    if b"\x00" in data:
        raise InputError(f"{source}: binary data, not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(_bad_byte(source, data, err.start, 0)) from err


def _check_start(head: bytes, source: str) -> None:
    for bom, name in _OTHER_BOMS:
        if head.startswith(bom):
            raise InputError(f"{source}: not UTF-8 text ({name}); convert it, e.g. with iconv")


def _bad_byte(source: str, data: bytes, index: int, base: int) -> str:
    return f"{source}: not UTF-8 text (invalid byte 0x{data[index]:02x} at offset {base + index})"


def _is_corpus(path: str) -> bool:
    return path.endswith(".jsonl")


def check_inputs(paths: Sequence[str]) -> None:
    """Fail early, before any work, when an input is missing, not a file, binary or not
    UTF-8 text. Text files are decoded once here (in bounded memory); corpora are only
    sniffed, since their bad lines are skipped one by one."""
    for path in paths:
        if path == "-":
            continue
        file = Path(path)
        try:
            if not file.exists():
                raise InputError(f"{path}: no such file")
            if file.is_dir():
                raise InputError(f"{path}: is a directory, not a text file")
            with file.open("rb") as handle:
                head = handle.read(_SNIFF)
                _check_start(head, path)
                if b"\x00" in head:
                    raise InputError(f"{path}: binary data, not a text file")
                if not _is_corpus(path):
                    handle.seek(0)
                    for _ in _decoded_chunks(handle, path):
                        pass
        except PermissionError as err:
            raise InputError(f"{path}: permission denied") from err
        except OSError as err:
            raise InputError(f"{path}: cannot read ({err.strerror or err})") from err


# The old name, kept for callers of 0.1.
check_readable = check_inputs


def input_size(paths: Sequence[str]) -> int | None:
    """Bytes the inputs hold, or ``None`` when one is standard input (unknown)."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        total += os.stat(path).st_size
    return total


def read_sources(
    paths: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    part_chars: int = PART_CHARS,
    max_record_bytes: int = MAX_RECORD_BYTES,
    spans_field: str | None = None,
) -> Iterator[Source]:
    """Yield a ``Source`` for every document of every input, in order.

    A path ending in ``.jsonl`` is a corpus: one JSON object per line with ``"text"``
    and ``"id"`` (the id defaults to ``PATH:LINE``; a repeated id gets ``#LINE``). ``-``
    is standard input. Any other path is one text document whose id is the path.

    With ``spans_field`` (``--given-spans``), each record's spans are read from that
    field (see ``_record_spans``) and only corpora are accepted.
    """
    if spans_field is not None:
        for path in paths:
            if not _is_corpus(path):
                raise InputError(
                    f"{path}: --given-spans reads the spans of a .jsonl corpus's records; "
                    "this is not one"
                )
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _text_parts(stream, "<stdin>", "-", part_chars)
            continue
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed below, also when abandoned
        except FileNotFoundError as err:
            raise InputError(f"{path}: no such file") from err
        except OSError as err:
            raise InputError(f"{path}: cannot read ({err.strerror or err})") from err
        with handle:
            if _is_corpus(path):
                yield from _corpus(handle, path, part_chars, max_record_bytes, spans_field)
            else:
                yield from _text_parts(handle, path, path, part_chars)


def read_documents(
    paths: Sequence[str], *, stdin: BinaryIO | None = None
) -> Iterator[tuple[str, str]]:
    """Yield ``(doc_id, text)`` for every document (a long text as its parts)."""
    for source in read_sources(paths, stdin=stdin):
        yield source.id, source.text


def _decoded_chunks(handle: BinaryIO, source: str) -> Iterator[tuple[str, int]]:
    """``(text, bytes)`` chunks of a UTF-8 stream; ``InputError`` on binary or bad bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    base = 0
    first = True
    while True:
        data = handle.read(_CHUNK)
        final = not data
        if first:
            _check_start(data, source)
        if b"\x00" in data:
            raise InputError(f"{source}: binary data, not a text file")
        # The decoder holds back the bytes of a character split across chunks.
        held = len(decoder.getstate()[0])
        try:
            text = decoder.decode(data, final=final)
        except UnicodeDecodeError as err:
            raise InputError(_bad_byte(source, err.object, err.start, base - held)) from err
        if first:
            text = text.removeprefix("\ufeff")
            first = False
        base += len(data)
        if text or data:
            yield text, len(data)
        if final:
            return


def _text_parts(handle: BinaryIO, source: str, doc_id: str, part_chars: int) -> Iterator[Source]:
    """One text document, whole when short, else in parts cut at natural ends."""
    buffer = ""
    nbytes = 0
    offset = 0
    part = 0
    for text, size in _decoded_chunks(handle, source):
        buffer += text
        nbytes += size
        while len(buffer) > part_chars:
            cut = cut_point(buffer, part_chars)
            share = round(nbytes * cut / len(buffer))
            yield Source(doc_id, buffer[:cut], offset, part, share)
            nbytes -= share
            offset += cut
            part += 1
            buffer = buffer[cut:]
    if part == 0:
        yield Source(doc_id, buffer, 0, None, nbytes)
    elif buffer:
        yield Source(doc_id, buffer, offset, part, nbytes)


class _SeenIds:
    """The ids of a corpus seen so far: a set, moved to a temporary SQLite file once it
    holds ``spill`` ids, so that a corpus of millions of documents stays in bounded memory."""

    def __init__(self, spill: int = 100_000) -> None:
        self._ids: set[str] = set()
        self._spill = spill
        self._db: sqlite3.Connection | None = None

    def add(self, doc_id: str) -> bool:
        """Record ``doc_id``; False when it was seen before."""
        if self._db is None:
            if doc_id in self._ids:
                return False
            self._ids.add(doc_id)
            if len(self._ids) >= self._spill:
                self._db = sqlite3.connect("")  # a private temporary file, deleted on close
                self._db.execute("CREATE TABLE ids (id TEXT PRIMARY KEY) WITHOUT ROWID")
                self._db.executemany("INSERT INTO ids VALUES (?)", ((i,) for i in self._ids))
                self._ids = set()
            return True
        cursor = self._db.execute("INSERT OR IGNORE INTO ids VALUES (?)", (doc_id,))
        return cursor.rowcount == 1

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def parse_date(value: object) -> datetime | None:
    """An ISO 8601 date or date-time (``Z`` and offsets allowed), else ``None``. A date
    without a zone is taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class _Complaints:
    """Warnings about a corpus's lines: the first ``shown`` one by one, then a count."""

    def __init__(self, path: str, shown: int = 10, what: str = "lines skipped or renamed") -> None:
        self.path, self.shown, self.count, self.what = path, shown, 0, what

    def __call__(self, number: int, message: str, *args: object) -> None:
        self.count += 1
        if self.count <= self.shown:
            logger.warning("%s:%d: " + message, self.path, number, *args)

    def close(self) -> None:
        if self.count > self.shown:
            logger.warning(
                "%s: %d more %s, not shown one by one",
                self.path,
                self.count - self.shown,
                self.what,
            )


def _corpus(
    handle: BinaryIO, path: str, part_chars: int, max_record: int, spans_field: str | None
) -> Iterator[Source]:
    seen = _SeenIds()
    warn = _Complaints(path)
    warn_spans = _Complaints(path, what="spans skipped")
    try:
        for number, raw in enumerate(_lines(handle, max_record), start=1):
            record = _record(raw, number, warn, max_record)
            if record is None:
                continue
            raw_id = record.get("id")
            doc_id = str(raw_id) if isinstance(raw_id, str | int) else f"{path}:{number}"
            if not seen.add(doc_id):
                warn(number, "duplicate id %r, renamed", doc_id)
                doc_id = f"{doc_id}#{number}"
                seen.add(doc_id)
            date = record.get("date")
            if date is not None and parse_date(date) is None:
                warn(
                    number, "date %r is not ISO 8601 (2024-05-01, 2024-05-01T12:00Z); ignored", date
                )
                date = None
            source = record.get("source")
            source = str(source) if isinstance(source, str | int) and str(source) else None
            text = record["text"]
            spans = None
            if spans_field is not None:
                spans = _record_spans(record, spans_field, doc_id, number, warn_spans)
            yield from split_text(doc_id, text, len(raw or b""), part_chars, date, source, spans)
    finally:
        seen.close()
        warn.close()
        warn_spans.close()


def _record(
    raw: bytes | None, number: int, warn: _Complaints, max_record: int
) -> dict[str, Any] | None:
    """Line ``number`` of a corpus as a record with a ``"text"`` string, else ``None``
    (a warning says why, blank lines aside)."""
    if raw is None:
        warn(number, "skipped, longer than %d MiB", max_record >> 20)
        return None
    if not raw.strip():
        return None
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as err:
        warn(number, "skipped, not UTF-8 (invalid byte 0x%02x)", raw[err.start])
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        warn(number, "skipped, not valid JSON (%s)", err.msg)
        return None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        warn(number, 'skipped, no "text" string')
        return None
    return record


def _record_spans(
    record: dict[str, Any], field: str, doc_id: str, number: int, warn: _Complaints
) -> list[Span]:
    """The good spans of ``record[field]``; one warning per bad span (naming the
    document and the span), which is skipped. A record without the field (or whose
    field is no list) gets one warning and no spans: its document has no mentions."""
    values = record.get(field)
    if not isinstance(values, list):
        why = f"no {field!r} list" if values is None else f"{field!r} is not a list"
        warn(number, "document %r: %s; it gets no mentions", doc_id, why)
        return []
    kept, bad = read_spans(values, len(record["text"]))
    for value, why in bad:
        shown = json.dumps(value, ensure_ascii=False, default=str)
        warn(number, "document %r: span %s skipped, %s", doc_id, shown[:200], why)
    return kept


def _lines(handle: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of a binary stream, each at most ``limit`` bytes (``None`` stands for a
    longer line, which is read past in bounded pieces)."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(_CHUNK)
            yield None
            continue
        yield line
