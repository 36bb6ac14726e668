"""The fast encoder must produce exactly the RFC 8785 bytes of the `rfc8785` oracle."""

from __future__ import annotations

import orjson
import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from interlock.errors import EvidenceError
from interlock.evidence import canonical
from interlock.evidence.record import check_value

SAFE = canonical.MAX_SAFE_INTEGER
# Text across the whole code space: ASCII, BMP (incl. U+E000..U+FFFF) and astral characters.
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
keys = st.one_of(
    text,
    st.sampled_from(["a", "\ue000", "\uffff", "\U0001f600", "\U00010000", "é", "Z", "\x7f"]),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-SAFE, SAFE), text)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=5)
    ),
    max_leaves=30,
)


class TestCanonical:
    @settings(max_examples=600, deadline=None)
    @given(values)
    def test_bytes_equal_the_rfc8785_oracle(self, value: object) -> None:
        assert canonical.dumps(value, reference=check_value(value)) == rfc8785.dumps(value)

    @settings(max_examples=300, deadline=None)
    @given(st.dictionaries(keys, scalars, max_size=8))
    def test_fast_path_is_taken_whenever_it_is_exact(self, value: dict[str, object]) -> None:
        # When check_value says orjson's order is fine, orjson alone must match the oracle.
        if not check_value(value):
            assert orjson.dumps(value, option=orjson.OPT_SORT_KEYS) == rfc8785.dumps(value)

    def test_astral_keys_need_utf16_order(self) -> None:
        value = {"\ue000": 1, "\U0001f600": 2}
        # orjson sorts by code point, RFC 8785 by UTF-16 units: they really differ here...
        assert orjson.dumps(value, option=orjson.OPT_SORT_KEYS) != rfc8785.dumps(value)
        # ...so check_value flags it and dumps takes the reference path.
        assert check_value(value) is True
        assert canonical.dumps(value, reference=True) == rfc8785.dumps(value)

    @pytest.mark.parametrize("n", [SAFE, -SAFE, 0, 1, -1])
    def test_safe_integers_encode_like_the_oracle(self, n: int) -> None:
        assert canonical.dumps([n]) == rfc8785.dumps([n])

    @pytest.mark.parametrize("bad", [[SAFE + 1], {"x": -SAFE - 1}, [1.5], {"a": [0.0]}])
    def test_outside_the_domain_is_refused(self, bad: object) -> None:
        with pytest.raises(EvidenceError):
            check_value(bad)

    def test_lone_surrogate_is_refused(self) -> None:
        with pytest.raises(EvidenceError, match="canonicalized"):
            canonical.dumps(["\ud800"])
