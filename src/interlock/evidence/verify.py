"""`verify`: check a chain end to end and name the first record that is wrong.

Checked, per enforcement point: every record's hash against its sequence number, stored
predecessor and content; every link (each record's stored predecessor is the previous
record's hash); sequence continuity (no gap, repeat or reordering); every checkpoint's
signature by a trusted key that was not yet retired, its link to the previous checkpoint,
and its Merkle root against the records it covers; that the log ends exactly at a signed
checkpoint (no unsigned or missing tail); and, given a head witness, that the log still
contains the checkpoint the witness saw. Large logs are checked segment by segment in
worker processes; the cheap sequential part (order, links between segments, roots) stays
in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import struct
import time
from dataclasses import dataclass, field
from hashlib import sha256 as _sha256
from itertools import chain as _then
from itertools import repeat
from typing import Any

from interlock.errors import EvidenceError, VerificationError
from interlock.evidence.chain import GENESIS, HASH_SIZE, RECORD_DOMAIN
from interlock.evidence.checkpoint import Checkpoint
from interlock.evidence.keys import TrustStore
from interlock.evidence.merkle import CompactRange, range_subtrees
from interlock.evidence.store import SQLiteStore, Store, is_postgres

_SEQ = struct.Struct(">Q")
_digest = type(_sha256()).digest
_join = b"".join
PARALLEL_THRESHOLD = 50_000
"""Below this many records, worker start-up costs more than it saves."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, located at record `seq` (the first record it concerns)."""

    seq: int
    message: str
    precise: bool = True
    """False when tampering was found only by a signed root, so `seq` starts a range."""
    end: int = 0
    """Last record of that range (imprecise problems only)."""

    def __str__(self) -> str:
        return f"record {self.seq}: {self.message}"


@dataclass
class ChainReport:
    """What `verify_chain` found for one enforcement point."""

    ep: str
    records: int = 0
    checkpoints: int = 0
    signed_size: int = 0
    key_ids: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def first_problem(self) -> Problem | None:
        """The earliest problem: precise record findings win over a range they fall in."""
        if not self.problems:
            return None
        ordered = sorted(self.problems)
        first = ordered[0]
        if not first.precise:
            # A root mismatch covers a range; prefer a precise finding at or before its end.
            for p in ordered:
                if p.precise and p.seq <= _range_end(first):
                    return p
        return first

    def raise_for_problems(self) -> None:
        """Raises `VerificationError` naming the first bad record, if there is one."""
        first = self.first_problem
        if first is not None:
            more = len(self.problems) - 1
            extra = f" ({more} more problem{'s' if more != 1 else ''})" if more else ""
            raise VerificationError(f"chain {self.ep}: {first}{extra}")


def _range_end(problem: Problem) -> int:
    return max(problem.end, problem.seq)


