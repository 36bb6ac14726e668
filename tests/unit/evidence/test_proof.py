"""Inclusion proofs check offline against the trust file, and only for the right record."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import orjson
import pytest

from interlock.errors import EvidenceError, VerificationError
from interlock.evidence.keys import SigningKey, TrustStore
from interlock.evidence.log import EvidenceLog
from interlock.evidence.proof import InclusionProof, check_proof, prove
from interlock.evidence.store import open_store
from tests.unit.evidence.conftest import write_records

MakeLog = Callable[..., EvidenceLog]


@pytest.fixture
def proofs(make_log: MakeLog, location: str) -> Callable[..., InclusionProof]:
    write_records(make_log, 137, checkpoint_every=40)

    def make(seq: int, tree_size: int | None = None) -> InclusionProof:
        st = open_store(location, readonly=True)
        try:
            return prove(st, "ep-1", seq, tree_size=tree_size)
        finally:
            st.close()

    return make


class TestProof:
    @pytest.mark.parametrize("seq", [1, 2, 40, 41, 64, 100, 136, 137])
    def test_proof_checks_and_survives_json(
        self, proofs: Callable[..., InclusionProof], trust: TrustStore, seq: int
    ) -> None:
        proof = proofs(seq)
        again = InclusionProof.loads(orjson.dumps(proof.to_json()))
        check_proof(again, trust)
        assert again.checkpoint.tree_size == 137
        assert orjson.loads(again.record)["detail"] == {"i": seq - 1}

    def test_proof_against_an_older_checkpoint(
        self, proofs: Callable[..., InclusionProof], trust: TrustStore
    ) -> None:
        proof = proofs(5, tree_size=80)
        check_proof(proof, trust)
        assert proof.checkpoint.tree_size == 80

    def test_altered_record_fails(
        self, proofs: Callable[..., InclusionProof], trust: TrustStore
    ) -> None:
        proof = proofs(10)
        forged = dataclasses.replace(proof, record=proof.record.replace(b"deny", b"allow"))
        with pytest.raises(VerificationError, match="record 10: the record and audit path"):
            check_proof(forged, trust)

    def test_wrong_seq_fails(
        self, proofs: Callable[..., InclusionProof], trust: TrustStore
    ) -> None:
        proof = proofs(10)
        with pytest.raises(VerificationError):
            check_proof(dataclasses.replace(proof, seq=11), trust)

    def test_altered_path_fails(
        self, proofs: Callable[..., InclusionProof], trust: TrustStore
    ) -> None:
        proof = proofs(10)
        path = [bytes(32), *proof.path[1:]]
        with pytest.raises(VerificationError):
            check_proof(dataclasses.replace(proof, path=path), trust)

    def test_untrusted_checkpoint_fails(
        self, proofs: Callable[..., InclusionProof], trust: TrustStore
    ) -> None:
        other = TrustStore()
        other.add(SigningKey.generate().public_raw)
        with pytest.raises(VerificationError, match="unknown key"):
            check_proof(proofs(10), other)

    def test_seq_outside_checkpoint_is_refused(self, proofs: Callable[..., InclusionProof]) -> None:
        with pytest.raises(EvidenceError, match="not covered"):
            proofs(138)
        with pytest.raises(EvidenceError, match="no checkpoint of size"):
            proofs(1, tree_size=7)

    def test_malformed_proof_files_are_refused(self) -> None:
        with pytest.raises(VerificationError, match="not valid JSON"):
            InclusionProof.loads(b"{nope")
        with pytest.raises(VerificationError, match="not an inclusion proof"):
            InclusionProof.loads(b'{"type": "x"}')
        with pytest.raises(VerificationError, match="malformed"):
            InclusionProof.loads(b'{"type": "interlock.evidence.inclusion/v1"}')
