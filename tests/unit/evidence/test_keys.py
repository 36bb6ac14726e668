"""Key files are private, key ids are derived, and rotation keeps old checkpoints verifiable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interlock.errors import SigningKeyError, VerificationError
from interlock.evidence import keys


class TestSigningKey:
    def test_generated_file_is_0600_and_loads_back(self, tmp_path: Path) -> None:
        path = tmp_path / "keys" / "signing.key"
        k = keys.generate(path, tmp_path / "keys" / "trust.json")
        assert os.stat(path).st_mode & 0o777 == 0o600
        assert keys.SigningKey.load(path).key_id == k.key_id

    def test_key_id_is_derived_from_the_public_key(self) -> None:
        k = keys.SigningKey.generate()
        assert k.key_id == keys.key_id_for(k.public_raw)
        assert k.key_id.startswith("ed25519:") and len(k.key_id) == 8 + 32

    @pytest.mark.parametrize("mode", [0o640, 0o604, 0o644])
    def test_readable_by_others_is_refused(self, tmp_path: Path, mode: int) -> None:
        path = tmp_path / "k.key"
        keys.SigningKey.generate().save(path)
        path.chmod(mode)
        with pytest.raises(SigningKeyError, match="chmod 600"):
            keys.SigningKey.load(path)

    def test_existing_key_is_never_overwritten(self, tmp_path: Path) -> None:
        path = tmp_path / "k.key"
        keys.SigningKey.generate().save(path)
        before = path.read_bytes()
        with pytest.raises(SigningKeyError, match="already exists"):
            keys.SigningKey.generate().save(path)
        assert path.read_bytes() == before

    def test_missing_and_garbage_keys_are_refused(self, tmp_path: Path) -> None:
        with pytest.raises(SigningKeyError, match="not found"):
            keys.SigningKey.load(tmp_path / "none.key")
        bad = tmp_path / "bad.key"
        bad.write_bytes(b"not a key")
        bad.chmod(0o600)
        with pytest.raises(SigningKeyError, match="PEM"):
            keys.SigningKey.load(bad)


class TestTrustStore:
    def test_round_trips_through_its_file(self, tmp_path: Path) -> None:
        t = keys.TrustStore()
        k = keys.SigningKey.generate()
        t.add(k.public_raw, note="n", now_us=5)
        t.retire(k.key_id, 10)
        t.save(tmp_path / "trust.json")
        back = keys.TrustStore.load(tmp_path / "trust.json").get(k.key_id)
        assert back == keys.TrustedKey(k.key_id, k.public_raw, 5, 10, "n")

    def test_key_id_not_matching_key_is_refused(self, tmp_path: Path) -> None:
        t = keys.TrustStore()
        t.add(keys.SigningKey.generate().public_raw)
        t.save(tmp_path / "trust.json")
        other = keys.SigningKey.generate().key_id
        text = (tmp_path / "trust.json").read_text()
        (tmp_path / "trust.json").write_text(text.replace(t.keys()[0].key_id, other))
        with pytest.raises(SigningKeyError, match="does not match"):
            keys.TrustStore.load(tmp_path / "trust.json")

    def test_check_refuses_unknown_retired_and_forged(self) -> None:
        k = keys.SigningKey.generate()
        t = keys.TrustStore()
        t.add(k.public_raw, now_us=1)
        sig = k.sign(b"m")
        t.check(k.key_id, sig, b"m", 100)
        with pytest.raises(VerificationError, match="bad signature"):
            t.check(k.key_id, sig, b"other", 100)
        with pytest.raises(VerificationError, match="unknown key"):
            t.check(keys.SigningKey.generate().key_id, sig, b"m", 100)
        t.retire(k.key_id, 50)
        t.check(k.key_id, sig, b"m", 50)
        with pytest.raises(VerificationError, match="retired"):
            t.check(k.key_id, sig, b"m", 51)


class TestRotate:
    def test_rotation_replaces_the_key_and_retires_the_old_one(self, tmp_path: Path) -> None:
        kp, tp = tmp_path / "signing.key", tmp_path / "trust.json"
        old = keys.generate(kp, tp)
        old_id, new = keys.rotate(kp, tp)
        assert old_id == old.key_id
        assert keys.SigningKey.load(kp).key_id == new.key_id != old.key_id
        assert os.stat(kp).st_mode & 0o777 == 0o600
        t = keys.TrustStore.load(tp)
        retired = t.get(old.key_id)
        assert retired is not None and retired.retired_us is not None
        active = t.get(new.key_id)
        assert active is not None and active.retired_us is None
        # The old public key still verifies what it signed before retirement.
        t.check(old.key_id, old.sign(b"m"), b"m", retired.retired_us)
