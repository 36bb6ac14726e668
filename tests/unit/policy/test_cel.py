"""CEL `when` programs: flat variables, fail-closed errors, results kept by value."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interlock.policy.cel import MEMO_SIZE, CelProgram, CelRuntimeError, Need, compile_expression


def resolver(values: Mapping[str, object]) -> Callable[[Need], object]:
    def resolve(need: Need) -> object:
        return values.get(need.name)

    return resolve


def test_references_become_flat_variables() -> None:
    p = compile_expression('provenance(args.to) == "untrusted" && session.tainted')
    assert {n.name for n in p.needs} == {"il_prov__to", "il_session__tainted"}
    assert p.evaluate(resolver({"il_prov__to": "untrusted", "il_session__tainted": True}))
    assert not p.evaluate(resolver({"il_prov__to": "trusted", "il_session__tainted": True}))


def test_programs_over_finite_variables_keep_results_by_value() -> None:
    p = compile_expression('provenance(args.to) == "untrusted" && tool.effect == "external"')
    assert p.memo is not None
    values = {"il_prov__to": "untrusted", "il_tool__effect": "external"}
    assert p.evaluate(resolver(values))
    assert p.memo == {("untrusted", "external"): True}
    assert not p.evaluate(resolver({**values, "il_prov__to": "trusted"}))
    # The same values again: answered from the memo, and still right.
    assert p.evaluate(resolver(values))
    assert not p.evaluate(resolver({**values, "il_tool__effect": "read"}))
    assert len(p.memo) == 3


@pytest.mark.parametrize(
    "source",
    ["args.amount > 1000", "session.steps > 3", 'session.user == "u-1"', 'text.contains("x")'],
)
def test_programs_reading_values_or_counters_are_always_evaluated(source: str) -> None:
    assert compile_expression(source).memo is None


def test_errors_are_raised_every_time_and_never_kept() -> None:
    p = compile_expression("provenance(args.to) > 5")
    assert p.memo is not None
    for _ in range(2):
        with pytest.raises(CelRuntimeError):
            p.evaluate(resolver({"il_prov__to": "trusted"}))
    assert p.memo == {}


def test_the_memo_is_bounded() -> None:
    p = compile_expression('provenance(args.to) == "untrusted"')
    for i in range(MEMO_SIZE + 10):
        p.evaluate(resolver({"il_prov__to": f"v{i}"}))
    assert p.memo is not None and len(p.memo) == MEMO_SIZE


class TestConjunctions:
    """A top-level `a && b` runs operand by operand, finite ones first, as CEL would."""

    def test_operands_over_finite_variables_run_first(self) -> None:
        p = compile_expression('args.amount > 1000 && provenance(args.to) == "untrusted"')
        assert [part.source for part in p.parts] == [
            'il_prov__to == "untrusted"',
            "il_arg__amount > 1000",
        ]

    def test_no_split_across_or_ternary_strings_or_parentheses(self) -> None:
        for source in [
            "args.x > 1 || session.tainted && args.y > 2",
            "session.tainted ? args.x > 1 : args.y > 2 && session.tainted",
            'args.title.contains("a && b")',
            "(args.a > 1 && args.b > 2)",
            'provenance(args.to) == "untrusted" && session.tainted',  # finite: one memo
        ]:
            assert compile_expression(source).parts == (), source

    def test_a_false_finite_operand_decides_without_reading_the_rest(self) -> None:
        p = compile_expression('provenance(args.to) == "untrusted" && args.amount > 1000')
        read: list[str] = []

        def resolve(need: Need) -> object:
            read.append(need.name)
            return {"il_prov__to": "trusted", "il_arg__amount": 5000}[need.name]

        assert p.evaluate(resolve) is False
        assert read == ["il_prov__to"]


EXPRESSIONS = [
    'provenance(args.to) == "untrusted" && args.amount > 1000',
    'args.amount > 20000 && session.trust == "untrusted" && has(args.memo)',
    'size(args.memo) > 3 && tool.effect == "external"',
    "args.amount > 1000 && args.flag",
]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 30_000),
    st.sampled_from(["trusted", "untrusted", "model", "external", "read", "", "memo text"]),
)


@settings(max_examples=300, deadline=None)
@given(expression=st.sampled_from(EXPRESSIONS), values=st.dictionaries(st.text(), VALUES))
def test_split_conjunctions_agree_with_the_whole_expression(
    expression: str, values: dict[str, object]
) -> None:
    split = compile_expression(expression)
    assert split.parts
    whole = CelProgram(split.source, split.rewritten, split.program, split.needs)
    pool = list(values.values()) or [None]

    def resolve(need: Need) -> object:
        return pool[sum(map(ord, need.name)) % len(pool)]

    outcomes: list[bool | str] = []
    for program in (split, whole):
        try:
            outcomes.append(program.evaluate(resolve))
        except CelRuntimeError:
            outcomes.append("error")
    assert outcomes[0] == outcomes[1]


COMPARISONS = [
    "args.amount > 20000",
    "args.amount <= -5",
    "args.amount == 0",
    "args.amount != 1000",
    'args.currency != "EUR"',
    'args.currency == "EUR"',
    "size(args.body) > 3",
    "size(args.body) == 0",
    "size(args.body) >= 2",
]
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=6),
    st.sampled_from(["EUR", "eur", "EUR "]),
    st.lists(st.integers(), max_size=5),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=4),
)


@settings(max_examples=500, deadline=None)
@given(source=st.sampled_from(COMPARISONS), value=ANY_VALUE)
def test_comparisons_answered_in_python_agree_with_the_library(source: str, value: object) -> None:
    program = compile_expression(source)
    assert program.native is not None, source
    (need,) = program.needs
    answered = program.native(value)
    try:
        expected: bool | str = program._execute({need.name: value})
    except CelRuntimeError:
        expected = "error"
    if answered is not None:  # where Python answers, it answers as CEL does
        assert answered == expected
    outcome: bool | str
    try:
        outcome = program.evaluate(lambda _: value)
    except CelRuntimeError:
        outcome = "error"
    assert outcome == expected


def test_only_plain_comparisons_are_answered_in_python() -> None:
    for source in [
        "args.a > args.b",
        'size(args.body) == "x"',
        'args.currency < "EUR"',
        "args.amount > 1.5",
        'args.note == "a\\"b"',
        "args.amount + 1 > 2",
    ]:
        assert compile_expression(source).native is None, source
