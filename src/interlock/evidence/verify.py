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
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from interlock.errors import EvidenceError, VerificationError
from interlock.evidence.chain import GENESIS, HASH_SIZE, RECORD_DOMAIN
from interlock.evidence.checkpoint import Checkpoint
from interlock.evidence.keys import TrustStore
from interlock.evidence.merkle import CompactRange, range_subtrees
from interlock.evidence.store.interface import Segment, Store

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
    leaves = [hashes[i : i + HASH_SIZE] for i in range(0, len(hashes), HASH_SIZE)]
    prev_expected = expected_prev
    prev_ok = True
    for i in range(min(count, len(contents))):
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


def _check_segment_args(
    args: tuple[int, int, bytes | None, bytes | None, bytes | None, bytes, int],
) -> tuple[list[Problem], list[tuple[int, bytes]], list[bytes]]:
    problems, subtrees, _ = check_segment(*args)
    # Leaves stay in the worker: the parent only needs them when a checkpoint falls
    # inside a segment, which our writer never produces; it re-derives them then.
    return problems, subtrees, []


def _segment_jobs(
    segments: Iterator[Segment], report: ChainReport, state: dict[str, object]
) -> Iterator[
    tuple[Segment, tuple[int, int, bytes | None, bytes | None, bytes | None, bytes, int]]
]:
    """Order and continuity checks (sequential, cheap); yields work for the hash checks."""
    expected_seq = 1
    prev = GENESIS
    leaf_pos = 0
    for seg in segments:
        if seg.first_seq > expected_seq:
            report.problems.append(
                Problem(
                    expected_seq,
                    f"missing: the sequence jumps from {expected_seq - 1} to {seg.first_seq}",
                )
            )
        elif seg.first_seq < expected_seq:
            report.problems.append(
                Problem(
                    seg.first_seq,
                    f"out of order or repeated: expected record {expected_seq} next",
                )
            )
            # Its link to the segment before is meaningless; the repeat is the finding.
            if seg.prevs is not None and len(seg.prevs) >= HASH_SIZE:
                prev = seg.prevs[:HASH_SIZE]
        # Bounded by the body so a forged count cannot make us allocate without limit.
        count = max(0, min(seg.count, len(seg.body or b"") + 1))
        yield seg, (seg.first_seq, count, seg.prevs, seg.hashes, seg.body, prev, leaf_pos)
        leaf_pos += count
        expected_seq = seg.first_seq + count
        if seg.hashes and len(seg.hashes) >= HASH_SIZE:
            prev = seg.hashes[-HASH_SIZE:]
    state["records"] = leaf_pos
    state["end_seq"] = expected_seq - 1


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
    contain it. `workers=None` uses every core for large logs; `workers=0` stays in
    process. Raises `EvidenceError` only if the store cannot be read.
    """
    started = time.perf_counter()
    report = ChainReport(ep)
    checkpoints = store.checkpoints(ep)
    _check_checkpoints(checkpoints, trust, report)
    report.checkpoints = len(checkpoints)
    pending = sorted(checkpoints, key=lambda c: c.tree_size)
    frontier = CompactRange()
    state: dict[str, object] = {}
    jobs = _segment_jobs(store.segments(ep), report, state)
    n_workers = (os.cpu_count() or 1) if workers is None else workers
    last_head = store.head(ep)
    big = last_head is not None and last_head.next_seq > PARALLEL_THRESHOLD
    signed_upto = 0
    covered: list[tuple[int, Checkpoint]] = []

    def consume(seg: Segment, problems: list[Problem], subtrees: list[tuple[int, bytes]]) -> None:
        nonlocal signed_upto
        report.problems.extend(problems)
        start = frontier.size
        count = sum(size for size, _ in subtrees)
        # Checkpoints that end inside this segment (never written by our writer).
        while pending and start < pending[0].tree_size < start + count:
            cp = pending.pop(0)
            _, _, leaves = check_segment(
                seg.first_seq, seg.count, seg.prevs, seg.hashes, seg.body, GENESIS, start
            )
            partial = CompactRange(frontier.size, frontier.nodes)
            partial.extend(leaves[: cp.tree_size - start])
            covered.append((cp.tree_size, cp))
            _compare_root(cp, partial.root(), signed_upto, report)
            signed_upto = cp.tree_size
        frontier.merge(subtrees)
        while pending and pending[0].tree_size <= frontier.size:
            cp = pending.pop(0)
            if cp.tree_size == frontier.size:
                _compare_root(cp, frontier.root(), signed_upto, report)
                signed_upto = cp.tree_size

    if big and n_workers > 1:
        ctx = multiprocessing.get_context(
            "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        )
        segs: dict[int, Segment] = {}

        def args_only() -> Iterator[
            tuple[int, int, bytes | None, bytes | None, bytes | None, bytes, int]
        ]:
            for i, (seg, args) in enumerate(jobs):
                segs[i] = seg
                yield args

        with ctx.Pool(n_workers) as pool:
            for i, (problems, subtrees, _) in enumerate(
                pool.imap(_check_segment_args, args_only(), chunksize=2)
            ):
                consume(segs.pop(i), problems, subtrees)
    else:
        for seg, args in jobs:
            problems, subtrees, _ = check_segment(*args)
            consume(seg, problems, subtrees)

    records = int(state.get("records", 0))  # type: ignore[call-overload]
    end_seq = int(state.get("end_seq", 0))  # type: ignore[call-overload]
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
    prev_time = 0
    for cp in checkpoints:
        where = prev_size + 1
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
        if cp.tree_size <= prev_size or cp.time_us < prev_time:
            report.problems.append(
                Problem(
                    where, f"checkpoint of size {cp.tree_size} is out of order", False, cp.tree_size
                )
            )
        prev, prev_size, prev_time = cp.digest(), cp.tree_size, cp.time_us


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
