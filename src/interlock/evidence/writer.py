"""`ChainWriter`: appends batches to one chain, each committed with its signed checkpoint.

It owns the chain's running state (next sequence number, last hash, Merkle compact range,
last checkpoint digest), resumes it from the store after checking it against the last
checkpoint, and holds the store's single-writer lock for the chain. The in-process log
drives it from a thread; `interlock.evidence.process` drives it from a child process.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import orjson

from interlock.errors import EvidenceError
from interlock.evidence.chain import GENESIS, chain_hashes
from interlock.evidence.checkpoint import Checkpoint
from interlock.evidence.keys import SigningKey
from interlock.evidence.merkle import CompactRange
from interlock.evidence.store.interface import Segment, Store


class ChainWriter:
    """Appends to chain `ep` of `store`, signing a checkpoint per batch with `key`."""

    def __init__(
        self,
        store: Store,
        key: SigningKey,
        *,
        system: str,
        enforcement_point: str,
        head_path: Path | None = None,
    ) -> None:
        """Lock the chain and resume it from the store.

        Raises `EvidenceError` if another writer holds the chain or the stored chain does
        not end at a checkpoint consistent with its saved tree state.
        """
        self.store = store
        self.key = key
        self.system = system
        self.ep = enforcement_point
        self.head_path = head_path
        self.checkpoints = 0
        store.lock_writer(enforcement_point)
        head = store.head(enforcement_point)
        if head is None:
            self.next_seq, self.last_hash = 1, GENESIS
            self.frontier = CompactRange()
            self.last_cp = GENESIS
            return
        cp = head.checkpoint
        where = f"{store.location} (chain {enforcement_point})"
        if cp is None or cp.tree_size != head.next_seq - 1 or len(head.last_hash) != 32:
            raise EvidenceError(
                f"{where}: the log does not end at a signed checkpoint; "
                "run `interlock evidence verify` before writing to it"
            )
        try:
            frontier = CompactRange.from_bytes(cp.tree_size, head.frontier)
        except EvidenceError as exc:
            raise EvidenceError(f"{where}: cannot resume: {exc}") from exc
        if frontier.root() != cp.root:
            raise EvidenceError(
                f"{where}: the last checkpoint's root does not match its saved tree state; "
                "run `interlock evidence verify`"
            )
        self.next_seq, self.last_hash = head.next_seq, head.last_hash
        self.frontier = frontier
        self.last_cp = cp.digest()

    def commit(self, items: list[bytes], *, durable: bool) -> None:
        """Chain, hash, sign and store `items` (canonical record contents) as one batch.

        An empty durable batch makes earlier commits durable. Raises `EvidenceError` if
        the store fails; the writer's state is then unchanged.
        """
        if not items:
            if durable:
                self.store.sync()
            return
        first = self.next_seq
        hashes = chain_hashes(first, self.last_hash, items)
        hashes_blob = b"".join(hashes)
        # Work on a copy so a failed commit leaves the writer's state untouched.
        frontier = CompactRange(self.frontier.size, self.frontier.nodes)
        frontier.extend(hashes)
        cp = Checkpoint.sign(
            self.key,
            system=self.system,
            ep=self.ep,
            tree_size=frontier.size,
            root=frontier.root(),
            prev=self.last_cp,
            time_us=time.time_ns() // 1000,
        )
        segment = Segment(
            ep=self.ep,
            first_seq=first,
            count=len(items),
            prevs=self.last_hash + hashes_blob[:-32],
            hashes=hashes_blob,
            body=b"\n".join(items),
        )
        self.store.append(segment, cp, frontier.to_bytes(), durable)
        self.next_seq = first + len(items)
        self.last_hash = hashes[-1]
        self.frontier = frontier
        self.last_cp = cp.digest()
        self.checkpoints += 1
        if self.head_path is not None:
            write_head(self.head_path, cp, durable=durable)

    def close(self) -> None:
        """Close the store, releasing the chain's writer lock."""
        self.store.close()


def write_head(path: Path, cp: Checkpoint, *, durable: bool) -> None:
    """Atomically replace the head witness at `path` with checkpoint `cp` (JSON)."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        f.write(orjson.dumps(cp.to_json()))
        if durable:
            f.flush()
            os.fsync(f.fileno())
    tmp.replace(path)


def read_head(path: Path) -> Checkpoint:
    """Read a head witness; raises `EvidenceError` if it is unreadable or malformed."""
    try:
        return Checkpoint.from_json(orjson.loads(path.read_bytes()))
    except (OSError, orjson.JSONDecodeError) as exc:
        raise EvidenceError(f"{path}: cannot read head witness: {exc}") from exc
