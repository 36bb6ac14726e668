"""The store plug point: where segments of records and their checkpoints are kept.

Records are stored in *segments*: one row holds a run of consecutive records of one chain
(their canonical content joined by newlines, which canonical JSON never contains, plus
their previous-hash and hash arrays). One row per batch instead of one per record keeps
the hot table append-only with a single in-order index, which is what lets SQLite take
100,000+ signed records a second. Each segment is written in the same transaction as the
checkpoint that signs it, so a committed log always ends exactly at a signed checkpoint.
Stores keep bytes; they never judge them (that is `verify`'s job), so every read tolerates
NULLs and wrong lengths an attacker may have written.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass

from interlock.evidence.checkpoint import Checkpoint


@dataclass(frozen=True)
class Segment:
    """Consecutive records `first_seq .. first_seq+count-1` of chain `ep`, as stored."""

    ep: str
    first_seq: int
    count: int
    prevs: bytes | None
    hashes: bytes | None
    body: bytes | None

    def contents(self) -> list[bytes]:
        """The records' canonical content bytes (empty if the body is missing)."""
        return self.body.split(b"\n") if self.body else []


@dataclass(frozen=True)
class Head:
    """Where a chain ends: what a writer needs to resume it."""

    next_seq: int
    last_hash: bytes
    checkpoint: Checkpoint | None
    frontier: bytes


class Store(abc.ABC):
    """A place evidence lives. Implementations: `SQLiteStore`, `PostgresStore`."""

    location: str

    @abc.abstractmethod
    def append(
        self, segment: Segment, checkpoint: Checkpoint, frontier: bytes, durable: bool
    ) -> None:
        """Write a segment and its checkpoint atomically; raises `EvidenceError` on failure.

        `durable=True` must survive power loss, not only a process crash.
        """

    @abc.abstractmethod
    def sync(self) -> None:
        """Make every earlier commit survive power loss; raises `EvidenceError`."""

    @abc.abstractmethod
    def head(self, ep: str) -> Head | None:
        """The end of chain `ep`, or None if it has no records; raises `EvidenceError`."""

    @abc.abstractmethod
    def segments(self, ep: str, offset: int = 0, limit: int | None = None) -> Iterator[Segment]:
        """Segments of `ep` ordered by first_seq then row id, skipping `offset`, at most `limit`."""

    @abc.abstractmethod
    def segment_index(self, ep: str) -> list[tuple[int, int, int]]:
        """(first_seq, count, body length) of every segment of `ep`, in `segments` order.

        Cheap (no blobs are read): lets verification plan work before reading records.
        """

    @abc.abstractmethod
    def checkpoints(self, ep: str) -> list[Checkpoint]:
        """All checkpoints of `ep`, ordered by tree size then row id; raises `EvidenceError`."""

    @abc.abstractmethod
    def enforcement_points(self) -> list[str]:
        """Every chain (enforcement point id) with records or checkpoints, sorted."""

    @abc.abstractmethod
    def lock_writer(self, ep: str) -> None:
        """Become the only writer of chain `ep` until `close()`.

        Two writers on one chain would fork it, so a second one must fail, not wait.
        Raises `EvidenceError` if another writer (in any process) holds the chain.
        """

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection (and any writer lock)."""
