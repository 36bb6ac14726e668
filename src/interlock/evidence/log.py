"""`EvidenceLog`: the signed, hash-chained `EvidenceSink` every enforcement point writes to.

The caller's thread only copies the event's top level, stamps its time and appends it to a
queue: a hand-off of a microsecond or so, because the guard's decisions wait for it. A
background writer thread takes batches, validates and encodes each event canonically (an
invalid one becomes an `evidence_rejected` record naming the field: visible, counted, never
silently lost), chains and Merkle-hashes them, signs one checkpoint per batch and commits batch and
checkpoint in one transaction, so the committed log always ends at a signed checkpoint and
a crash loses at most the batch in memory. When the queue is full `emit` blocks
(back-pressure, the default) or, under `OverflowPolicy.DROP_AND_RECORD`, counts the drop and
writes an `evidence_overflow` record into the chain: loss is never silent.
"""

from __future__ import annotations

import enum
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from interlock.errors import EvidenceError
from interlock.evidence import record as _record
from interlock.evidence.keys import SigningKey
from interlock.evidence.store.interface import Store
from interlock.evidence.writer import ChainWriter, read_head, write_head

__all__ = [
    "Backend",
    "EvidenceLog",
    "LogStats",
    "OverflowPolicy",
    "WriterMode",
    "read_head",
    "write_head",
]


class Backend(Protocol):
    """What the log's writer thread hands batches to: a `ChainWriter`, here or in a child."""

    @property
    def next_seq(self) -> int:
        """The sequence number the next committed record gets."""

    def commit(self, items: list[bytes], *, durable: bool) -> None:
        """Append one batch; raises `EvidenceError` on failure."""

    def close(self) -> None:
        """Release the chain (and the store)."""


DEFAULT_CHECKPOINT_EVERY = 1000
DEFAULT_CHECKPOINT_INTERVAL_MS = 200
DEFAULT_CAPACITY = 100_000


class WriterMode(enum.StrEnum):
    """Where the log's writer runs: a thread of this process, or a child process."""

    THREAD = "thread"
    PROCESS = "process"


class OverflowPolicy(enum.StrEnum):
    """What `emit` does when the writer has fallen `capacity` events behind."""

    BLOCK = "block"
    DROP_AND_RECORD = "drop_and_record"


@dataclass(frozen=True)
class LogStats:
    """Counters an SRE can export: what was written, how often callers waited, what was lost.

    `written` counts records committed (thread writer) or handed to the writer process.
    """

    emitted: int
    written: int
    checkpoints: int
    queued: int
    blocked: int
    blocked_ns: int
    dropped: int
    overflow_records: int
    rejected: int = 0
    """Events that failed validation; each is an `evidence_rejected` record in the chain."""


class _FlushRequest:
    __slots__ = ("done", "error")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.error: BaseException | None = None