def check_segment(
    first_seq: int,
    count: int,
    prevs: bytes | None,
    hashes: bytes | None,
    body: bytes | None,
    expected_prev: bytes,
    leaf_start: int,
) -> tuple[list[Problem], list[tuple[int, bytes]], list[bytes]]:
    """Check one segment's records; return (problems, Merkle subtrees, stored leaf hashes).

    Runs in worker processes, so it takes and returns plain values only.
    """
    import hashlib

    sha = hashlib.sha256
    problems: list[Problem] = []
    if hashes is None or len(hashes) != HASH_SIZE * count:
        what = "missing (NULL)" if hashes is None else "the wrong length"
        last = first_seq + count - 1
        # Zero leaves keep later records at their tree positions; the root check then
        # fails for this range too, as it must.
        zeros = [bytes(HASH_SIZE)] * count
        problem = Problem(first_seq, f"stored hashes of records {first_seq}..{last} are {what}")
        return [problem], range_subtrees(leaf_start, zeros), zeros
    if prevs is None or len(prevs) != HASH_SIZE * count:
        problems.append(Problem(first_seq, "stored previous-hashes are missing or truncated"))
        prevs = expected_prev + hashes[:-HASH_SIZE]
    contents = body.split(b"\n") if body else []
    if len(contents) != count:
        problems.append(
            Problem(first_seq, f"segment claims {count} records but holds {len(contents)}")
        )
    size = len(hashes)
    leaves = list(
        map(
            hashes.__getitem__,
            map(slice, range(0, size, HASH_SIZE), range(HASH_SIZE, size + HASH_SIZE, HASH_SIZE)),
        )
    )
    n = min(count, len(contents))
    # Fast path, taken by every intact segment: all links hold iff the stored prevs are
    # the stored hashes shifted by one, and all contents hold iff the recomputed hashes
    # equal the stored ones. Two comparisons instead of 2n; per-record work only on failure.
    # The hashes come from a chain of C-level maps (no bytecode per record).
    if n == count and prevs == expected_prev + hashes[:-HASH_SIZE]:
        inputs = zip(
            repeat(RECORD_DOMAIN),
            map(_SEQ.pack, range(first_seq, first_seq + n)),
            _then([expected_prev], leaves),
            contents,
        )
        if _join(map(_digest, map(sha, map(_join, inputs)))) == hashes:
            return problems, range_subtrees(leaf_start, leaves), leaves
    prev_expected = expected_prev
    prev_ok = True
    for i in range(n):
        seq = first_seq + i
        stored = leaves[i]
        prev = prevs[i * HASH_SIZE : (i + 1) * HASH_SIZE]
        content = contents[i]
        ok = sha(RECORD_DOMAIN + seq.to_bytes(8, "big") + prev + content).digest() == stored
        linked = prev == prev_expected
        if not ok or not linked:
            found = _diagnose(seq, i, prev, content, stored, linked, prev_ok, leaves, sha)
            if found is not None:
                problems.append(found)
        prev_expected, prev_ok = stored, ok
    subtrees = range_subtrees(leaf_start, leaves)
    return problems, subtrees, leaves


def _diagnose(
    seq: int,
    i: int,
    prev: bytes,
    content: bytes,
    stored: bytes,
    linked: bool,
    prev_ok: bool,
    leaves: list[bytes],
    sha: Any,
) -> Problem | None:
    """Name what is wrong with record `seq` (slow path: only runs on failures)."""
    if stored == bytes(HASH_SIZE):
        return Problem(seq, "hash is missing (zeroed)")

    def hashes_as(n: int) -> bool:
        return bool(sha(RECORD_DOMAIN + n.to_bytes(8, "big") + prev + content).digest() == stored)

    skipped = i >= 2 and prev == leaves[i - 2]
    if hashes_as(seq - 1) if seq > 1 else False:
        # Intact but numbered one too high: something was inserted before it.
        return Problem(seq - 1, f"inserted: record {seq} was record {seq - 1} before it")
    if hashes_as(seq + 1):
        return Problem(
            seq,
            f"missing: records were deleted and later ones renumbered "
            f"(this one was record {seq + 1})",
        )
    if not hashes_as(seq):
        return Problem(seq, "content does not match its hash (record altered)")
    if skipped:
        return Problem(seq - 1, f"inserted: record {seq} is chained past it to record {seq - 2}")
    if linked:
        return None
    if prev_ok and seq > 1:
        # Intact, but chained to a hash its predecessor no longer has: the predecessor was
        # rewritten (and rehashed), removed or displaced.
        return Problem(
            seq - 1,
            f"hash differs from the one record {seq} is chained to "
            "(record altered and rehashed, or records removed or inserted here)",
        )
    return Problem(seq, "not chained to the previous record")


def _bounded(count: int, body_len: int) -> int:
    # A forged count must not make us allocate without limit: each record is >= 2 bytes.
    return max(0, min(count, body_len + 1))


def _plan(index: list[tuple[int, int, int]], report: ChainReport) -> tuple[list[int], int, int]:
    """Sequence continuity over the segment index; returns (leaf start per segment, records,
    last sequence number)."""
    expected_seq = 1
    leaf_pos = 0
    starts = []
    for first, count, body_len in index:
        if first > expected_seq:
            report.problems.append(
                Problem(
                    expected_seq, f"missing: the sequence jumps from {expected_seq - 1} to {first}"
                )
            )
        elif first < expected_seq:
            report.problems.append(
                Problem(first, f"out of order or repeated: expected record {expected_seq} next")
            )
        n = _bounded(count, body_len)
        starts.append(leaf_pos)
        leaf_pos += n
        expected_seq = first + n
    return starts, leaf_pos, expected_seq - 1


