"""`verify` catches every way an attacker with write access to the database can tamper.

Each test writes a real signed log, then edits the database directly (SQL through the
driver, as an attacker would) and checks that verification fails naming the right record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest

from interlock.errors import EvidenceError, VerificationError
from interlock.evidence.chain import GENESIS
from interlock.evidence.checkpoint import Checkpoint
from interlock.evidence.keys import SigningKey, TrustStore
from interlock.evidence.log import EvidenceLog, read_head, write_head
from interlock.evidence.merkle import CompactRange
from interlock.evidence.store import open_store
from interlock.evidence.verify import ChainReport, verify_chain, verify_store
from tests.unit.evidence._attacker import Attacker, Rec
from tests.unit.evidence.conftest import event, write_records

MakeLog = Callable[..., EvidenceLog]
N = 250  # records
BATCH = 50  # checkpoint every 50: checkpoints at 50, 100, ..., 250


@pytest.fixture
def attacker(make_log: MakeLog, location: str) -> Iterator[Attacker]:
    write_records(make_log, N, checkpoint_every=BATCH)
    a = Attacker(location)
    yield a
    a.close()


def report(location: str, trust: TrustStore, head: Checkpoint | None = None) -> ChainReport:
    st = open_store(location, readonly=True)
    try:
        return verify_chain(st, "ep-1", trust, head=head, workers=0)
    finally:
        st.close()


def first(location: str, trust: TrustStore) -> str:
    r = report(location, trust)
    with pytest.raises(VerificationError) as info:
        r.raise_for_problems()
    return str(info.value)


def edit(rec: Rec, old: bytes, new: bytes) -> None:
    assert old in rec.body
    rec.body = rec.body.replace(old, new, 1)


class TestCleanLog:
    def test_untouched_log_verifies(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        r = report(location, trust)
        assert r.problems == []
        assert (r.records, r.checkpoints, r.signed_size) == (N, N // BATCH, N)

    def test_verify_store_refuses_an_empty_store_and_unknown_chain(
        self, location: str, trust: TrustStore
    ) -> None:
        st = open_store(location)
        with pytest.raises(EvidenceError, match="empty"):
            verify_store(st, trust)
        with pytest.raises(EvidenceError, match="no chain"):
            verify_store(st, trust, ep="nope")
        st.close()


class TestTampering:
    def test_field_modified(self, attacker: Attacker, location: str, trust: TrustStore) -> None:
        recs = attacker.records()
        edit(recs[119], b'"effect":"deny"', b'"effect":"allow"')
        attacker.rewrite(recs)
        assert first(location, trust).startswith(
            "chain ep-1: record 120: content does not match its hash"
        )

    def test_field_modified_and_hash_recomputed(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        recs = attacker.records()
        edit(recs[119], b'"effect":"deny"', b'"effect":"allow"')
        attacker.rehash(recs[119])
        attacker.rewrite(recs)
        msg = first(location, trust)
        assert msg.startswith("chain ep-1: record 120: hash differs from the one record 121")

    def test_field_modified_and_hash_set_to_null(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        recs = attacker.records()
        edit(recs[119], b'"effect":"deny"', b'"effect":"allow"')
        recs[119].hash = None
        attacker.rewrite(recs)
        assert first(location, trust).startswith("chain ep-1: record 120: hash is missing")

    def test_segment_hashes_set_to_null(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        attacker.sql("UPDATE T.evidence_segments SET hashes = NULL WHERE first_seq = 101")
        assert "record 101: stored hashes of records 101..150 are missing" in first(location, trust)

    def test_last_record_modified_and_rehashed_is_caught_by_the_signed_root(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        # No successor links to the last record, so only the checkpoint can catch this.
        recs = attacker.records()
        edit(recs[-1], b'"effect":"deny"', b'"effect":"allow"')
        attacker.rehash(recs[-1])
        attacker.rewrite(recs)
        msg = first(location, trust)
        assert "record 201: records 201..250 do not match the Merkle root" in msg

    def test_record_deleted_and_neighbour_relinked(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        recs = attacker.records()
        gone = recs.pop(99)  # seq 100
        recs[99].prev = gone.prev  # seq 101 now links to 99
        attacker.rehash(recs[99])
        attacker.rewrite(recs)
        assert first(location, trust).startswith(
            "chain ep-1: record 100: missing: the sequence jumps from 99 to 101"
        )

    def test_record_deleted_rest_renumbered(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        recs = attacker.records()
        del recs[99]
        for r in recs[99:]:
            r.seq -= 1
        attacker.rewrite(recs)
        assert first(location, trust).startswith(
            "chain ep-1: record 100: missing: records were deleted"
        )

    def test_record_deleted_and_everything_after_rechained(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        # The thorough attacker: renumber and recompute every later link and hash.
        recs = attacker.records()
        del recs[99]
        for r in recs[99:]:
            r.seq -= 1
        attacker.rechain(recs, 99)
        attacker.rewrite(recs)
        msg = first(location, trust)
        assert "record 51: records 51..100 do not match the Merkle root" in msg
        r = report(location, trust)
        assert any("tail dropped" in p.message for p in r.problems)

    def test_record_inserted(self, attacker: Attacker, location: str, trust: TrustStore) -> None:
        recs = attacker.records()
        fake = Rec(121, recs[119].hash or b"", None, recs[119].body.replace(b"deny", b"allow"))
        attacker.rehash(fake)
        for r in recs[120:]:
            r.seq += 1
        recs.insert(120, fake)
        attacker.rewrite(recs)
        assert first(location, trust).startswith("chain ep-1: record 121: inserted")

    def test_record_inserted_with_a_repeated_number(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        recs = attacker.records()
        fake = dataclasses.replace(recs[119])
        attacker.sql(
            "INSERT INTO T.evidence_segments (ep, first_seq, count, prevs, hashes, body)"
            " VALUES ('ep-1', ?, 1, ?, ?, ?)",
            (fake.seq, fake.prev, fake.hash, fake.body),
        )
        assert first(location, trust).startswith("chain ep-1: record 120: out of order")

    def test_records_reordered(self, attacker: Attacker, location: str, trust: TrustStore) -> None:
        recs = attacker.records()
        a, b = recs[130], recs[131]
        a.prev, b.prev = b.prev, a.prev
        a.hash, b.hash = b.hash, a.hash
        a.body, b.body = b.body, a.body
        attacker.rewrite(recs)
        assert first(location, trust).startswith("chain ep-1: record 131:")

    def test_records_reordered_and_rechained(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        recs = attacker.records()
        recs[130].body, recs[131].body = recs[131].body, recs[130].body
        attacker.rechain(recs, 130)
        attacker.rewrite(recs)
        assert "records 101..150 do not match the Merkle root" in first(location, trust)

    def test_checkpoint_signature_altered(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        (sig,) = attacker.sql("SELECT signature FROM T.evidence_checkpoints WHERE tree_size=150")[0]
        bad = bytes([bytes(sig)[0] ^ 1]) + bytes(sig)[1:]
        attacker.sql("UPDATE T.evidence_checkpoints SET signature=? WHERE tree_size=150", (bad,))
        msg = first(location, trust)
        assert msg.startswith("chain ep-1: record 101: checkpoint of size 150: bad signature")

    def test_checkpoint_signed_by_unknown_key(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        # Alter a record, recompute everything, and re-sign with the attacker's own key.
        recs = attacker.records()
        edit(recs[9], b'"effect":"deny"', b'"effect":"allow"')
        attacker.rechain(recs, 9)
        attacker.rewrite(recs)
        rogue = SigningKey.generate()
        rows = attacker.sql(
            "SELECT id, system, ep, tree_size, time_us FROM T.evidence_checkpoints ORDER BY tree_size"
        )
        prev = GENESIS
        for row_id, system, ep, size, time_us in rows:
            cr = CompactRange()
            cr.extend([r.hash or b"" for r in recs[:size]])
            cp = Checkpoint.sign(
                rogue,
                system=system,
                ep=ep,
                tree_size=size,
                root=cr.root(),
                prev=prev,
                time_us=time_us,
            )
            attacker.sql(
                "UPDATE T.evidence_checkpoints SET root=?, prev=?, key_id=?, signature=?"
                " WHERE id=?",
                (cp.root, cp.prev, cp.key_id, cp.signature, row_id),
            )
            prev = cp.digest()
        msg = first(location, trust)
        assert msg.startswith("chain ep-1: record 1: checkpoint of size 50: signed by unknown key")

    def test_checkpoint_removed(self, attacker: Attacker, location: str, trust: TrustStore) -> None:
        attacker.sql("DELETE FROM T.evidence_checkpoints WHERE tree_size=100")
        assert "checkpoint of size 150 does not follow the previous checkpoint" in first(
            location, trust
        )

    def test_tail_dropped(self, attacker: Attacker, location: str, trust: TrustStore) -> None:
        recs = attacker.records()
        attacker.rewrite(recs[:230])
        assert first(location, trust).startswith(
            "chain ep-1: record 231: missing: a signed checkpoint covers 250 records"
        )

    def test_unsigned_records_appended(
        self, attacker: Attacker, location: str, trust: TrustStore
    ) -> None:
        recs = attacker.records()
        extra = Rec(251, recs[-1].hash or b"", None, recs[-1].body)
        attacker.rehash(extra)
        attacker.rewrite([*recs, extra])
        assert first(location, trust).startswith(
            "chain ep-1: record 251: records 251..251 are not covered by any signed checkpoint"
        )


class TestHeadWitness:
    def test_tail_and_its_checkpoints_dropped_is_caught_by_the_witness(
        self, attacker: Attacker, location: str, trust: TrustStore, tmp_path: Path
    ) -> None:
        st = open_store(location, readonly=True)
        last = st.checkpoints("ep-1")[-1]
        st.close()
        write_head(tmp_path / "head.json", last, durable=True)
        witness = read_head(tmp_path / "head.json")
        # The cleverest truncation: drop the last segment *and* its checkpoint.
        recs = attacker.records()
        attacker.rewrite(recs[:200])
        attacker.sql("DELETE FROM T.evidence_checkpoints WHERE tree_size=250")
        assert report(location, trust).problems == []  # undetectable without a witness
        r = report(location, trust, head=witness)
        assert r.first_problem is not None
        assert "head witness saw a signed log of 250 records" in str(r.first_problem)
        assert r.first_problem.seq == 201


class TestParallel:
    @pytest.mark.slow
    def test_worker_processes_find_the_same_problem(
        self, make_log: MakeLog, location: str, trust: TrustStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import interlock.evidence.verify as v

        monkeypatch.setattr(v, "PARALLEL_THRESHOLD", 100)
        write_records(make_log, 3000, checkpoint_every=500)
        a = Attacker(location)
        recs = a.records()
        edit(recs[2222], b'"agent":"triage"', b'"agent":"mallory"')
        a.rewrite(recs)
        a.close()
        st = open_store(location, readonly=True)
        par = verify_chain(st, "ep-1", trust, workers=2)
        seq = verify_chain(st, "ep-1", trust, workers=0)
        st.close()
        assert str(par.first_problem) == str(seq.first_problem)
        assert str(par.first_problem).startswith("record 2223: content does not match")
        assert par.records == 3000


def test_verify_reads_records_the_writer_wrote(make_log: MakeLog, location: str) -> None:
    log = make_log()
    log.emit(event(1))
    log.close()
    st = open_store(location, readonly=True)
    (seg,) = list(st.segments("ep-1"))
    st.close()
    assert orjson.loads(seg.contents()[0])["detail"] == {"i": 1}
