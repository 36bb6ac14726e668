"""Compiling the rules of one call plan into one plain Python function.

A plan's rules are data (`CompiledRule`: native tests, an optional CEL program, an
effect). Interpreting them costs a few function calls per test, which at a dozen rules a
call is most of the guard's rule budget; so the first time a plan is used its rules are
turned into the source of one function, a chain of `if` statements over the call's facts,
and compiled. Values (parameter names, provenance sets, rule ids, descriptions, programs)
are bound as constants, never spliced into the source, except through `repr` of names.

The generated function has the interpreter's semantics exactly: tests in the plan's order
with short-circuit, CEL only when the native tests hold, a CEL failure recorded as an
error (which denies), every matching rule recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from interlock.policy.cel import CelRuntimeError
from interlock.policy.compile import CompiledRule, RuntimeTest

if TYPE_CHECKING:
    from interlock.guard.facts import CallFacts
    from interlock.policy.decision import Outcome

RuleCheck = Callable[["CallFacts", "Outcome"], None]
"""Applies every rule of one plan to one call's facts, recording hits in the outcome."""


def compile_rules(rules: Sequence[CompiledRule], tool: str) -> RuleCheck:
    """One function applying `rules` (the rules of `tool`'s plan) to a call."""
    constants: dict[str, object] = {"CelRuntimeError": CelRuntimeError}
    lines = [
        "def check(f, outcome):",
        "    s = f.session",
        "    o = f.origins",
        "    hit = outcome.hit",
    ]
    for i, rule in enumerate(rules):
        constants.update({f"V{i}": rule.verdict, f"I{i}": rule.id, f"D{i}": rule.description})
        condition = " and ".join(
            _test_code(test, f"T{i}_{j}", constants, tool) for j, test in enumerate(rule.tests)
        )
        indent = "    "
        if condition:
            lines.append(f"    if {condition}:")
            indent = "        "
        if rule.program is None:
            lines.append(f"{indent}hit(V{i}, I{i}, D{i})")
            continue
        constants[f"P{i}"] = rule.program
        lines += [
            f"{indent}try:",
            f"{indent}    if P{i}.evaluate(f.resolve):",
            f"{indent}        hit(V{i}, I{i}, D{i})",
            f"{indent}except CelRuntimeError as exc:",
            f"{indent}    outcome.error(I{i}, str(exc))",
        ]
    if not rules:
        lines.append("    return None")
    namespace: dict[str, object] = dict(constants)
    # The source is built here from fixed fragments, integers and `repr` of parameter names;
    # every other value reaches it as a bound constant.
    exec(compile("\n".join(lines), f"<rules of {tool}>", "exec"), namespace)  # noqa: S102
    return namespace["check"]  # type: ignore[return-value]


def _test_code(test: RuntimeTest, name: str, constants: dict[str, object], tool: str) -> str:
    """A Python expression over `f` (facts), `s` (session) and `o` (origins) for one test."""
    kind = test.kind
    if kind == "session_trust":
        return f"s.trust_rank >= {int(test.rank)}"
    if kind == "session_class":
        return f"s.class_rank >= {int(test.rank)}"
    if kind == "plan":
        return f"(s.planned is not None and {tool!r} not in s.planned)"
    if kind == "secrets":
        return "f.secret() is not None"
    constants[name] = test.wanted
    if kind == "sensitive":
        parts = [f"({p!r} in o and o[{p!r}].provenance in {name})" for p in test.params]
        return "(" + " or ".join(parts) + ")" if parts else "False"
    if kind == "attested":
        parts = [f"({p!r} in o and o[{p!r}].attested)" for p in test.params]
        return "(" + " or ".join(parts) + ")" if parts else "False"
    if kind == "any_args":
        return f"any([x.provenance in {name} for x in o.values()])"
    if kind == "embedded":
        return f"any([x.embedded in {name} for x in o.values()])"
    if kind in ("constructed", "restricted", "steered"):
        return f"any([x.{kind} for x in o.values()])"
    # Rarer tests go through the facts' own method, with the test as its argument.
    constants[name] = test
    return f"f.holds({name})"
