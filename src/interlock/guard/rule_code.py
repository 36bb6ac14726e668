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

Tests that ask whether any argument is constructed, restricted or steered, or has its
provenance or embedded destination in a set, are answered from one pass over the origins
where two or more of them would otherwise each loop (a default-pack plan has five). A rule
with a CEL condition may rescan an argument, so the rules after it get a fresh pass.
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
    passes, covered = _summary_plan(rules)
    for i, rule in enumerate(rules):
        constants.update({f"V{i}": rule.verdict, f"I{i}": rule.id, f"D{i}": rule.description})
        if i in passes:
            lines += _summary_code(passes[i])
        condition = " and ".join(
            _summary_test(test, f"T{i}_{j}", constants)
            if i in covered and test.kind in _SUMMARY_KINDS
            else _test_code(test, f"T{i}_{j}", constants, tool)
            for j, test in enumerate(rule.tests)
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
    if kind == "hidden":
        return "f.hidden() is not None"
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


_SUMMARY_KINDS = ("constructed", "restricted", "steered", "embedded", "any_args")
"""Tests answered by any one argument's origin: one pass over the origins serves them all."""


def _summary_plan(rules: Sequence[CompiledRule]) -> tuple[dict[int, set[str]], set[int]]:
    """Where to put an origins pass (rule index -> kinds it must gather) and which rules
    read it. Rules are cut into runs that end after each CEL condition; a run gets a pass
    before its first rule when two or more of its tests would use it."""
    passes: dict[int, set[str]] = {}
    covered: set[int] = set()
    run: list[int] = []
    for i, rule in enumerate(rules):
        run.append(i)
        if rule.program is not None or i == len(rules) - 1:
            kinds = [t.kind for r in run for t in rules[r].tests if t.kind in _SUMMARY_KINDS]
            if len(kinds) >= 2:
                first = next(
                    r for r in run if any(t.kind in _SUMMARY_KINDS for t in rules[r].tests)
                )
                passes[first] = set(kinds)
                covered.update(run)
            run = []
    return passes, covered


def _summary_code(kinds: set[str]) -> list[str]:
    """One loop over the origins, gathering what the run's tests ask."""
    flags = [k for k in ("constructed", "restricted", "steered") if k in kinds]
    lines = [f"    a_{k} = False" for k in flags]
    if "any_args" in kinds:
        lines.append("    a_provenance = set()")
    if "embedded" in kinds:
        lines.append("    a_embedded = set()")
    lines.append("    for x in o.values():")
    if "any_args" in kinds:
        lines.append("        a_provenance.add(x.provenance)")
    if "embedded" in kinds:
        lines.append("        a_embedded.add(x.embedded)")
    lines += [f"        if x.{k}:\n            a_{k} = True" for k in flags]
    return lines


def _summary_test(test: RuntimeTest, name: str, constants: dict[str, object]) -> str:
    """The expression for a test the run's origins pass answers."""
    if test.kind == "embedded":
        constants[name] = test.wanted
        return f"not a_embedded.isdisjoint({name})"
    if test.kind == "any_args":
        constants[name] = test.wanted
        return f"not a_provenance.isdisjoint({name})"
    return f"a_{test.kind}"
