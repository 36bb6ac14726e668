"""Inclusion proofs: show one record is in a signed checkpoint without the rest of the log.

A proof carries the record's exact canonical content, its sequence number and predecessor
hash (to recompute its leaf hash), the RFC 6962 audit path, and the signed checkpoint. An
auditor needs only the proof and the trust file: `check_proof` recomputes the leaf, walks
the path to the root, compares it with the checkpoint's root and checks its signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from interlock.errors import EvidenceError, VerificationError
from interlock.evidence.chain import HASH_SIZE, record_hash
from interlock.evidence.checkpoint import Checkpoint
from interlock.evidence.keys import TrustStore
from interlock.evidence.merkle import inclusion_path, root_from_path
from interlock.evidence.store.interface import Store

PROOF_TYPE = "interlock.evidence.inclusion/v1"
MAX_PROOF_BYTES = 1024 * 1024


@dataclass(frozen=True)
class InclusionProof:
    """Record `seq` of chain `ep` is leaf `seq - 1` of the tree `checkpoint` signs."""

    ep: str
    seq: int
    prev: bytes
    record: bytes
    path: list[bytes]
    checkpoint: Checkpoint

    def to_json(self) -> dict[str, Any]:
        """A self-contained JSON form (hashes in hex, the record as its exact JSON text)."""
        return {
            "type": PROOF_TYPE,
            "ep": self.ep,
            "seq": self.seq,
            "prev": self.prev.hex(),
            "record": self.record.decode(),
            "leaf_hash": record_hash(self.seq, self.prev, self.record).hex(),
            "tree_size": self.checkpoint.tree_size,
            "path": [p.hex() for p in self.path],
            "checkpoint": self.checkpoint.to_json(),
        }

    @classmethod
    def from_json(cls, data: Any) -> InclusionProof:
        """Parse `to_json` output; raises `VerificationError` if it is malformed."""
        try:
            if data["type"] != PROOF_TYPE:
                raise VerificationError(f"not an inclusion proof (type {data['type']!r})")
            proof = cls(
                ep=str(data["ep"]),
                seq=int(data["seq"]),
                prev=bytes.fromhex(data["prev"]),
                record=str(data["record"]).encode(),
                path=[bytes.fromhex(p) for p in data["path"]],
                checkpoint=Checkpoint.from_json(data["checkpoint"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise VerificationError(f"malformed inclusion proof: {exc!r}") from exc
        if len(proof.prev) != HASH_SIZE or any(len(p) != HASH_SIZE for p in proof.path):
            raise VerificationError("malformed inclusion proof: hashes must be 32 bytes")
        return proof

    @classmethod
    def loads(cls, text: bytes) -> InclusionProof:
        """Parse a proof file's bytes; raises `VerificationError` if too big or not JSON."""
        if len(text) > MAX_PROOF_BYTES:
            raise VerificationError(f"inclusion proof is over {MAX_PROOF_BYTES} bytes")
        try:
            return cls.from_json(orjson.loads(text))
        except orjson.JSONDecodeError as exc:
            raise VerificationError(f"inclusion proof is not valid JSON: {exc}") from exc


def prove(store: Store, ep: str, seq: int, *, tree_size: int | None = None) -> InclusionProof:
    """Build the proof that record `seq` of chain `ep` is in a signed checkpoint.

    Uses the latest checkpoint, or the one of `tree_size`. Raises `EvidenceError` if the
    record or checkpoint does not exist.
    """
    checkpoints = store.checkpoints(ep)
    if not checkpoints:
        raise EvidenceError(f"{store.location}: chain {ep!r} has no signed checkpoint")
    if tree_size is None:
        cp = checkpoints[-1]
    else:
        matches = [c for c in checkpoints if c.tree_size == tree_size]
        if not matches:
            raise EvidenceError(f"chain {ep!r} has no checkpoint of size {tree_size}")
        cp = matches[-1]
    if not 1 <= seq <= cp.tree_size:
        raise EvidenceError(
            f"record {seq} is not covered by the checkpoint of size {cp.tree_size} "
            f"(records 1..{cp.tree_size})"
        )
    leaves: list[bytes] = []
    record: bytes | None = None
    prev = b""
    for seg in store.segments(ep):
        if seg.first_seq != len(leaves) + 1 or seg.hashes is None or seg.prevs is None:
            raise EvidenceError(
                f"chain {ep!r} is damaged near record {len(leaves) + 1}; "
                "run `interlock evidence verify`"
            )
        hashes = seg.hashes
        if seg.first_seq <= seq < seg.first_seq + seg.count:
            i = seq - seg.first_seq
            contents = seg.contents()
            if i >= len(contents):
                raise EvidenceError(f"record {seq} is missing from its segment")
            record = contents[i]
            prev = seg.prevs[i * HASH_SIZE : (i + 1) * HASH_SIZE]
        leaves.extend(hashes[j : j + HASH_SIZE] for j in range(0, len(hashes), HASH_SIZE))
        if len(leaves) >= cp.tree_size:
            break
    if record is None or len(leaves) < cp.tree_size:
        raise EvidenceError(f"record {seq} is not in {store.location}")
    path = inclusion_path(leaves[: cp.tree_size], seq - 1)
    return InclusionProof(ep=ep, seq=seq, prev=prev, record=record, path=path, checkpoint=cp)


def check_proof(proof: InclusionProof, trust: TrustStore) -> None:
    """Check `proof` offline against `trust`.

    Raises `VerificationError` naming what failed: the checkpoint signature, a chain or
    sequence mismatch, or a root that the record and path do not reproduce.
    """
    cp = proof.checkpoint
    if cp.ep != proof.ep:
        raise VerificationError(
            f"proof is for chain {proof.ep!r} but the checkpoint is for {cp.ep!r}"
        )
    cp.verify(trust)
    leaf = record_hash(proof.seq, proof.prev, proof.record)
    root = root_from_path(leaf, proof.seq - 1, cp.tree_size, proof.path)
    if root != cp.root:
        raise VerificationError(
            f"record {proof.seq}: the record and audit path do not reproduce the signed root "
            f"of the checkpoint of size {cp.tree_size}"
        )
