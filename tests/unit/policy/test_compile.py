"""Compiled argument constraints: globs that cannot be tricked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interlock.guard.identifiers import scalar_key
from interlock.policy.compile import compile_glob, constant_key


@pytest.mark.parametrize(
    ("glob", "value", "matches"),
    [
        ("*@example.com", "bob@example.com", True),
        ("*@example.com", "BOB@Example.COM", True),
        ("*@example.com", "attacker@evil.io, bob@example.com", False),
        ("*@example.com", "bob@example.com.evil.io", False),
        ("*@example.com", "bob@sub.example.com", False),
        ("https://*.example.com/*", "https://docs.example.com/guide/a", True),
        ("https://*.example.com/*", "https://evil.test/x.example.com/a", False),
        ("https://*.example.com/*", "https://user@evil.test:443/.example.com/", False),
        ("https://*.example.com/*", "https://evil.test#.example.com/", False),
        ("https://docs.example.com/*", "https://docs.example.com/a?q=1", True),
        ("DE??*", "DE89370400440532013000", True),
    ],
)
def test_globs(glob: str, value: str, matches: bool) -> None:
    assert bool(compile_glob(glob).fullmatch(value)) is matches


@pytest.mark.parametrize(
    ("allow", "vouches"),
    [
        (["*@customers.example.com", "*@example.com"], True),
        (["https://*.example.com/*"], True),
        (["bob@example.com"], True),
        (["*"], False),
        (["*@*"], False),
        (["*@*.com"], False),
        (["*@example.com", "*"], False),
        (None, False),
    ],
)
def test_an_allowlist_vouches_only_when_every_glob_names_a_domain(
    allow: list[str] | None, vouches: bool
) -> None:
    from interlock.policy.compile import _vouches

    assert _vouches(allow) is vouches


@given(st.one_of(st.text(max_size=300), st.integers()))
def test_grant_constants_take_the_guards_normal_form(value: str | int) -> None:
    # The policy layer cannot import the guard's normaliser; this keeps the two equal.
    key = scalar_key(value)
    if key is not None:
        assert constant_key(value) == key