SegmentResult = tuple[list[Problem], list[tuple[int, bytes]]]


def _check_range(store: Store, ep: str, start: int, starts: list[int]) -> list[SegmentResult]:
    """Hash-check segments start .. start+len(starts)-1 (by position), in order."""
    prev = GENESIS
    expected_seq = 1
    offset = start - 1 if start > 0 else 0
    out: list[SegmentResult] = []
    for k, seg in enumerate(store.segments(ep, offset, start + len(starts) - offset)):
        body_len = len(seg.body or b"")
        count = _bounded(seg.count, body_len)
        if offset + k >= start:
            if seg.first_seq < expected_seq and seg.prevs and len(seg.prevs) >= HASH_SIZE:
                # Its link to the segment before is meaningless; the repeat is the finding.
                prev = seg.prevs[:HASH_SIZE]
            problems, subtrees, _ = check_segment(
                seg.first_seq,
                count,
                seg.prevs,
                seg.hashes,
                seg.body,
                prev,
                starts[offset + k - start],
            )
            out.append((problems, subtrees))
        expected_seq = seg.first_seq + count
        if seg.hashes and len(seg.hashes) >= HASH_SIZE:
            prev = seg.hashes[-HASH_SIZE:]
    return out


def _check_chunk(args: tuple[str, str, int, list[int]]) -> list[SegmentResult]:
    """Worker entry point: reopen the store read-only and check one chunk of segments."""
    location, ep, start, starts = args
    from interlock.evidence.store import open_store

    store = open_store(location, readonly=True)
    try:
        return _check_range(store, ep, start, starts)
    finally:
        store.close()


