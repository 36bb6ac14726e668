"""The default store: one SQLite file (WAL mode), normally `.interlock/evidence.db`.

Tuning, each for a measured reason: 64 KiB pages (segment blobs are ~0.5 MB; small pages
made each commit chase long overflow chains, 7x slower), WAL with synchronous=NORMAL (a
commit survives a process crash; it reaches the disk at checkpoint) and synchronous=FULL
for the commits behind `flush()`/`close()`, so those survive power loss too.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from interlock.errors import EvidenceError
from interlock.evidence.checkpoint import Checkpoint
from interlock.evidence.store.interface import Head, Segment, Store

SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS evidence_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS evidence_segments (
    id INTEGER PRIMARY KEY,
    ep TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    count INTEGER NOT NULL,
    prevs BLOB,
    hashes BLOB,
    body BLOB
);
CREATE INDEX IF NOT EXISTS evidence_segments_ep_seq ON evidence_segments (ep, first_seq);
CREATE TABLE IF NOT EXISTS evidence_checkpoints (
    id INTEGER PRIMARY KEY,
    system TEXT NOT NULL,
    ep TEXT NOT NULL,
    tree_size INTEGER NOT NULL,
    root BLOB,
    prev BLOB,
    time_us INTEGER NOT NULL,
    key_id TEXT NOT NULL,
    signature BLOB,
    frontier BLOB
);
CREATE INDEX IF NOT EXISTS evidence_checkpoints_ep_size ON evidence_checkpoints (ep, tree_size);
"""


def _b(value: object) -> bytes:
    return bytes(value) if isinstance(value, bytes | bytearray | memoryview) else b""


def checkpoint_from_row(row: tuple[object, ...]) -> Checkpoint:
    """Build a `Checkpoint` from (system, ep, tree_size, root, prev, time_us, key_id, signature)."""
    system, ep, size, root, prev, time_us, key_id, sig = row
    return Checkpoint(
        str(system), str(ep), _int(size), _b(root), _b(prev), _int(time_us), str(key_id), _b(sig)
    )


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


