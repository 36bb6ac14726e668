"""The compiled `origin` (interlock.guard._provenance_native) decides exactly as the Python
code, which is the reference: the same `ArgumentOrigin` for random indexes and arguments."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from interlock.guard import provenance as P
from interlock.guard.provenance import ArgumentOrigin, ProvenanceIndex

try:
    from interlock.guard import _provenance_native as native
except ImportError:  # built without a C compiler: there is only the Python code
    native = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(
    native is None,
    reason="the compiled accelerator is not built (no C compiler or Cython at install time)",
)

NativeOrigin = Callable[[ProvenanceIndex, object, frozenset[str], bool], ArgumentOrigin]


def compiled() -> NativeOrigin:
    assert native is not None
    return native.bind(P)


@contextmanager
def pure_python() -> Iterator[None]:
    with mock.patch.object(P, "_native_origin", None):
        yield


# Pieces of observed text and of arguments, so that values turn up in trusted and untrusted
# content alike, and in the shapes the lookups treat specially.
PIECES = [
    *("bob@example.com", "Dana.Lee@Example.com", "evil@attacker.io", "x@evil.io", "@dana"),
    *("https://intranet.example.com/q3", "http://x.io/a?b=c", "https://cdn.evil.net/p.gif?d="),
    *("example.com", "sub.example.com", "evil.io", "report.pdf", "10.0.0.1", "a_b.example.com"),
    *("INV-2026-0042", "C-104233", "E-1", "#general", "#team-updates", "Q3", "EUR", "eur"),
    *("DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "de89 3704 0044 0532 0130 00"),
    *("GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "ab12cdefghijklmno"),
    *("12500", "12,500", "12.500", "12,500.00", "12.500,00", "125,00", "1200", "1,200.00"),
    *("4800", "48,00", "0.5", "1e+20", "-3", "+49 30 1234567", "+49 (30) 1234-567", "+1-555"),
    *("2026-12-01T10:00", "Q3 plan", "pay the other account", "today.", "now...", "done!"),
    *("see:", "ok,", "why?", "a.b", "..", ".", ",", ":", "!", "?", "@", "#", "/", "://"),
    *("<", ">", '"', "'", "`", "(", ")", "[", "]", "{", "}", "|", ";", "\n", "\t", "\r"),
    *(" ", "  ", "\x0b", "\x0c", "\x1c", "\x1f", "é", "а", "ß", "\u212a", "exаmple.com"),
    *("x" * 70, "word " * 60, "ab12" * 5, "##x", "@@dana", "#@bob@example.com", "@#general"),
]
WORDS = st.sampled_from(PIECES)


def variant(text: str, how: int) -> str:
    """Case and whitespace variants of one value."""
    return [
        text,
        text.upper(),
        text.lower(),
        f"  {text} ",
        text.replace(" ", "   "),
        f"{text}.",
        f"#{text}",
        text.title(),
    ][how % 8]


DESTINATIONS = st.builds(
    "{}{}{}".format,
    st.sampled_from(["", "https://", "http://", "dana@", "a.b@", "https://u:p@"]),
    st.sampled_from(
        ["attacker.io", "evil.io", "cdn.evil.net", "example.com", "sub.example.com", "unnamed.org"]
    ),
    st.sampled_from(["", "/", "/p.gif?d=q3", "/q3", ":8080/a", "?x=1", "."]),
)
TEXT = st.one_of(
    DESTINATIONS,
    st.lists(st.one_of(DESTINATIONS, WORDS), max_size=4).map(" ".join),
    st.builds(variant, WORDS, st.integers(0, 7)),
    st.lists(st.one_of(WORDS, st.text(max_size=4)), max_size=12).map("".join),
    st.lists(WORDS, max_size=12).map(" ".join),
    st.text(max_size=40),
    st.text(alphabet="abcdeil0123456789 .,:@/#-+()", max_size=40),
)
NUMBERS = st.one_of(
    st.integers(),
    st.integers(-(10**4), 10**6),
    st.integers(10**14, 10**19),
    st.floats(),
    st.floats(-1e6, 1e6),
    st.floats(1e13, 1e16),
    st.sampled_from(
        [0.125, 0.375, 2.675, 12.5, 0.005, -0.0, 0.0, 1e15, 1e15 - 1, 12500.0, 48.0, 1200.5]
    ),
)
SCALARS = st.one_of(TEXT, NUMBERS, st.booleans(), st.none())
VALUES = st.one_of(
    SCALARS,
    st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.lists(inner, max_size=3).map(tuple),
            st.dictionaries(st.sampled_from(["a", "b", "to"]), inner, max_size=3),
        ),
        max_leaves=8,
    ),
)
OBSERVATION = st.tuples(
    st.one_of(VALUES, st.dictionaries(st.sampled_from(["from", "body"]), TEXT, max_size=2)),
    st.fixed_dictionaries(
        {
            "trusted": st.booleans(),
            "directory": st.booleans(),
            "restricted": st.booleans(),
            "attested": st.booleans(),
            "said": st.booleans(),
        }
    ),
)


@st.composite
def indexes(draw: st.DrawFn) -> ProvenanceIndex:
    """A session index over a directory index, filled as `observe` fills them."""
    parent = ProvenanceIndex()
    for entry in draw(st.lists(TEXT, max_size=4)):
        parent.add(entry, trusted=True, directory=True)
    index = ProvenanceIndex(parent=draw(st.sampled_from([parent, None])))
    for value, flags in draw(st.lists(OBSERVATION, max_size=6)):
        keys = index.add(value, **flags)
        if flags["attested"] and flags["trusted"] and keys:
            index.add_record(keys[:1], keys[1:])
    return index


SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(indexes(), st.lists(VALUES, min_size=1, max_size=6), st.frozensets(TEXT, max_size=3))
def test_origin_is_the_same_as_the_python_code(
    index: ProvenanceIndex, values: list[object], constants: frozenset[str]
) -> None:
    origin = compiled()
    for value in values:
        for scan in (True, False):
            with pure_python():
                expected = index.origin(value, constants, scan=scan)
            assert origin(index, value, constants, scan) == expected, (value, scan)


@SETTINGS
@given(indexes(), st.lists(TEXT, min_size=1, max_size=4))
def test_values_seen_in_the_index_are_the_same(index: ProvenanceIndex, extra: list[str]) -> None:
    """Arguments drawn from what the index holds (the lookups that hit, not only misses)."""
    origin = compiled()
    held = sorted(index.trusted | index.untrusted | index.attested | index.said)[:20]
    for value in [*held, *extra, *(h.upper() for h in held), held, {"v": held[:3]}]:
        for constants in (frozenset(), frozenset(held[:2])):
            with pure_python():
                expected = index.origin(value, constants)
            assert origin(index, value, constants, True) == expected, value


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        TEXT,
        st.text(alphabet="ab. ,:!?#@/(\t\x0b\x1c", max_size=30),
        # Marks next to each other and to spaces of every kind: the replacement order shows.
        st.lists(st.sampled_from(["a", "b.", ".,", ",.", ":!", " ", "\x0b", "##", "@#", "#@"])).map(
            "".join
        ),
    )
)
# Whether any token is left with a mark decides whether all are stripped: "a., " keeps "a."
# (", " is replaced after ". "), so "b." before a vertical tab is stripped too.
@example("a., b.\x0bc")
@example("a,. b.\x0bc")
@example("x!? y:\x0b")
@example(" @#a b.\x0b")
@example(" @a #b c.\x0b")
def test_argument_tokens_are_the_same(text: str) -> None:
    assert native is not None
    assert native.argument_tokens(text) == P.argument_tokens(text)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        WORDS,
        st.text(alphabet="abz019_-.@:/?", max_size=30),
        st.lists(st.sampled_from(["ab", "x-y", "9", "io", "com", "pdf", "_"]), max_size=5).map(
            ".".join
        ),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=14, max_size=36),
        st.builds(
            "{}.{}{}".format,
            st.sampled_from(["a", "a-b", "1", "-a", "a_", "1.2"]),
            st.integers(0, 27).map("z".__mul__),
            st.sampled_from(["", "9", "-"]),
        ),
    )
)
@example("a." + "z" * 24)  # the longest top-level label a domain has
@example("a." + "z" * 25)
@example("a.z")
def test_destinations_are_the_same(token: str) -> None:
    assert native is not None
    folded = token.casefold()
    assert native.is_destination(folded) == P._is_destination(folded)
    assert native.is_destination(token) == P._is_destination(token)


@SETTINGS
@given(
    NUMBERS,
    st.lists(
        st.tuples(st.integers(0, 30), st.sampled_from(["", ".", ","]), st.booleans()), max_size=5
    ),
)
def test_numbers_written_in_text_are_the_same(
    value: int | float, writes: list[tuple[int, str, bool]]
) -> None:
    """An index holding some of the ways the number is written (as text does)."""
    index = ProvenanceIndex()
    bare = P._bare_cents_keys(value) if type(value) is int else []
    forms = P._number_keys(value) + bare
    for at, end, trusted in writes:
        # Bare units ("60" for 6000 cents) vouch only in the user's words: write some so.
        said = trusted and at % 2 == 0
        index.add(f"amount {forms[at % len(forms)]}{end} due", trusted=trusted, said=said)
    origin = compiled()
    for scan in (True, False):
        with pure_python():
            expected = index.origin(value, scan=scan)
        assert origin(index, value, frozenset(), scan) == expected


IBAN = st.builds(
    "{}{}{}".format,
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
    st.text("0123456789", min_size=2, max_size=2),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=9, max_size=32),
)


@SETTINGS
@given(IBAN, st.lists(st.sampled_from(["trusted", "untrusted", "attested", "said"]), max_size=3))
def test_ibans_written_in_groups_are_the_same(iban: str, where: list[str]) -> None:
    """IBANs observed in groups of four, looked up compact, spaced and in text."""
    grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    index = ProvenanceIndex(parent=ProvenanceIndex())
    for kind in where:
        flags = {"attested": kind == "attested", "said": kind == "said"}
        index.add(f"account {grouped} today", trusted=kind != "untrusted", **flags)
    origin = compiled()
    for value in (iban, iban.lower(), grouped, f"pay {iban} now", [iban, grouped]):
        for scan in (True, False):
            with pure_python():
                expected = index.origin(value, scan=scan)
            assert origin(index, value, frozenset(), scan) == expected, value


def test_known_cases() -> None:
    index = ProvenanceIndex(parent=ProvenanceIndex())
    assert index.parent is not None
    index.parent.add(["example.com", "DE89 3704 0044 0532 0130 00"], trusted=True, directory=True)
    index.add("Pay 12,500.00 to bob@example.com, ref INV-2026-0042.", trusted=True, said=True)
    index.add("send to evil@attacker.io https://cdn.evil.net/x", trusted=False)
    index.add("EUR GB82 WEST 1234 5698 7654 32", trusted=False)
    index.add({"from": "carol@partner.org"}, trusted=True, attested=True)
    index.add({"from": "dana@example.com"}, trusted=True, attested=True)
    index.add("passport X1234567 salary 98000", trusted=True, restricted=True)
    index.add("the portal is https://partner.org/ (see www.partner.org)", trusted=True)
    origin = compiled()
    for value in (
        12500,
        125.0,
        12500.0,
        "12,500",
        "EUR",
        "inv-2026-0042",
        "bob@example.com",
        "Bob <bob@example.com>",
        "x@evil.io bob@example.com",
        "https://cdn.evil.net/p?d=1",
        "https://evil.net.attacker.io",
        "DE89370400440532013000",
        "GB82WEST12345698765432",
        "carol@partner.org",
        "reply to carol@partner.org",
        "X1234567",
        98000,
        ["EUR", 12500],
        {"to": ["bob@example.com", "evil@attacker.io"]},
        (),
        [],
        {},
        "call +49 30 1234567",
        "ünïcode bob@example.com",
        True,
        None,
        float("nan"),
        float("-inf"),
        10**30,
        -5,
        "https://partner.org",
        "example.com https://example.com/q3",
        "www.partner.org",
        "dana@example.com",
        "to dana@example.com",
        {"a": "evil@attacker.io", "b": "x https://cdn.evil.net/x", "c": "carol@partner.org"},
    ):
        for constants in (frozenset(), frozenset({"eur", "x1234567"})):
            with pure_python():
                expected = index.origin(value, constants)
            assert origin(index, value, constants, True) == expected, value


def test_walks_at_most_max_nodes() -> None:
    index = ProvenanceIndex()
    index.add("evil@attacker.io", trusted=False)
    # Values are walked from the end: the first one is past the limit.
    value = ["evil@attacker.io", *["a"] * P.MAX_NODES]
    with pure_python():
        expected = index.origin(value)
    assert expected.provenance == P.MODEL
    assert compiled()(index, value, frozenset(), True) == expected


def test_the_environment_variable_selects_pure_python() -> None:
    code = "from interlock.guard import provenance as p; print(p.ACCELERATED)"
    env = {**os.environ, "INTERLOCK_PURE_PYTHON": "1"}
    pure = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert pure.stdout.strip() == "False"
    env.pop("INTERLOCK_PURE_PYTHON")
    default = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert default.stdout.strip() == "True"
