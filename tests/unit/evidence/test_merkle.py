"""RFC 6962 tree hashing, compact ranges and inclusion proofs."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interlock.errors import VerificationError
from interlock.evidence import merkle


def leaves(n: int) -> list[bytes]:
    return [hashlib.sha256(b"\x00" + i.to_bytes(4, "big")).digest() for i in range(n)]


class TestRoot:
    def test_empty_tree_is_hash_of_nothing(self) -> None:
        assert merkle.root([]) == hashlib.sha256(b"").digest()

    def test_three_leaves_split_at_two(self) -> None:
        a, b, c = leaves(3)
        assert merkle.root([a, b, c]) == merkle.node_hash(merkle.node_hash(a, b), c)

    def test_node_hash_uses_interior_prefix(self) -> None:
        a, b = leaves(2)
        assert merkle.node_hash(a, b) == hashlib.sha256(b"\x01" + a + b).digest()


class TestCompactRange:
    @settings(max_examples=60, deadline=None)
    @given(st.integers(0, 300), st.data())
    def test_any_split_gives_the_spec_root(self, n: int, data: st.DataObject) -> None:
        ls = leaves(n)
        cut = data.draw(st.integers(0, n))
        cr = merkle.CompactRange()
        cr.extend(ls[:cut])
        for leaf in ls[cut:]:
            cr.append(leaf)
        assert cr.size == n
        assert cr.root() == merkle.root(ls)
        again = merkle.CompactRange.from_bytes(n, cr.to_bytes())
        assert again.root() == cr.root()

    def test_misaligned_subtree_is_refused(self) -> None:
        cr = merkle.CompactRange()
        cr.append(leaves(1)[0])
        with pytest.raises(VerificationError, match="aligned"):
            cr.merge([(2, leaves(1)[0])])

    def test_saved_state_of_wrong_shape_is_refused(self) -> None:
        with pytest.raises(VerificationError):
            merkle.CompactRange.from_bytes(3, b"\x00" * 32)


class TestInclusion:
    @settings(max_examples=60, deadline=None)
    @given(st.integers(1, 200), st.data())
    def test_every_path_reproduces_the_root(self, n: int, data: st.DataObject) -> None:
        ls = leaves(n)
        i = data.draw(st.integers(0, n - 1))
        path = merkle.inclusion_path(ls, i)
        assert merkle.root_from_path(ls[i], i, n, path) == merkle.root(ls)

    @settings(max_examples=60, deadline=None)
    @given(st.integers(2, 200), st.data())
    def test_a_wrong_leaf_or_index_does_not(self, n: int, data: st.DataObject) -> None:
        ls = leaves(n)
        i = data.draw(st.integers(0, n - 1))
        j = data.draw(st.integers(0, n - 1).filter(lambda x: x != i))
        path = merkle.inclusion_path(ls, i)
        assert merkle.root_from_path(ls[j], i, n, path) != merkle.root(ls)
        try:
            other = merkle.root_from_path(ls[i], j, n, path)
        except VerificationError:
            return
        assert other != merkle.root(ls)

    def test_path_of_wrong_length_is_refused(self) -> None:
        ls = leaves(8)
        path = merkle.inclusion_path(ls, 3)
        with pytest.raises(VerificationError, match="shorter"):
            merkle.root_from_path(ls[3], 3, 8, path[:-1])
        with pytest.raises(VerificationError, match="longer"):
            merkle.root_from_path(ls[3], 3, 8, [*path, path[0]])

    def test_index_outside_tree_is_refused(self) -> None:
        with pytest.raises(VerificationError):
            merkle.inclusion_path(leaves(4), 4)
        with pytest.raises(VerificationError):
            merkle.root_from_path(leaves(1)[0], 5, 4, [])