class EvidenceLog:
    """An `EvidenceSink` that writes a signed hash chain for one enforcement point."""

    def __init__(
        self,
        store: Store | None,
        key: SigningKey | None,
        *,
        system: str,
        enforcement_point: str,
        checkpoint_every: int = DEFAULT_CHECKPOINT_EVERY,
        checkpoint_interval_ms: int = DEFAULT_CHECKPOINT_INTERVAL_MS,
        capacity: int = DEFAULT_CAPACITY,
        overflow: OverflowPolicy = OverflowPolicy.BLOCK,
        payloads: _record.PayloadPolicy | None = None,
        head_path: Path | None = None,
        backend: Backend | None = None,
    ) -> None:
        """Resume (or start) the chain of `enforcement_point` in `store` and start the writer.

        A batch ends at `checkpoint_every` records or after `checkpoint_interval_ms`,
        whichever comes first, and each batch is committed with one signed checkpoint.
        `head_path`, if given, receives the latest checkpoint after every commit (a witness
        `verify` can use to detect a truncated log). Raises `EvidenceError` for bad
        settings, another writer on the chain, or a store whose end is inconsistent with
        its last checkpoint (the store is closed in every case).
        """
        if checkpoint_every < 1 or checkpoint_interval_ms < 1 or capacity < checkpoint_every:
            if store is not None:
                store.close()
            raise EvidenceError(
                "evidence log needs checkpoint_every >= 1, checkpoint_interval_ms >= 1 and "
                "capacity >= checkpoint_every"
            )
        self._builder = _record.RecordBuilder(
            system=system, enforcement_point=enforcement_point, payloads=payloads
        )
        self.system = system
        self.enforcement_point = enforcement_point
        self._head_path = head_path
        if backend is None:
            if store is None or key is None:
                raise EvidenceError("an evidence log needs a store and a key, or a backend")
            try:
                backend = ChainWriter(
                    store,
                    key,
                    system=system,
                    enforcement_point=enforcement_point,
                    head_path=head_path,
                )
            except BaseException:
                # The log owns the store from here on; one that never started must not leak it.
                store.close()
                raise
        self._backend: Backend = backend
        self._batch = checkpoint_every
        self._interval = checkpoint_interval_ms / 1000
        self._capacity = capacity
        self._overflow = OverflowPolicy(overflow)
        self._queue: deque[dict[str, object] | bytes | _record.Draft | _FlushRequest] = deque()
        self._wake = threading.Event()
        self._space = threading.Event()
        self._lock = threading.Lock()
        self._closed = False
        self._failure: BaseException | None = None
        self._emitted = 0
        self._written = 0
        self._checkpoints = 0
        self._blocked = 0
        self._blocked_ns = 0
        self._dropped = 0
        self._dropped_unrecorded = 0
        self._overflow_records = 0
        self._rejected = 0
        self._thread = threading.Thread(
            target=self._run, name=f"interlock-evidence-{enforcement_point}", daemon=True
        )
        self._thread.start()

    # -- caller side ---------------------------------------------------------------------

    def emit(self, event: Mapping[str, object]) -> None:
        """Queue `event` for the writer, which validates and encodes it.

        The top level is copied and the time stamped now; nested values (lists, the detail
        mapping) are read later by the writer, so the caller must not change them after
        emitting (the guard never does). An event that fails validation is recorded as an
        `evidence_rejected` record naming the field and counted in `stats().rejected`.
        Blocks while the queue is full (default policy). Raises `EvidenceError` if the
        event is not a mapping, the log is closed, or the writer has failed.
        """
        if self._closed:
            raise EvidenceError("evidence log is closed")
        if self._failure is not None:
            raise EvidenceError(f"evidence writer failed: {self._failure}") from self._failure
        if type(event) is not dict and not isinstance(event, Mapping):
            raise EvidenceError(f"an evidence event must be a mapping, not {type(event).__name__}")
        item = dict(event)
        if "time_ns" not in item and "time_us" not in item:
            item["time_ns"] = time.time_ns()
        queue = self._queue
        if len(queue) >= self._capacity and not self._make_room():
            return
        queue.append(item)
        # Counting without a lock: only ever read for stats, and GIL-atomic enough for that.
        self._emitted += 1
        if len(queue) >= self._batch and not self._wake.is_set():
            self._wake.set()

    def _make_room(self) -> bool:
        """Wait for space (BLOCK) and return True, or count a drop and return False."""
        if self._overflow is OverflowPolicy.DROP_AND_RECORD:
            with self._lock:
                self._dropped += 1
                self._dropped_unrecorded += 1
            self._wake.set()
            return False
        start = time.perf_counter_ns()
        with self._lock:
            self._blocked += 1
        while len(self._queue) >= self._capacity:
            if self._failure is not None:
                raise EvidenceError(f"evidence writer failed: {self._failure}") from self._failure
            self._space.clear()
            self._wake.set()
            self._space.wait(0.05)
        with self._lock:
            self._blocked_ns += time.perf_counter_ns() - start
        return True

    def flush(self) -> None:
        """Block until every event emitted before this call is committed durably.

        Raises `EvidenceError` if the writer failed or the log is closed.
        """
        if self._closed:
            raise EvidenceError("evidence log is closed")
        self._flush()

    def _flush(self) -> None:
        request = _FlushRequest()
        self._queue.append(request)
        self._urgent = True
        self._wake.set()
        while not request.done.wait(0.5):
            if not self._thread.is_alive():
                raise EvidenceError("evidence writer stopped before flushing") from self._failure
        if request.error is not None:
            raise EvidenceError(f"evidence flush failed: {request.error}") from request.error

    def close(self) -> None:
        """Flush durably, stop the writer and close the store (idempotent).

        Raises `EvidenceError` if the final flush fails; the store is closed regardless.
        """
        if self._closed:
            return
        self._closed = True
        try:
            if self._failure is None:
                self._flush()
        finally:
            self._stop = True
            self._wake.set()
            self._thread.join()
            self._backend.close()
        if self._failure is not None:
            raise EvidenceError(f"evidence writer failed: {self._failure}") from self._failure

    def __enter__(self) -> EvidenceLog:
        """Use as a context manager; `close()` on exit."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the log."""
        self.close()

    def stats(self) -> LogStats:
        """A snapshot of the log's counters."""
        return LogStats(
            emitted=self._emitted,
            written=self._written,
            checkpoints=self._checkpoints,
            queued=len(self._queue),
            blocked=self._blocked,
            blocked_ns=self._blocked_ns,
            dropped=self._dropped,
            overflow_records=self._overflow_records,
            rejected=self._rejected,
        )

    @property
    def next_seq(self) -> int:
        """The sequence number the next committed record will get."""
        return self._backend.next_seq

    # -- writer side ---------------------------------------------------------------------

    _stop = False
    _urgent = False

    def _run(self) -> None:
        queue = self._queue
        batch = self._batch
        while True:
            timed_out = not self._wake.wait(self._interval)
            self._wake.clear()
            # Full batches go at once; a partial batch waits for the interval, a flush or
            # close, so segments (and signatures) stay large under load.
            urgent, self._urgent = self._urgent, False
            drain_all = timed_out or urgent or self._stop
            try:
                while len(queue) >= batch or self._dropped_unrecorded or (drain_all and queue):
                    self._write_batch(queue)
            except BaseException as exc:
                self._fail(exc)
                return
            self._space.set()
            if self._stop and not queue:
                return

    def _write_batch(
        self, queue: deque[dict[str, object] | bytes | _record.Draft | _FlushRequest]
    ) -> None:
        items: list[bytes] = []
        requests: list[_FlushRequest] = []
        popleft = queue.popleft
        with self._lock:
            dropped, self._dropped_unrecorded = self._dropped_unrecorded, 0
        if dropped:
            items.append(self._overflow_record(dropped))
        # Take a batch in one C-level sweep; look item by item only if something other
        # than encoded records (a flush request, a payload draft) is in it.
        taken = [popleft() for _ in range(min(len(queue), self._batch - len(items)))]
        kinds = set(map(type, taken))
        if kinds <= {dict}:
            build = self._build
            items.extend([build(item) for item in taken])  # type: ignore[arg-type]
        else:
            for i, item in enumerate(taken):
                if type(item) is dict:
                    items.append(self._build(item))
                elif type(item) is bytes:
                    items.append(item)
                elif type(item) is _FlushRequest:
                    requests.append(item)
                    # Commit what precedes the request now, durably, before answering it;
                    # the rest goes back to the front of the queue, in order.
                    queue.extendleft(reversed(taken[i + 1 :]))
                    break
                else:
                    items.append(_record.finish(item))  # type: ignore[arg-type]
        if len(queue) < self._capacity:
            self._space.set()
        try:
            if items or requests:
                self._commit(items, durable=bool(requests))
        except BaseException as exc:
            for r in requests:
                r.error = exc
                r.done.set()
            raise
        for r in requests:
            r.done.set()

    def _build(self, event: dict[str, object]) -> bytes:
        """The canonical record of `event`, or an `evidence_rejected` record saying why not."""
        try:
            built = self._builder.build(event)
        except EvidenceError as exc:
            return self._rejected_record(event, exc)
        return built if type(built) is bytes else _record.finish(built)  # type: ignore[arg-type]

    def _rejected_record(self, event: Mapping[str, object], exc: EvidenceError) -> bytes:
        self._rejected += 1
        kind = event.get("kind")
        body = self._builder.build(
            {
                "kind": "evidence_rejected",
                "time_ns": time.time_ns(),
                "reasons": [str(exc)[:500]],
                "detail": {"event_kind": kind[:100] if isinstance(kind, str) else None},
            }
        )
        assert isinstance(body, bytes)
        return body

    def _overflow_record(self, dropped: int) -> bytes:
        self._overflow_records += 1
        body = self._builder.build(
            {
                "kind": "evidence_overflow",
                "reasons": [f"{dropped} events dropped: evidence queue full"],
                "detail": {"dropped": dropped, "policy": str(self._overflow)},
            }
        )
        assert isinstance(body, bytes)
        return body

    def _commit(self, items: list[bytes], *, durable: bool) -> None:
        self._backend.commit(items, durable=durable)
        if items:
            self._written += len(items)
            self._checkpoints += 1

    def _fail(self, exc: BaseException) -> None:
        self._failure = exc
        # Release every waiter: flushers get the error, blocked emitters re-check.
        while self._queue:
            item = self._queue.popleft()
            if type(item) is _FlushRequest:
                item.error = exc
                item.done.set()
            else:
                # Not silent: these are reported as lost by every later emit/flush/close.
                self._dropped += 1
        self._space.set()
