"""A progress bar on stderr for long runs (rich), and the counts of the summary line.

The bar appears only when stderr is a terminal, only once a run has taken
``DELAY`` seconds (short runs print nothing but the summary), and never with
``--quiet``. It shows documents done, MB/s and, when the input size is known, time left.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

__all__ = ["DELAY", "Progress", "Tally"]

#: Seconds a run goes before its bar is drawn.
DELAY = 2.0


@dataclass(slots=True)
class Tally:
    """What the summary line counts, kept as documents go by."""

    documents: int = 0
    mentions: int = 0
    unresolved: int = 0
    failed: int = 0
    places: set[int] = field(default_factory=set)


class Progress:
    """``with Progress(total_bytes, enabled=...) as bar: bar.advance(nbytes)``."""

    def __init__(self, total: int | None, *, enabled: bool = True) -> None:
        self._total = total
        self._enabled = enabled and sys.stderr.isatty()
        self._start = time.monotonic()
        self._done_bytes = 0
        self._docs = 0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        return self

    def advance(self, nbytes: int, documents: int = 1) -> None:
        self._done_bytes += nbytes
        self._docs += documents
        if not self._enabled:
            return
        if self._bar is None:
            if time.monotonic() - self._start < DELAY:
                return
            self._open()
        self._bar.update(self._task, completed=self._done_bytes, docs=self._docs)

    def _open(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )
        from rich.progress import Progress as Bar

        columns: list[Any] = [TextColumn("geomap: {task.fields[docs]:,} documents")]
        if self._total is not None:
            columns += [BarColumn(), TextColumn("{task.percentage:>3.0f}%")]
        columns += [TransferSpeedColumn(), TimeElapsedColumn()]
        if self._total is not None:
            columns.append(TimeRemainingColumn())
        self._bar = Bar(*columns, console=Console(stderr=True), transient=True)
        self._bar.start()
        self._task = self._bar.add_task("geoparse", total=self._total, docs=self._docs)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
