"""Signed checkpoints: a signature over the Merkle root of a chain's first `tree_size` records.

The signed message is a domain tag followed by the RFC 8785 form of the checkpoint's fields
(everything except the signature), so the signer and every verifier hash the same bytes.
Each checkpoint names the digest of the one before it, so checkpoints form their own chain
and one cannot be dropped or swapped without breaking the next.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from interlock.errors import VerificationError
from interlock.evidence import canonical
from interlock.evidence.chain import GENESIS
from interlock.evidence.keys import SigningKey, TrustStore

CHECKPOINT_DOMAIN = b"interlock/evidence/checkpoint/v1\x00"
CHECKPOINT_ID_DOMAIN = b"interlock/evidence/checkpoint-id/v1\x00"


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement: chain `ep` of `system` had `tree_size` records with Merkle `root`."""

    system: str
    ep: str
    tree_size: int
    root: bytes
    prev: bytes
    time_us: int
    key_id: str
    signature: bytes

    def body(self) -> dict[str, object]:
        """The signed fields as a JCS-safe dict (hashes in hex)."""
        return {
            "v": 1,
            "system": self.system,
            "ep": self.ep,
            "tree_size": self.tree_size,
            "root": self.root.hex(),
            "prev": self.prev.hex(),
            "time_us": self.time_us,
            "key_id": self.key_id,
        }

    def message(self) -> bytes:
        """The exact bytes the signature covers."""
        return CHECKPOINT_DOMAIN + canonical.dumps(self.body())

    def digest(self) -> bytes:
        """This checkpoint's id, which the next checkpoint names as `prev`."""
        return hashlib.sha256(CHECKPOINT_ID_DOMAIN + self.message() + self.signature).digest()

    @classmethod
    def sign(
        cls,
        key: SigningKey,
        *,
        system: str,
        ep: str,
        tree_size: int,
        root: bytes,
        prev: bytes = GENESIS,
        time_us: int,
    ) -> Checkpoint:
        """Create and sign a checkpoint with `key`."""
        unsigned = cls(system, ep, tree_size, root, prev, time_us, key.key_id, b"")
        return cls(
            system, ep, tree_size, root, prev, time_us, key.key_id, key.sign(unsigned.message())
        )

    def verify(self, trust: TrustStore) -> None:
        """Raises `VerificationError` unless a trusted, unretired key signed this checkpoint."""
        trust.check(self.key_id, self.signature, self.message(), self.time_us)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form (hex hashes, hex signature) for proofs and reports."""
        out = self.body()
        out["signature"] = self.signature.hex()
        return out

    @classmethod
    def from_json(cls, data: Any) -> Checkpoint:
        """Parse `to_json` output; raises `VerificationError` if it is malformed."""
        try:
            if data["v"] != 1:
                raise VerificationError(f"unsupported checkpoint version {data['v']!r}")
            cp = cls(
                str(data["system"]),
                str(data["ep"]),
                int(data["tree_size"]),
                bytes.fromhex(data["root"]),
                bytes.fromhex(data["prev"]),
                int(data["time_us"]),
                str(data["key_id"]),
                bytes.fromhex(data["signature"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise VerificationError(f"malformed checkpoint: {exc!r}") from exc
        if len(cp.root) != 32 or len(cp.prev) != 32:
            raise VerificationError("malformed checkpoint: hashes must be 32 bytes")
        return cp
