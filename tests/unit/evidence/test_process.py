"""The child-process writer: same chain, same guarantees, errors reported back."""

from __future__ import annotations

from pathlib import Path

import pytest

from interlock.errors import EvidenceError, SigningKeyError
from interlock.evidence import WriterMode, default_paths, open_log
from interlock.evidence.keys import TrustStore
from interlock.evidence.query import iter_records
from interlock.evidence.store import open_store
from interlock.evidence.verify import verify_chain
from tests.unit.evidence.conftest import event


def verify(location: str, trust_path: Path) -> int:
    st = open_store(location, readonly=True)
    try:
        report = verify_chain(st, "ep-1", TrustStore.load(trust_path), workers=0)
    finally:
        st.close()
    report.raise_for_problems()
    return report.records


class TestProcessWriter:
    def test_writes_resumes_and_verifies(self, location: str, tmp_path: Path) -> None:
        key = tmp_path / "keys" / "signing.key"
        for round_ in range(2):
            log = open_log(
                location,
                system="support-desk",
                enforcement_point="ep-1",
                signing_key=key,
                writer=WriterMode.PROCESS,
                checkpoint_every=64,
            )
            assert log.next_seq == round_ * 300 + 1
            for i in range(300):
                log.emit(event(i))
            log.flush()
            assert log.next_seq == (round_ + 1) * 300 + 1
            log.close()
        assert verify(location, key.parent / "trust.json") == 600

    def test_flush_is_visible_to_readers(self, location: str, tmp_path: Path) -> None:
        log = open_log(
            location,
            system="support-desk",
            enforcement_point="ep-1",
            signing_key=tmp_path / "k" / "signing.key",
            writer=WriterMode.PROCESS,
            checkpoint_interval_ms=60_000,
        )
        for i in range(5):
            log.emit(event(i))
        log.flush()
        st = open_store(location, readonly=True)
        assert [r.seq for r in iter_records(st)] == [1, 2, 3, 4, 5]
        st.close()
        log.close()

    def test_second_writer_is_refused_by_the_child(self, location: str, tmp_path: Path) -> None:
        key = tmp_path / "k" / "signing.key"
        first = open_log(location, system="s", enforcement_point="ep-1", signing_key=key)
        with pytest.raises(EvidenceError, match="another writer"):
            open_log(
                location,
                system="s",
                enforcement_point="ep-1",
                signing_key=key,
                writer=WriterMode.PROCESS,
            )
        first.close()

    def test_unsafe_key_is_refused_before_starting(self, tmp_path: Path) -> None:
        db = tmp_path / "evidence.db"
        open_log(db, system="s", enforcement_point="ep-1").close()
        default_paths(db).key.chmod(0o644)
        with pytest.raises(SigningKeyError, match="chmod 600"):
            open_log(db, system="s", enforcement_point="ep-1", writer=WriterMode.PROCESS)
