"""Checkpoints sign exactly their fields and chain to the previous checkpoint."""

from __future__ import annotations

import dataclasses

import pytest

from interlock.errors import VerificationError
from interlock.evidence.checkpoint import Checkpoint
from interlock.evidence.keys import SigningKey, TrustStore


def make(key: SigningKey, **over: object) -> Checkpoint:
    fields: dict[str, object] = {
        "system": "s",
        "ep": "e",
        "tree_size": 10,
        "root": b"\x02" * 32,
        "prev": b"\x00" * 32,
        "time_us": 100,
    }
    fields.update(over)
    return Checkpoint.sign(key, **fields)  # type: ignore[arg-type]


class TestCheckpoint:
    def test_signed_by_trusted_key_verifies(self, key: SigningKey, trust: TrustStore) -> None:
        make(key).verify(trust)

    @pytest.mark.parametrize(
        "field", ["system", "ep", "tree_size", "root", "prev", "time_us", "signature"]
    )
    def test_changing_any_field_breaks_the_signature(
        self, key: SigningKey, trust: TrustStore, field: str
    ) -> None:
        cp = make(key)
        value = getattr(cp, field)
        if isinstance(value, bytes):
            changed: object = bytes([value[0] ^ 1]) + value[1:]
        elif isinstance(value, int):
            changed = value + 1
        else:
            changed = value + "x"
        with pytest.raises(VerificationError):
            dataclasses.replace(cp, **{field: changed}).verify(trust)

    def test_unknown_key_is_refused(self, trust: TrustStore) -> None:
        with pytest.raises(VerificationError, match="unknown key"):
            make(SigningKey.generate()).verify(trust)

    def test_json_round_trip_and_digest(self, key: SigningKey) -> None:
        cp = make(key)
        assert Checkpoint.from_json(cp.to_json()) == cp
        assert cp.digest() != make(key, tree_size=11).digest()

    def test_malformed_json_is_refused(self, key: SigningKey) -> None:
        data = make(key).to_json()
        data["root"] = "zz"
        with pytest.raises(VerificationError, match="malformed"):
            Checkpoint.from_json(data)
