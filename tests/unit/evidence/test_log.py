"""The writer: hand-off, batching, resume, durability, back-pressure and counted overflow."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import orjson
import pytest

from interlock.errors import EvidenceError
from interlock.evidence.interface import EvidenceSink
from interlock.evidence.keys import SigningKey, TrustStore
from interlock.evidence.log import EvidenceLog, OverflowPolicy
from interlock.evidence.query import iter_records
from interlock.evidence.store import open_store
from interlock.evidence.verify import verify_chain
from tests.unit.evidence.conftest import event

MakeLog = Callable[..., EvidenceLog]


def verified(location: str, trust: TrustStore, ep: str = "ep-1") -> int:
    st = open_store(location, readonly=True)
    try:
        report = verify_chain(st, ep, trust, workers=0)
    finally:
        st.close()
    report.raise_for_problems()
    return report.records


class TestEvidenceLog:
    def test_is_an_evidence_sink(self, make_log: MakeLog) -> None:
        assert isinstance(make_log(), EvidenceSink)

    def test_written_records_verify_and_read_back(
        self, make_log: MakeLog, location: str, trust: TrustStore
    ) -> None:
        log = make_log(checkpoint_every=64)
        for i in range(500):
            log.emit(event(i))
        log.close()
        assert verified(location, trust) == 500
        st = open_store(location, readonly=True)
        recs = list(iter_records(st))
        st.close()
        assert [r.seq for r in recs] == list(range(1, 501))
        assert recs[7].content["detail"] == {"i": 7}
        assert all(len(r.hash) == 32 for r in recs)

    def test_batches_are_capped_and_each_is_checkpointed(
        self, make_log: MakeLog, location: str
    ) -> None:
        log = make_log(checkpoint_every=100)
        for i in range(1000):
            log.emit(event(i))
        log.close()
        st = open_store(location, readonly=True)
        sizes = [c.tree_size for c in st.checkpoints("ep-1")]
        segs = [s.count for s in st.segments("ep-1")]
        st.close()
        assert max(segs) <= 100
        assert sizes[-1] == 1000
        assert len(sizes) == len(segs)

    def test_interval_commits_without_a_flush(self, make_log: MakeLog, location: str) -> None:
        log = make_log(checkpoint_interval_ms=20)
        log.emit(event(0))
        deadline = time.monotonic() + 5
        while log.stats().written < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert log.stats().written == 1
        log.close()

    def test_reopening_continues_the_chain(
        self, make_log: MakeLog, location: str, trust: TrustStore
    ) -> None:
        for round_ in range(3):
            log = make_log()
            assert log.next_seq == round_ * 50 + 1
            for i in range(50):
                log.emit(event(i))
            log.close()
        assert verified(location, trust) == 150

    def test_chains_per_enforcement_point_are_independent(
        self, make_log: MakeLog, location: str, trust: TrustStore
    ) -> None:
        a, b = make_log(ep="ep-a"), make_log(ep="ep-b")
        for i in range(30):
            a.emit(event(i))
            b.emit(event(i))
        b.emit(event(99))
        a.close()
        b.close()
        assert verified(location, trust, "ep-a") == 30
        assert verified(location, trust, "ep-b") == 31

    def test_flush_makes_records_visible_to_a_reader(
        self, make_log: MakeLog, location: str
    ) -> None:
        log = make_log(checkpoint_interval_ms=60_000)
        for i in range(10):
            log.emit(event(i))
        log.flush()
        st = open_store(location, readonly=True)
        assert sum(s.count for s in st.segments("ep-1")) == 10
        st.close()
        log.close()

    def test_invalid_event_is_recorded_as_rejected_and_the_log_goes_on(
        self, make_log: MakeLog, location: str, trust: TrustStore
    ) -> None:
        # Validation happens on the writer thread: emit is only a hand-off. A bad event is
        # neither lost silently nor raised into the caller: the chain says what was wrong.
        log = make_log()
        log.emit(event(0, detail={"score": 0.9}))
        log.emit(event(1))
        log.close()
        assert log.stats().rejected == 1
        assert verified(location, trust) == 2
        st = open_store(location, readonly=True)
        first, second = list(iter_records(st))
        st.close()
        assert first.content["kind"] == "evidence_rejected"
        assert "detail.score" in first.content["reasons"][0]
        assert second.content["detail"] == {"i": 1}

    def test_emit_refuses_what_is_not_a_mapping(self, make_log: MakeLog) -> None:
        log = make_log()
        with pytest.raises(EvidenceError, match="must be a mapping, not list"):
            log.emit(["not", "an", "event"])  # type: ignore[arg-type]
        log.close()

    def test_the_event_is_stamped_at_emit_not_when_written(
        self, make_log: MakeLog, location: str
    ) -> None:
        log = make_log(checkpoint_interval_ms=60_000)
        ev = event(0)
        ev.pop("time_ns", None)
        ev.pop("time_us", None)
        before = time.time_ns() // 1000
        log.emit(ev)
        time.sleep(0.05)
        log.close()
        st = open_store(location, readonly=True)
        (rec,) = list(iter_records(st))
        st.close()
        assert before <= rec.content["time_us"] < before + 40_000

    def test_emit_and_flush_after_close_raise(self, make_log: MakeLog) -> None:
        log = make_log()
        log.close()
        log.close()  # idempotent
        with pytest.raises(EvidenceError, match="closed"):
            log.emit(event(0))
        with pytest.raises(EvidenceError, match="closed"):
            log.flush()

    def test_concurrent_emitters_lose_nothing(
        self, make_log: MakeLog, location: str, trust: TrustStore
    ) -> None:
        log = make_log(checkpoint_every=50, capacity=200)

        def work(t: int) -> None:
            for i in range(300):
                log.emit(event(i, session=f"t{t}"))

        threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        log.close()
        assert verified(location, trust) == 1200

    def test_payloads_go_through_the_writer(self, make_log: MakeLog, location: str) -> None:
        log = make_log()
        log.emit(event(0, payload={"to": "x@example.com"}))
        log.close()
        st = open_store(location, readonly=True)
        (rec,) = list(iter_records(st))
        st.close()
        assert rec.content["redacted"] == ["payload"]
        assert rec.content["payload_digest"].startswith("sha256:")


class _SlowStore:
    """Wraps a store and holds every append until released, to fill the queue."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.release = threading.Event()
        self.location = "slow"

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def append(self, *args: object) -> None:
        self.release.wait(10)
        self.inner.append(*args)  # type: ignore[attr-defined]


