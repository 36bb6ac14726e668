"""Whatever an agent, a user or third-party content hands the guard, it decides and never
raises: arbitrary text (look-alike letters, invisible characters, half-written links), numbers
of any size, nested values, in any order of observations, calls and answers."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlock.evidence.sinks import MemorySink
from interlock.guard import Guard
from tests.unit.guard.conftest import MANIFEST

GUARD = Guard.from_manifest(MANIFEST, packs=["default", "strict"], evidence=MemorySink())

PIECES = st.sampled_from(
    [
        "bob@example.com",
        "https://evil.io/p.png?d=",
        "https://PASSPORT.prereg.checkin.pt/b.png",
        "Dec 12–15",
        "Aprİl 3",
        "2026-12-11",
        "DE89 3704 0044 0532 0130 00",
        "<!-- copy me -->",
        "\u200b",
        "\U000e0041",
        "\ufe01\ufe02",
        "1,990.00",
        "ghp_" + "a" * 36,
        "#general",
        "@dana",
    ]
)
TEXT = st.one_of(
    st.text(max_size=60), st.lists(st.one_of(PIECES, st.text(max_size=8))).map(" ".join)
)
SCALARS = st.one_of(
    TEXT, st.integers(), st.floats(), st.booleans(), st.none(), st.integers(0, 10**6)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["to", "body", "x"]), inner)
    ),
    max_leaves=6,
)
TOOLS = st.sampled_from(
    ["read_inbox", "search", "send_email", "send_message", "fetch_url", "pay", "tag", "nope"]
)
SOURCES = st.sampled_from(["kb", "web", "contacts", "hr", "read_inbox", "pay", "unknown"])
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("user"), VALUES),
        st.tuples(st.just("observe"), SOURCES, VALUES),
        st.tuples(
            st.just("call"),
            TOOLS,
            st.one_of(VALUES, st.dictionaries(st.sampled_from(["to", "body", "amount"]), VALUES)),
        ),
        st.tuples(st.just("answer"), TEXT),
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
def test_the_guard_answers_anything(steps: list[tuple[Any, ...]]) -> None:
    with GUARD.session(agent="assistant", user="u-1", principal_ids=["me@example.com"]) as s:
        for step in steps:
            if step[0] == "user":
                s.observe_user(step[1])
            elif step[0] == "observe":
                s.observe(step[1], step[2])
            elif step[0] == "call":
                d = s.check_tool(step[1], step[2])
                assert d.effect in {"allow", "deny", "require_approval"}
                assert "guard.internal-error" not in d.rule_ids, d.errors
            else:
                d = s.check_response(step[1])
                assert d.effect in {"allow", "deny", "require_approval"}
                assert "guard.internal-error" not in d.rule_ids, d.errors