def verify_chain(
    store: Store,
    ep: str,
    trust: TrustStore,
    *,
    head: Checkpoint | None = None,
    workers: int | None = None,
) -> ChainReport:
    """Verify chain `ep` of `store` against `trust`; return a report listing every problem.

    `head`, if given, is a checkpoint seen earlier (the head witness): the log must still
    contain it. `workers=None` uses every core for large logs (each worker reads its own
    share of the store); `workers=0` stays in process. Raises `EvidenceError` only if the
    store cannot be read.
    """
    started = time.perf_counter()
    report = ChainReport(ep)
    checkpoints = store.checkpoints(ep)
    _check_checkpoints(checkpoints, trust, report)
    report.checkpoints = len(checkpoints)
    pending = sorted(checkpoints, key=lambda c: c.tree_size)
    index = store.segment_index(ep)
    starts, records, end_seq = _plan(index, report)
    n_workers = (os.cpu_count() or 1) if workers is None else workers
    reopenable = isinstance(store, SQLiteStore) or is_postgres(store.location)
    if records > PARALLEL_THRESHOLD and n_workers > 1 and reopenable:
        # Chunks of contiguous segments, several per worker so a slow one does not stall
        # the rest; results come back in order.
        n_chunks = min(len(index), n_workers * 4)
        bounds = [len(index) * i // n_chunks for i in range(n_chunks + 1)]
        jobs = [
            (store.location, ep, bounds[i], starts[bounds[i] : bounds[i + 1]])
            for i in range(n_chunks)
        ]
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with multiprocessing.get_context(method).Pool(n_workers) as pool:
            results = [r for chunk in pool.imap(_check_chunk, jobs) for r in chunk]
    else:
        results = _check_range(store, ep, 0, starts)

    frontier = CompactRange()
    signed_upto = 0
    for ordinal, (problems, subtrees) in enumerate(results):
        report.problems.extend(problems)
        start = frontier.size
        count = sum(size for size, _ in subtrees)
        # Checkpoints that end inside this segment (our writer never makes them).
        while pending and start < pending[0].tree_size < start + count:
            cp = pending.pop(0)
            seg = next(store.segments(ep, ordinal, 1))
            _, _, leaves = check_segment(
                seg.first_seq, count, seg.prevs, seg.hashes, seg.body, GENESIS, start
            )
            partial = CompactRange(frontier.size, frontier.nodes)
            partial.extend(leaves[: cp.tree_size - start])
            _compare_root(cp, partial.root(), signed_upto, report)
            signed_upto = cp.tree_size
        frontier.merge(subtrees)
        while pending and pending[0].tree_size <= frontier.size:
            cp = pending.pop(0)
            if cp.tree_size == frontier.size:
                _compare_root(cp, frontier.root(), signed_upto, report)
                signed_upto = cp.tree_size

    report.records = records
    report.signed_size = signed_upto
    report.key_ids = {c.key_id for c in checkpoints}
    for cp in pending:
        report.problems.append(
            Problem(
                end_seq + 1,
                f"missing: a signed checkpoint covers {cp.tree_size} records but the log "
                f"ends at {end_seq} (tail dropped)",
            )
        )
    if records > signed_upto and not pending:
        report.problems.append(
            Problem(
                signed_upto + 1,
                f"records {signed_upto + 1}..{records} are not covered by any signed "
                "checkpoint (appended after the last checkpoint, or the checkpoint removed)",
            )
        )
    if head is not None:
        _check_head(head, checkpoints, trust, end_seq, report)
    report.seconds = time.perf_counter() - started
    return report


def _compare_root(cp: Checkpoint, root: bytes, signed_upto: int, report: ChainReport) -> None:
    if root != cp.root:
        report.problems.append(
            Problem(
                signed_upto + 1,
                f"records {signed_upto + 1}..{cp.tree_size} do not match the Merkle root signed "
                f"by the checkpoint of size {cp.tree_size} (altered and rehashed, removed, "
                f"inserted or reordered in that range)",
                precise=False,
                end=cp.tree_size,
            )
        )


def _check_checkpoints(
    checkpoints: list[Checkpoint], trust: TrustStore, report: ChainReport
) -> None:
    prev = GENESIS
    prev_size = 0
    for cp in checkpoints:
        where = prev_size + 1
        if cp.ep != report.ep:
            report.problems.append(
                Problem(
                    where,
                    f"checkpoint of size {cp.tree_size} signs chain {cp.ep!r}, not {report.ep!r}",
                    False,
                    cp.tree_size,
                )
            )
        try:
            cp.verify(trust)
        except VerificationError as exc:
            report.problems.append(
                Problem(where, f"checkpoint of size {cp.tree_size}: {exc}", False, cp.tree_size)
            )
        if cp.prev != prev:
            report.problems.append(
                Problem(
                    where,
                    f"checkpoint of size {cp.tree_size} does not follow the previous checkpoint "
                    f"(a checkpoint was removed, inserted or reordered)",
                    False,
                    cp.tree_size,
                )
            )
        # Sizes must grow; times are the writer's wall clock and may step back (NTP), so
        # they order nothing here (retirement checks use them, see TrustStore.check).
        if cp.tree_size <= prev_size:
            report.problems.append(
                Problem(
                    where, f"checkpoint of size {cp.tree_size} is out of order", False, cp.tree_size
                )
            )
        prev, prev_size = cp.digest(), cp.tree_size


def _check_head(
    head: Checkpoint,
    checkpoints: list[Checkpoint],
    trust: TrustStore,
    end_seq: int,
    report: ChainReport,
) -> None:
    try:
        head.verify(trust)
    except VerificationError as exc:
        raise VerificationError(f"head witness: {exc}") from exc
    if not any(c.tree_size == head.tree_size and c.root == head.root for c in checkpoints):
        report.problems.append(
            Problem(
                min(end_seq, head.tree_size) + 1,
                f"missing: the head witness saw a signed log of {head.tree_size} records "
                f"that this log no longer contains (it ends at {end_seq}: truncated or rewritten)",
            )
        )


def verify_store(
    store: Store,
    trust: TrustStore,
    *,
    ep: str | None = None,
    head: Checkpoint | None = None,
    workers: int | None = None,
) -> list[ChainReport]:
    """Verify every chain in `store` (or only `ep`); return reports, raising nothing for findings.

    Raises `EvidenceError` if the store is empty or `ep` is not in it.
    """
    eps = store.enforcement_points()
    if ep is not None:
        if ep not in eps:
            raise EvidenceError(f"{store.location}: no chain for enforcement point {ep!r}")
        eps = [ep]
    if not eps:
        raise EvidenceError(f"{store.location}: the evidence log is empty")
    reports = []
    for e in eps:
        h = head if head is not None and head.ep == e else None
        reports.append(verify_chain(store, e, trust, head=h, workers=workers))
    return reports
