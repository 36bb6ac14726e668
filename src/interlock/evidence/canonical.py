"""Canonical JSON (RFC 8785 / JCS) for evidence records, fast.

`orjson` with sorted keys emits exactly the RFC 8785 bytes for the JCS-safe domain (str,
bool, None, int with |i| < 2**53, lists and str-keyed dicts of those), with one exception:
RFC 8785 sorts object keys by UTF-16 code units while orjson sorts by code point. The two
orders differ only when a key holds a character above U+FFFF (a surrogate pair in UTF-16,
which sorts before U+E000..U+FFFF). Values with such keys are encoded by the reference
`rfc8785` package instead, so the output is always byte-identical to the oracle; the
property tests in tests/unit/evidence/test_canonical.py hold us to that.
"""

from __future__ import annotations

import orjson
import rfc8785

from interlock.errors import EvidenceError

MAX_SAFE_INTEGER = 2**53 - 1
"""Largest integer an I-JSON / JCS number can carry exactly (RFC 8785 section 3.2.2.3)."""

_SORT = orjson.OPT_SORT_KEYS


def needs_utf16_ordering(key: str) -> bool:
    """True when `key` holds a character above U+FFFF, whose JCS sort order orjson differs on."""
    # Fast path: ASCII keys (all schema keys) never need the reference encoder.
    return not key.isascii() and any(ord(ch) > 0xFFFF for ch in key)


def dumps(value: object, *, reference: bool = False) -> bytes:
    """Return the RFC 8785 canonical bytes of a JCS-safe `value`.

    `reference=True` forces the pure-Python `rfc8785` encoder; callers set it when a key
    needs UTF-16 ordering (see `needs_utf16_ordering`). The value's domain is checked by
    `interlock.evidence.record`; this function only wraps encoder failures.
    Raises `EvidenceError` if the value cannot be encoded (lone surrogates, floats out of
    the domain, unsupported types).
    """
    try:
        if reference:
            return bytes(rfc8785.dumps(value))  # type: ignore[arg-type]
        return orjson.dumps(value, option=_SORT)
    except (TypeError, ValueError, orjson.JSONEncodeError, rfc8785.CanonicalizationError) as exc:
        raise EvidenceError(f"value cannot be canonicalized: {exc}") from exc