class SQLiteStore(Store):
    """Evidence in one SQLite file; `readonly=True` for verify, query and export."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        """Open (creating unless `readonly`) the database at `path`.

        Raises `EvidenceError` if it cannot be opened or is not an evidence database.
        """
        self.location = str(path)
        self.path = path
        self._locks: list[int] = []
        try:
            if readonly:
                if not path.exists():
                    raise EvidenceError(f"{path}: no evidence database here")
                self._db = sqlite3.connect(
                    f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
                )
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                # The writer thread takes the connection over from the opening thread; the
                # log never uses it from two threads at once.
                self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
                self._db.execute("PRAGMA page_size=65536")
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(_SCHEMA)
                self._db.execute(
                    "INSERT OR IGNORE INTO evidence_meta VALUES ('schema_version', ?)",
                    (SCHEMA_VERSION,),
                )
            row = self._db.execute(
                "SELECT value FROM evidence_meta WHERE key='schema_version'"
            ).fetchone()
        except sqlite3.Error as exc:
            raise EvidenceError(f"{path}: not a usable evidence database: {exc}") from exc
        if row is None or row[0] != SCHEMA_VERSION:
            raise EvidenceError(f"{path}: unsupported evidence schema version {row and row[0]!r}")

    def append(
        self, segment: Segment, checkpoint: Checkpoint, frontier: bytes, durable: bool
    ) -> None:
        """Write a segment and its checkpoint in one transaction; raises `EvidenceError`."""
        db = self._db
        try:
            if durable:
                db.execute("PRAGMA synchronous=FULL")
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    "INSERT INTO evidence_segments (ep, first_seq, count, prevs, hashes, body)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        segment.ep,
                        segment.first_seq,
                        segment.count,
                        segment.prevs,
                        segment.hashes,
                        segment.body,
                    ),
                )
                c = checkpoint
                db.execute(
                    "INSERT INTO evidence_checkpoints (system, ep, tree_size, root, prev, time_us,"
                    " key_id, signature, frontier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        c.system,
                        c.ep,
                        c.tree_size,
                        c.root,
                        c.prev,
                        c.time_us,
                        c.key_id,
                        c.signature,
                        frontier,
                    ),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            finally:
                if durable:
                    db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            raise EvidenceError(f"{self.path}: cannot write evidence: {exc}") from exc

    def sync(self) -> None:
        """fsync the WAL: batch commits run at synchronous=NORMAL and are not yet on disk."""
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            for path in (wal, self.path):
                if path.exists():
                    fd = os.open(path, os.O_RDONLY)
                    try:
                        os.fsync(fd)
                    finally:
                        os.close(fd)
        except OSError as exc:
            raise EvidenceError(f"{self.path}: cannot sync evidence: {exc.strerror}") from exc

    def head(self, ep: str) -> Head | None:
        """The end of chain `ep` from its last segment and last checkpoint."""
        try:
            seg = self._db.execute(
                "SELECT first_seq, count, hashes FROM evidence_segments WHERE ep=?"
                " ORDER BY first_seq DESC, id DESC LIMIT 1",
                (ep,),
            ).fetchone()
            cp = self._db.execute(
                "SELECT system, ep, tree_size, root, prev, time_us, key_id, signature, frontier"
                " FROM evidence_checkpoints WHERE ep=? ORDER BY tree_size DESC, id DESC LIMIT 1",
                (ep,),
            ).fetchone()
        except sqlite3.Error as exc:
            raise EvidenceError(f"{self.path}: cannot read evidence: {exc}") from exc
        if seg is None:
            return None
        hashes = _b(seg[2])
        return Head(
            next_seq=int(seg[0]) + int(seg[1]),
            last_hash=hashes[-32:],
            checkpoint=checkpoint_from_row(cp[:8]) if cp else None,
            frontier=_b(cp[8]) if cp else b"",
        )

    def segments(self, ep: str, offset: int = 0, limit: int | None = None) -> Iterator[Segment]:
        """Segments of `ep` in sequence order, skipping `offset`, at most `limit`."""
        try:
            cur = self._db.execute(
                "SELECT first_seq, count, prevs, hashes, body FROM evidence_segments"
                " WHERE ep=? ORDER BY first_seq, id LIMIT ? OFFSET ?",
                (ep, -1 if limit is None else limit, offset),
            )
            for first, count, prevs, hashes, body in cur:
                yield Segment(ep, int(first), int(count), prevs, hashes, body)
        except sqlite3.Error as exc:
            raise EvidenceError(f"{self.path}: cannot read evidence: {exc}") from exc

    def segment_index(self, ep: str) -> list[tuple[int, int, int]]:
        """(first_seq, count, body length) per segment, without reading blobs."""
        try:
            rows = self._db.execute(
                "SELECT first_seq, count, coalesce(length(body), 0) FROM evidence_segments"
                " WHERE ep=? ORDER BY first_seq, id",
                (ep,),
            ).fetchall()
        except sqlite3.Error as exc:
            raise EvidenceError(f"{self.path}: cannot read evidence: {exc}") from exc
        return [(int(a), int(b), int(c)) for a, b, c in rows]

    def checkpoints(self, ep: str) -> list[Checkpoint]:
        """All checkpoints of `ep` by tree size."""
        try:
            rows = self._db.execute(
                "SELECT system, ep, tree_size, root, prev, time_us, key_id, signature"
                " FROM evidence_checkpoints WHERE ep=? ORDER BY tree_size, id",
                (ep,),
            ).fetchall()
        except sqlite3.Error as exc:
            raise EvidenceError(f"{self.path}: cannot read evidence: {exc}") from exc
        return [checkpoint_from_row(r) for r in rows]

    def enforcement_points(self) -> list[str]:
        """Every chain id present."""
        try:
            rows = self._db.execute(
                "SELECT ep FROM evidence_segments UNION SELECT ep FROM evidence_checkpoints"
            ).fetchall()
        except sqlite3.Error as exc:
            raise EvidenceError(f"{self.path}: cannot read evidence: {exc}") from exc
        return sorted(str(r[0]) for r in rows)

    def lock_writer(self, ep: str) -> None:
        """Hold an exclusive lock file beside the database for chain `ep`."""
        import fcntl
        import hashlib

        tag = hashlib.sha256(ep.encode()).hexdigest()[:16]
        path = self.path.with_name(f"{self.path.name}.{tag}.lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise EvidenceError(
                f"{self.path}: another writer is appending to chain {ep!r} ({path} is locked)"
            ) from exc
        self._locks.append(fd)

    def close(self) -> None:
        """Close the connection and release writer locks (idempotent)."""
        self._db.close()
        while self._locks:
            os.close(self._locks.pop())
