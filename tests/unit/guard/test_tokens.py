"""Tokenising and lookups never fail, whatever text an agent or a web page supplies."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from interlock.guard.identifiers import scalar_key
from interlock.guard.provenance import (
    MODEL,
    TRUSTED,
    UNTRUSTED,
    ProvenanceIndex,
    _drop_sigils,
    tokens,
)

PIECES = st.sampled_from(
    [
        "@",
        "#",
        ".",
        ",",
        "!",
        "?",
        ":",
        " ",
        "\n",
        "://",
        "a@b.io",
        "https://x.io/a?b=c",
        "DE89 3704 0044 0532 0130 00",
        "+49 30 1234567",
        "12,500.00",
        "940,00",
        "é",
        "а",
        "\x00",
    ]
)
TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=30).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_tokens_are_non_empty_and_never_raise(text: str) -> None:
    assert all(tokens(text))


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT, st.one_of(TEXT, st.integers(), st.floats(), st.booleans(), st.none()))
def test_index_and_lookup_never_raise(trusted: str, untrusted: str, arg: object) -> None:
    index = ProvenanceIndex()
    index.add(trusted, trusted=True)
    index.add(untrusted, trusted=False, directory=False)
    origin = index.origin(arg)
    assert origin.provenance in (TRUSTED, UNTRUSTED, MODEL)


@given(TEXT)
def test_what_the_user_wrote_is_never_untrusted(text: str) -> None:
    index = ProvenanceIndex()
    index.add(text, trusted=True)
    index.add("unrelated", trusted=False)
    for token in tokens(text)[:5]:
        assert index.origin(token).provenance in (TRUSTED, MODEL)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_tokens_drop_exactly_the_leading_sigils(text: str) -> None:
    # The sigil pass looks for "#" and "@" first; it must equal the plain replacement.
    spaced = " " + " ".join(text.casefold().split()) + " "
    assert _drop_sigils(spaced) == spaced.replace(" #", " ").replace(" @", " ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT, st.integers(), st.floats(), st.booleans(), st.none()), max_size=4))
def test_indexing_returns_each_scalars_whole_value_key(values: list[object]) -> None:
    keys = ProvenanceIndex().add(values, trusted=True)
    expected = [k for v in reversed(values) if (k := scalar_key(v)) is not None]
    assert keys == expected
