"""Ed25519 signing keys for checkpoints, and the trust file of public keys that verify them.

A key id is derived from the public key (`ed25519:` + the first 16 bytes of SHA-256 of the
raw 32-byte key, hex), so an id can never be attached to a different key. Private keys are
PKCS#8 PEM files created with mode 0600 and refused when group- or world-accessible: a
signing key others can read signs nothing we can trust. The trust file lists public keys;
rotation marks the old key retired (at a time) instead of removing it, so checkpoints it
signed before then keep verifying, while anything it signs afterwards is rejected.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import time
from dataclasses import dataclass, replace
from pathlib import Path

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from interlock.errors import SigningKeyError, VerificationError

DEFAULT_KEY_NAME = "signing.key"
TRUST_FILE_NAME = "trust.json"
TRUST_VERSION = 1


def key_id_for(public_raw: bytes) -> str:
    """Return the key id of a raw 32-byte Ed25519 public key."""
    return "ed25519:" + hashlib.sha256(public_raw).digest()[:16].hex()


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


class SigningKey:
    """An Ed25519 private key with its derived key id."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        """Wrap a `cryptography` private key."""
        self._private = private
        self.public_raw = _raw_public(private.public_key())
        self.key_id = key_id_for(self.public_raw)

    @classmethod
    def generate(cls) -> SigningKey:
        """Create a fresh random key (in memory only)."""
        return cls(Ed25519PrivateKey.generate())

    def sign(self, message: bytes) -> bytes:
        """Return the 64-byte Ed25519 signature of `message`."""
        return self._private.sign(message)

    def save(self, path: Path) -> None:
        """Write the key as PKCS#8 PEM to a new file with mode 0600.

        Raises `SigningKeyError` if the file exists (keys are never overwritten) or cannot
        be written.
        """
        pem = self._private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # O_EXCL: never clobber a key; 0o600 at creation, so it is never briefly readable.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise SigningKeyError(
                f"{path}: a key already exists; refusing to overwrite it"
            ) from exc
        except OSError as exc:
            raise SigningKeyError(f"{path}: cannot create key file: {exc.strerror}") from exc
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
            f.flush()
            os.fsync(f.fileno())

    @classmethod
    def load(cls, path: Path) -> SigningKey:
        """Load a private key file.

        Raises `SigningKeyError` if it is missing, group/world-accessible, not PEM, or not
        an Ed25519 key.
        """
        try:
            st = path.stat()
        except FileNotFoundError as exc:
            raise SigningKeyError(f"{path}: signing key not found") from exc
        mode = stat.S_IMODE(st.st_mode)
        if mode & 0o077:
            raise SigningKeyError(
                f"{path}: private key is accessible to group/others (mode {mode:04o}); "
                f"run `chmod 600 {path}`"
            )
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError) as exc:
            raise SigningKeyError(f"{path}: not an unencrypted PEM private key") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError(f"{path}: not an Ed25519 key")
        return cls(key)


@dataclass(frozen=True)
class TrustedKey:
    """One public key in the trust file; `retired_us` bounds what it may still vouch for."""

    key_id: str
    public_raw: bytes
    added_us: int
    retired_us: int | None = None
    note: str = ""

    def verify(self, signature: bytes, message: bytes) -> None:
        """Raises `VerificationError` if `signature` is not this key's over `message`."""
        try:
            Ed25519PublicKey.from_public_bytes(self.public_raw).verify(signature, message)
        except (InvalidSignature, ValueError) as exc:
            raise VerificationError(f"bad signature for key {self.key_id}") from exc


