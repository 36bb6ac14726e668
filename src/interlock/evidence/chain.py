"""The hash chain: how a record's hash binds its sequence number, predecessor and content.

    hash(seq, prev, content) = SHA-256(0x00 || "interlock/evidence/record/v1" 0x00
                                       || seq as 8 bytes big-endian || prev || content)

The leading 0x00 makes the record hash *also* an RFC 6962 Merkle leaf hash (leaf data =
everything after it), so checkpoints build their tree straight from record hashes and no
record is hashed twice. The domain tag keeps these hashes from ever being confused with
checkpoint or payload digests. Each enforcement point has its own chain starting at
sequence 1 with `GENESIS` (32 zero bytes) as the previous hash.
"""

from __future__ import annotations

import hashlib

HASH_SIZE = 32
GENESIS = bytes(HASH_SIZE)
RECORD_DOMAIN = b"\x00interlock/evidence/record/v1\x00"
_sha256 = hashlib.sha256


def record_hash(seq: int, prev: bytes, content: bytes) -> bytes:
    """Return the chained hash of the record `seq` whose predecessor hashed to `prev`."""
    return _sha256(RECORD_DOMAIN + seq.to_bytes(8, "big") + prev + content).digest()


def chain_hashes(first_seq: int, prev: bytes, contents: list[bytes]) -> list[bytes]:
    """Hash consecutive records starting at `first_seq` after a record that hashed to `prev`."""
    out: list[bytes] = []
    append = out.append
    seq = first_seq
    for content in contents:
        prev = _sha256(RECORD_DOMAIN + seq.to_bytes(8, "big") + prev + content).digest()
        append(prev)
        seq += 1
    return out
