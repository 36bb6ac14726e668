"""Record hashes bind sequence number, predecessor and content, and double as Merkle leaves."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from interlock.evidence.chain import GENESIS, RECORD_DOMAIN, chain_hashes, record_hash


class TestRecordHash:
    def test_is_an_rfc6962_leaf_hash_with_a_domain_tag(self) -> None:
        content = b'{"kind":"x"}'
        expected = hashlib.sha256(
            RECORD_DOMAIN + (7).to_bytes(8, "big") + GENESIS + content
        ).digest()
        assert record_hash(7, GENESIS, content) == expected
        assert RECORD_DOMAIN.startswith(b"\x00")

    def test_every_input_matters(self) -> None:
        base = record_hash(1, GENESIS, b"{}")
        assert record_hash(2, GENESIS, b"{}") != base
        assert record_hash(1, b"\x01" * 32, b"{}") != base
        assert record_hash(1, GENESIS, b'{"a":1}') != base

    @given(st.integers(1, 10**9), st.lists(st.binary(max_size=40), max_size=20))
    def test_chain_hashes_equals_hashing_one_by_one(
        self, first: int, contents: list[bytes]
    ) -> None:
        prev = GENESIS
        expected = []
        for i, c in enumerate(contents):
            prev = record_hash(first + i, prev, c)
            expected.append(prev)
        assert chain_hashes(first, GENESIS, contents) == expected