class TestOverflow:
    def test_block_policy_waits_and_counts(
        self, location: str, key: SigningKey, trust: TrustStore
    ) -> None:
        slow = _SlowStore(open_store(location))
        log = EvidenceLog(
            slow,  # type: ignore[arg-type]
            key,
            system="support-desk",
            enforcement_point="ep-1",
            checkpoint_every=10,
            capacity=20,
        )
        done = threading.Event()

        def produce() -> None:
            for i in range(100):
                log.emit(event(i))
            done.set()

        t = threading.Thread(target=produce)
        t.start()
        assert not done.wait(0.3)  # blocked: the store holds the writer
        slow.release.set()
        t.join(10)
        log.close()
        assert log.stats().blocked >= 1
        assert log.stats().dropped == 0
        assert verified(location, trust) == 100

    def test_drop_policy_records_the_loss_in_the_chain(
        self, location: str, key: SigningKey, trust: TrustStore
    ) -> None:
        slow = _SlowStore(open_store(location))
        log = EvidenceLog(
            slow,  # type: ignore[arg-type]
            key,
            system="support-desk",
            enforcement_point="ep-1",
            checkpoint_every=10,
            capacity=20,
            overflow=OverflowPolicy.DROP_AND_RECORD,
        )
        for i in range(100):
            log.emit(event(i))  # never blocks
        slow.release.set()
        log.close()
        stats = log.stats()
        assert stats.dropped > 0
        assert stats.overflow_records >= 1
        st = open_store(location, readonly=True)
        recs = list(iter_records(st))
        st.close()
        overflow = [r.content for r in recs if r.content["kind"] == "evidence_overflow"]
        assert sum(o["detail"]["dropped"] for o in overflow) == stats.dropped
        assert len(recs) - len(overflow) + stats.dropped == 100
        assert verified(location, trust) == len(recs)


class TestWriterFailure:
    def test_store_failure_surfaces_on_flush_and_emit(self, location: str, key: SigningKey) -> None:
        class Broken(_SlowStore):
            def append(self, *args: object) -> None:
                raise EvidenceError("disk full")

        store = Broken(open_store(location))
        log = EvidenceLog(
            store,  # type: ignore[arg-type]
            key,
            system="support-desk",
            enforcement_point="ep-1",
        )
        log.emit(event(0))
        with pytest.raises(EvidenceError, match="disk full"):
            log.flush()
        with pytest.raises(EvidenceError, match="writer failed"):
            log.emit(event(1))
        with pytest.raises(EvidenceError, match="writer failed"):
            log.close()


def test_record_bytes_are_exact_canonical_json(make_log: MakeLog, location: str) -> None:
    log = make_log()
    log.emit(event(3))
    log.close()
    st = open_store(location, readonly=True)
    (rec,) = list(iter_records(st))
    st.close()
    assert orjson.dumps(rec.content, option=orjson.OPT_SORT_KEYS) == rec.raw


def test_a_second_writer_on_the_same_chain_is_refused(make_log: MakeLog) -> None:
    first = make_log()
    with pytest.raises(EvidenceError, match="another writer is appending to chain 'ep-1'"):
        make_log()
    other = make_log(ep="ep-2")  # a different chain in the same store is fine
    other.close()
    first.close()
    make_log().close()  # released on close
