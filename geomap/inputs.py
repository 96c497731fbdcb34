"""Reading input documents: text files, standard input and JSONL corpora.

Output: ``(doc_id, text)`` pairs. A file that cannot be read as UTF-8 text raises
``InputError`` naming it; a malformed line of a corpus is skipped with a warning, so
one bad document never sinks a corpus.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

__all__ = ["MAX_INPUT_BYTES", "decode_text", "read_documents"]

logger = logging.getLogger(__name__)

#: Inputs larger than this are refused rather than read into memory.
MAX_INPUT_BYTES = 512 * 1024 * 1024

_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text of ``data`` (a BOM is dropped); ``InputError`` for binary or other encodings."""
    for bom, name in _OTHER_BOMS:
        if data.startswith(bom):
            raise InputError(f"{source}: not UTF-8 text ({name}); convert it, e.g. with iconv")
    if b"\x00" in data:
        raise InputError(f"{source}: binary data, not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{source}: not UTF-8 text (invalid byte 0x{data[err.start]:02x} at offset {err.start})"
        ) from err
    return text


def _read_bytes(path: str, stdin: BinaryIO | None) -> bytes:
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_INPUT_BYTES + 1)
    else:
        file = Path(path)
        try:
            if file.is_dir():
                raise InputError(f"{path}: is a directory, not a text file")
            if file.stat().st_size > MAX_INPUT_BYTES:
                raise InputError(f"{path}: larger than {MAX_INPUT_BYTES // 2**20} MiB")
            data = file.read_bytes()
        except FileNotFoundError as err:
            raise InputError(f"{path}: no such file") from err
        except PermissionError as err:
            raise InputError(f"{path}: permission denied") from err
        except OSError as err:
            raise InputError(f"{path}: cannot read ({err.strerror or err})") from err
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{path}: larger than {MAX_INPUT_BYTES // 2**20} MiB")
    return data


def check_readable(paths: Sequence[str]) -> None:
    """Fail early, before any work, when a named file is missing or not a file."""
    for path in paths:
        if path == "-":
            continue
        file = Path(path)
        if not file.exists():
            raise InputError(f"{path}: no such file")
        if file.is_dir():
            raise InputError(f"{path}: is a directory, not a text file")


def read_documents(
    paths: Sequence[str], *, stdin: BinaryIO | None = None
) -> Iterator[tuple[str, str]]:
    """Yield ``(doc_id, text)`` for every input.

    A path ending in ``.jsonl`` is a corpus: one JSON object per line with ``"text"``
    and ``"id"`` (the id defaults to ``PATH:LINE``). ``-`` is standard input. Any other
    path is one text document whose id is the path as given.
    """
    for path in paths:
        data = _read_bytes(path, stdin)
        source = "<stdin>" if path == "-" else path
        text = decode_text(data, source)
        if path.endswith(".jsonl"):
            yield from _corpus(text, path)
        else:
            yield (path, text)


def _corpus(text: str, path: str) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            logger.warning("%s:%d: skipped, not valid JSON (%s)", path, number, err.msg)
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            logger.warning('%s:%d: skipped, no "text" string', path, number)
            continue
        raw_id = record.get("id")
        doc_id = str(raw_id) if isinstance(raw_id, str | int) else f"{path}:{number}"
        if doc_id in seen:
            logger.warning("%s:%d: duplicate id %r, renamed", path, number, doc_id)
            doc_id = f"{doc_id}#{number}"
        seen.add(doc_id)
        yield (doc_id, record["text"])