class TrustStore:
    """The public keys whose checkpoints verification accepts."""

    def __init__(self, keys: list[TrustedKey] | None = None) -> None:
        """Build from entries; later entries with the same id replace earlier ones."""
        self._keys: dict[str, TrustedKey] = {}
        for k in keys or []:
            self._keys[k.key_id] = k

    def keys(self) -> list[TrustedKey]:
        """All entries, oldest first."""
        return sorted(self._keys.values(), key=lambda k: (k.added_us, k.key_id))

    def get(self, key_id: str) -> TrustedKey | None:
        """The entry for `key_id`, or None if it is not trusted."""
        return self._keys.get(key_id)

    def add(self, public_raw: bytes, note: str = "", now_us: int | None = None) -> TrustedKey:
        """Trust a public key (idempotent); return its entry."""
        key_id = key_id_for(public_raw)
        existing = self._keys.get(key_id)
        if existing is not None:
            return existing
        entry = TrustedKey(key_id, public_raw, now_us or time.time_ns() // 1000, None, note)
        self._keys[key_id] = entry
        return entry

    def retire(self, key_id: str, at_us: int) -> None:
        """Mark `key_id` retired from `at_us` on; raises `SigningKeyError` if it is unknown."""
        entry = self._keys.get(key_id)
        if entry is None:
            raise SigningKeyError(f"key {key_id} is not in the trust file")
        if entry.retired_us is None:
            self._keys[key_id] = replace(entry, retired_us=at_us)

    def check(self, key_id: str, signature: bytes, message: bytes, time_us: int) -> None:
        """Verify a signature made at `time_us` by `key_id`.

        Raises `VerificationError` if the key is unknown, was retired before `time_us`, or
        the signature does not verify.
        """
        entry = self._keys.get(key_id)
        if entry is None:
            raise VerificationError(f"signed by unknown key {key_id} (not in the trust file)")
        if entry.retired_us is not None and time_us > entry.retired_us:
            raise VerificationError(f"signed by key {key_id} after it was retired")
        entry.verify(signature, message)

    @classmethod
    def load(cls, path: Path) -> TrustStore:
        """Read a trust file; raises `SigningKeyError` if it is missing or malformed."""
        try:
            data = orjson.loads(path.read_bytes())
        except FileNotFoundError as exc:
            raise SigningKeyError(f"{path}: trust file not found") from exc
        except orjson.JSONDecodeError as exc:
            raise SigningKeyError(f"{path}: trust file is not valid JSON: {exc}") from exc
        try:
            if data["version"] != TRUST_VERSION:
                raise SigningKeyError(f"{path}: unsupported trust file version {data['version']}")
            keys = []
            for i, item in enumerate(data["keys"]):
                raw = base64.b64decode(item["public_key"], validate=True)
                if len(raw) != 32 or key_id_for(raw) != item["key_id"]:
                    raise SigningKeyError(
                        f"{path}: keys[{i}]: key_id does not match the public key"
                    )
                keys.append(
                    TrustedKey(
                        item["key_id"],
                        raw,
                        int(item["added_us"]),
                        None if item.get("retired_us") is None else int(item["retired_us"]),
                        str(item.get("note", "")),
                    )
                )
        except (KeyError, TypeError, ValueError) as exc:
            raise SigningKeyError(f"{path}: malformed trust file ({exc!r})") from exc
        return cls(keys)

    def save(self, path: Path) -> None:
        """Write the trust file atomically; raises `SigningKeyError` on I/O failure."""
        data = {
            "version": TRUST_VERSION,
            "keys": [
                {
                    "key_id": k.key_id,
                    "public_key": base64.b64encode(k.public_raw).decode(),
                    "added_us": k.added_us,
                    "retired_us": k.retired_us,
                    "note": k.note,
                }
                for k in self.keys()
            ],
        }
        tmp = path.with_name(path.name + ".tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
            tmp.replace(path)
        except OSError as exc:
            raise SigningKeyError(f"{path}: cannot write trust file: {exc.strerror}") from exc


def load_trust(path: Path) -> TrustStore:
    """Load `path` if it exists, else an empty trust store (nothing verifies against it)."""
    return TrustStore.load(path) if path.exists() else TrustStore()


def generate(key_path: Path, trust_path: Path, note: str = "") -> SigningKey:
    """Create a key at `key_path` (0600) and trust its public key in `trust_path`.

    Raises `SigningKeyError` if the key file exists or either file cannot be written.
    """
    key = SigningKey.generate()
    key.save(key_path)
    trust = load_trust(trust_path)
    trust.add(key.public_raw, note=note)
    trust.save(trust_path)
    return key


def rotate(key_path: Path, trust_path: Path, note: str = "") -> tuple[str, SigningKey]:
    """Replace the key at `key_path` with a new one; retire (not remove) the old public key.

    The old private key is deleted once the new one is safely on disk: a retired key has
    nothing left to sign. Returns (old key id, new key). Raises `SigningKeyError` if the
    old key cannot be loaded or files cannot be written.
    """
    old = SigningKey.load(key_path)
    new = SigningKey.generate()
    staging = key_path.with_name(key_path.name + ".new")
    if staging.exists():
        raise SigningKeyError(f"{staging}: a previous rotation did not finish; remove it first")
    new.save(staging)
    trust = load_trust(trust_path)
    trust.add(old.public_raw)
    now = time.time_ns() // 1000
    trust.retire(old.key_id, now)
    trust.add(new.public_raw, note=note, now_us=now)
    trust.save(trust_path)
    staging.replace(key_path)
    return old.key_id, new
