"""Evidence: what every enforcement point observed and decided, as records that can be trusted.

Records are canonical JSON (RFC 8785), hash-chained per enforcement point, batched into
segments and signed by Ed25519 checkpoints over an RFC 6962 Merkle tree. `open_log` is the
one call an enforcement point needs; `verify`, `prove`, `query` and `export` read the
result. This package depends on nothing in Interlock but `interlock.errors`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interlock.errors import SigningKeyError
from interlock.evidence import keys as _keys
from interlock.evidence.log import EvidenceLog, LogStats, OverflowPolicy, WriterMode
from interlock.evidence.record import PayloadPolicy
from interlock.evidence.store import is_postgres, open_store

__all__ = [
    "DEFAULT_LOCATION",
    "EvidenceLog",
    "EvidencePaths",
    "LogStats",
    "OverflowPolicy",
    "PayloadPolicy",
    "WriterMode",
    "default_paths",
    "open_log",
]

DEFAULT_LOCATION = ".interlock/evidence.db"


@dataclass(frozen=True)
class EvidencePaths:
    """Where the files that go with a store live by default."""

    key: Path
    trust: Path
    head: Path | None


def default_paths(location: str | Path) -> EvidencePaths:
    """Default key, trust and head-witness paths for a store location.

    For a SQLite file `D/evidence.db`: `D/keys/signing.key`, `D/keys/trust.json` and
    `D/evidence.db.head.json`. For a PostgreSQL URL: `.interlock/keys/...` in the current
    directory and no head witness (the control plane keeps checkpoints itself).
    """
    if is_postgres(location):
        base = Path(".interlock")
        head = None
    else:
        path = Path(location)
        base = path.parent
        head = path.with_name(path.name + ".head.json")
    keys_dir = base / "keys"
    return EvidencePaths(keys_dir / _keys.DEFAULT_KEY_NAME, keys_dir / _keys.TRUST_FILE_NAME, head)


def open_log(
    location: str | Path = DEFAULT_LOCATION,
    *,
    system: str,
    enforcement_point: str,
    signing_key: Path | None = None,
    trust_file: Path | None = None,
    create_key: bool = True,
    checkpoint_every: int = 1000,
    checkpoint_interval_ms: int = 200,
    capacity: int = 100_000,
    overflow: OverflowPolicy = OverflowPolicy.BLOCK,
    payloads: PayloadPolicy | None = None,
    writer: WriterMode = WriterMode.THREAD,
) -> EvidenceLog:
    """Open (creating if needed) the signed evidence log at `location` for one enforcement point.

    `location` is a SQLite path (default `.interlock/evidence.db`) or a `postgresql://`
    URL. The signing key defaults to `default_paths(location).key`; when it does not exist
    and `create_key` is true, a new key is generated there (mode 0600) and its public key is
    added to the trust file (default `default_paths(location).trust`, or `trust.json` beside
    an explicit `signing_key`). Raises `SigningKeyError` if the key is missing (and not
    created), unsafe, or not in an existing trust file; `EvidenceError` if the store cannot
    be opened or resumed, or another writer holds the chain.

    `writer=WriterMode.PROCESS` moves chaining, hashing, signing and I/O into a child
    process (`interlock.evidence.process`), leaving only validation and encoding on this
    process's cores: roughly twice the sustained throughput on a two-core machine.
    """
    defaults = default_paths(location)
    key_path = signing_key if signing_key is not None else defaults.key
    if trust_file is not None:
        trust_path = trust_file
    elif signing_key is not None:
        trust_path = signing_key.parent / _keys.TRUST_FILE_NAME
    else:
        trust_path = defaults.trust
    if not key_path.exists() and create_key:
        key = _keys.generate(key_path, trust_path, note=f"{system}/{enforcement_point}")
    else:
        key = _keys.SigningKey.load(key_path)
        trust = _keys.load_trust(trust_path)
        if not trust.keys():
            trust.add(key.public_raw, note=f"{system}/{enforcement_point}")
            trust.save(trust_path)
        elif trust.get(key.key_id) is None:
            raise SigningKeyError(
                f"{key_path}: key {key.key_id} is not in the trust file {trust_path}; "
                "its checkpoints would not verify"
            )
    head_path = defaults.head
    if WriterMode(writer) is WriterMode.PROCESS:
        from interlock.evidence.process import ProcessBackend

        backend = ProcessBackend(
            str(location),
            key_path=key_path,
            system=system,
            enforcement_point=enforcement_point,
            head_path=head_path,
        )
        return EvidenceLog(
            None,
            None,
            system=system,
            enforcement_point=enforcement_point,
            checkpoint_every=checkpoint_every,
            checkpoint_interval_ms=checkpoint_interval_ms,
            capacity=capacity,
            overflow=overflow,
            payloads=payloads,
            backend=backend,
        )
    # EvidenceLog closes the store itself if it cannot start.
    return EvidenceLog(
        open_store(location),
        key,
        system=system,
        enforcement_point=enforcement_point,
        checkpoint_every=checkpoint_every,
        checkpoint_interval_ms=checkpoint_interval_ms,
        capacity=capacity,
        overflow=overflow,
        payloads=payloads,
        head_path=head_path,
    )
