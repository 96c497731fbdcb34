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
import re
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

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
# Where a part may end, best first: a paragraph, a line, a sentence, a word.
_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"')\]]*\s"))
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Source:
    """One document, or one part of a long one, to geoparse.

    ``offset`` is where ``text`` starts in the whole document (characters); ``part`` is
    ``None`` for a document read whole, else 0, 1, … ``nbytes`` is how many input bytes
    it came from (for progress).
    """

    id: str
    text: str
    offset: int = 0
    part: int | None = None
    nbytes: int = 0
    date: str | None = None
    source: str | None = None


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
) -> Iterator[Source]:
    """Yield a ``Source`` for every document of every input, in order.

    A path ending in ``.jsonl`` is a corpus: one JSON object per line with ``"text"``
    and ``"id"`` (the id defaults to ``PATH:LINE``; a repeated id gets ``#LINE``). ``-``
    is standard input. Any other path is one text document whose id is the path.
    """
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
                yield from _corpus(handle, path, part_chars, max_record_bytes)
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
            cut = _cut_point(buffer, part_chars)
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


def split_text(
    doc_id: str,
    text: str,
    nbytes: int,
    part_chars: int,
    date: str | None = None,
    source: str | None = None,
) -> Iterator[Source]:
    """A document already in memory, whole or in parts (as ``_text_parts`` cuts them)."""
    if len(text) <= part_chars:
        yield Source(doc_id, text, 0, None, nbytes, date, source)
        return
    offset = part = 0
    while offset < len(text):
        rest = len(text) - offset
        cut = rest if rest <= part_chars else _cut_point(text, part_chars, offset)
        share = nbytes * cut // len(text)
        yield Source(doc_id, text[offset : offset + cut], offset, part, share, date, source)
        offset += cut
        part += 1


def _cut_point(text: str, limit: int, start: int = 0) -> int:
    """Length of the next part of ``text[start:]``: at most ``limit`` characters, ending
    after the last paragraph, line, sentence or word end of its second half."""
    low, high = start + limit // 2, start + limit
    for pattern in _CUTS:
        last = None
        for found in pattern.finditer(text, low, high):
            last = found
        if last is not None:
            return last.end() - start
    for index in range(high - 1, low - 1, -1):
        if _SPACE.match(text, index):
            return index + 1 - start
    return limit


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

    def __init__(self, path: str, shown: int = 10) -> None:
        self.path, self.shown, self.count = path, shown, 0

    def __call__(self, number: int, message: str, *args: object) -> None:
        self.count += 1
        if self.count <= self.shown:
            logger.warning("%s:%d: " + message, self.path, number, *args)

    def close(self) -> None:
        if self.count > self.shown:
            logger.warning(
                "%s: %d more lines skipped or renamed, not shown one by one",
                self.path,
                self.count - self.shown,
            )


def _corpus(handle: BinaryIO, path: str, part_chars: int, max_record: int) -> Iterator[Source]:
    seen = _SeenIds()
    warn = _Complaints(path)
    try:
        for number, raw in enumerate(_lines(handle, max_record), start=1):
            if raw is None:
                warn(number, "skipped, longer than %d MiB", max_record >> 20)
                continue
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as err:
                warn(number, "skipped, not UTF-8 (invalid byte 0x%02x)", raw[err.start])
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                warn(number, "skipped, not valid JSON (%s)", err.msg)
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                warn(number, 'skipped, no "text" string')
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
            yield from split_text(doc_id, record["text"], len(raw), part_chars, date, source)
    finally:
        seen.close()
        warn.close()


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
