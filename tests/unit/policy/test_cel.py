"""CEL `when` programs: flat variables, fail-closed errors, results kept by value."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from interlock.policy.cel import MEMO_SIZE, CelRuntimeError, Need, compile_expression


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
