"""Simple evidence sinks: in memory (tests, embedding) and JSON Lines (a plain file trail).

Neither signs nor chains; the signed log is `interlock.evidence.EvidenceLog`. The JSONL
sink hands each event to a writer thread so the caller's thread never waits on the disk.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Mapping
from pathlib import Path

import orjson

from interlock.errors import EvidenceError
from interlock.evidence.interface import Event


class MemorySink:
    """Keeps every event in a list, in order."""

    def __init__(self) -> None:
        self.events: list[dict[str, object]] = []
        self._closed = False

    def emit(self, event: Event) -> None:
        """Append a copy of `event`; raises `EvidenceError` after close."""
        if self._closed:
            raise EvidenceError("memory sink is closed")
        self.events.append(dict(event))

    def flush(self) -> None:
        """Nothing to make durable."""

    def close(self) -> None:
        """Refuse further events."""
        self._closed = True

    def of_kind(self, kind: str) -> list[dict[str, object]]:
        """The events of one kind, in order."""
        return [e for e in self.events if e.get("kind") == kind]


_STOP = object()


class JsonlSink:
    """Appends one JSON object per line to a file, from a writer thread.

    The queue is unbounded in count but the writer drains it continuously; `flush` waits
    until everything emitted so far is written and fsynced.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._file = self.path.open("ab")
        except OSError as exc:
            raise EvidenceError(f"{self.path}: cannot open for append: {exc.strerror}") from exc
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="interlock-jsonl", daemon=True)
        self._thread.start()

    def emit(self, event: Event) -> None:
        """Queue `event`; raises `EvidenceError` after close or after a write failure."""
        if self._closed:
            raise EvidenceError("JSONL sink is closed")
        if self._error is not None:
            raise EvidenceError(f"{self.path}: writer failed: {self._error}")
        self._queue.put(event)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if isinstance(item, threading.Event):
                try:
                    self._file.flush()
                    os.fsync(self._file.fileno())
                except OSError as exc:
                    self._error = exc
                item.set()
                continue
            assert isinstance(item, Mapping)
            try:
                self._file.write(orjson.dumps(dict(item), option=orjson.OPT_SORT_KEYS) + b"\n")
            except (OSError, TypeError) as exc:
                self._error = exc

    def flush(self) -> None:
        """Wait until every event emitted so far is written; raises `EvidenceError` on failure."""
        done = threading.Event()
        self._queue.put(done)
        done.wait()
        if self._error is not None:
            raise EvidenceError(f"{self.path}: writer failed: {self._error}")

    def close(self) -> None:
        """Flush, stop the writer and close the file (idempotent)."""
        if self._closed:
            return
        try:
            self.flush()
        finally:
            # Stop the writer and release the file even when the last flush failed; the
            # failure still reaches the caller.
            self._closed = True
            self._queue.put(_STOP)
            self._thread.join()
            self._file.close()
