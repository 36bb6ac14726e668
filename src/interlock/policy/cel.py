"""CEL `when` expressions: compiled once, evaluated over a flat activation of scalars.

Rule authors write `provenance(args.to) == "untrusted"`, `args.amount_cents > 10000`,
`session.classification == "restricted"`, `tool.effect == "external"`. The Rust-backed CEL
library converts a nested Python dict into CEL values at a cost of tens of microseconds,
but a handful of flat scalars costs a few; so at compile time each `args.X`,
`provenance(args.X)`, `has(args.X)` and `session.X` / `tool.X` / `agent.X` reference is
rewritten to one flat variable, and at run time only the variables a rule references are
computed and passed. Anything inside string literals is left alone.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cel

NAMESPACES: dict[str, frozenset[str]] = {
    "session": frozenset(
        {"trust", "classification", "tainted", "steps", "denials", "user", "population"}
    ),
    "tool": frozenset({"id", "effect"}),
    "agent": frozenset({"id", "autonomy"}),
}
"""Members rules may read besides `args`; anything else is a compile error."""

TOP_LEVEL = frozenset({"text"})
"""Bare variables: `text` is the response being checked (rules with `on: response`)."""

_STRING = r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''
_STRING_AT = re.compile(_STRING)
_REFERENCE = re.compile(
    rf"(?P<string>{_STRING})"
    r"|provenance\(\s*args\.(?P<prov>[A-Za-z_]\w*)\s*\)"
    r"|has\(\s*args\.(?P<has>[A-Za-z_]\w*)\s*\)"
    r"|\bargs\.(?P<arg>[A-Za-z_]\w*)"
    r"|\b(?P<ns>session|tool|agent)\.(?P<member>[A-Za-z_]\w*)"
)


@dataclass(frozen=True)
class Need:
    """One flat variable a program reads: its CEL name, what kind of value, which key."""

    name: str
    kind: str  # "arg" | "prov" | "has" | "session" | "tool" | "agent" | "text"
    key: str


_FINITE = frozenset({"prov", "has", "tool", "agent"})
_FINITE_SESSION = frozenset({"trust", "classification", "tainted"})
MEMO_SIZE = 1024
"""Results kept per program whose variables all range over small finite sets."""


class CelProgram:
    """A compiled `when` expression and the flat variables it needs.

    A program that reads only variables with a few possible values (provenance, the session
    label, the tool's effect, `has`) keeps its results by value: the CEL library costs a few
    microseconds a call, a dictionary lookup a tenth of one. Programs reading argument values
    or counters are evaluated every time.
    """

    __slots__ = ("finite", "memo", "native", "needs", "parts", "program", "rewritten", "source")

    def __init__(
        self,
        source: str,
        rewritten: str,
        program: Any,
        needs: tuple[Need, ...],
        parts: tuple[CelProgram, ...] = (),
    ) -> None:
        self.source = source
        self.rewritten = rewritten
        self.program = program
        self.needs = needs
        self.finite = all(
            n.kind in _FINITE or (n.kind == "session" and n.key in _FINITE_SESSION) for n in needs
        )
        self.memo: dict[tuple[object, ...], bool] | None = {} if self.finite else None
        self.parts = parts
        """The top-level `&&` operands, compiled one by one with those over finite variables
        first, when the expression is such a conjunction and reads any argument value."""
        self.native = _native_comparison(rewritten, needs)
        """For `args.X > 1000`, `args.X != "EUR"` and `size(args.X) <= 500`: the answer in
        Python where the library's is certain (an int or finite double against an int, text
        against text, the length of ASCII text, a list or a map), else None."""

    def evaluate(self, resolve: Callable[[Need], object]) -> bool:
        """Evaluate with variables from `resolve`; raises `CelRuntimeError` on any failure.

        A non-boolean result is an error too: a rule must say yes or no. A conjunction is
        evaluated operand by operand with CEL's own `&&` semantics (false if any operand is
        false, even when another fails; else an error if one failed; else true), so an
        operand over the provenance or the session label, answered from its memo, usually
        decides without calling the CEL library at all.
        """
        if self.parts:
            failure: CelRuntimeError | None = None
            for part in self.parts:
                try:
                    if not part.evaluate(resolve):
                        return False
                except CelRuntimeError as exc:
                    failure = failure or exc
            if failure is not None:
                raise failure
            return True
        memo = self.memo
        if memo is None:
            native = self.native
            if native is not None:
                value = resolve(self.needs[0])
                answer = native(value)
                if answer is not None:
                    return answer
                return self._execute({self.needs[0].name: value})
            return self._execute({need.name: resolve(need) for need in self.needs})
        key = tuple([resolve(need) for need in self.needs])
        known = memo.get(key)
        if known is not None:
            return known
        names = [need.name for need in self.needs]
        result = self._execute(dict(zip(names, key, strict=True)))
        if len(memo) < MEMO_SIZE:
            memo[key] = result
        return result

    def _execute(self, activation: dict[str, object]) -> bool:
        try:
            result = self.program.execute(activation)
        except Exception as exc:  # the CEL library raises several builtin types
            raise CelRuntimeError(f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(result, bool):
            raise CelRuntimeError(f"expression returned {type(result).__name__}, not a boolean")
        return result


class CelRuntimeError(Exception):
    """Internal: a `when` failed at run time; the evaluator turns it into a deny."""


def compile_expression(source: str) -> CelProgram:
    """Rewrite and compile `source`; raises ValueError with a readable message."""
    needs: dict[str, Need] = {}

    def replace(match: re.Match[str]) -> str:
        if match.group("string") is not None:
            return match.group(0)
        for kind in ("prov", "has", "arg"):
            key = match.group(kind)
            if key is not None:
                name = f"il_{kind}__{key}"
                needs.setdefault(name, Need(name, kind, key))
                return name
        namespace, member = match.group("ns"), match.group("member")
        if member not in NAMESPACES[namespace]:
            allowed = ", ".join(sorted(NAMESPACES[namespace]))
            raise ValueError(f"unknown variable {namespace}.{member} (known: {allowed})")
        name = f"il_{namespace}__{member}"
        needs.setdefault(name, Need(name, namespace, member))
        return name

    rewritten = _REFERENCE.sub(replace, source)
    try:
        program = cel.compile(rewritten)
    except ValueError as exc:
        raise ValueError(_first_line(str(exc)).replace(rewritten, source)) from None
    for variable in program.variables():
        if variable in needs:
            continue
        if variable in TOP_LEVEL:
            needs[variable] = Need(variable, "text", variable)
            continue
        raise ValueError(
            f"unknown variable {variable!r}; use args.NAME, provenance(args.NAME), "
            "has(args.NAME), session.*, tool.*, agent.* or text"
        )
    ordered = tuple(needs.values())
    whole = CelProgram(source, rewritten, program, ordered)
    if whole.finite:
        return whole  # one memo lookup already answers it
    parts = []
    for operand in _conjuncts(rewritten):
        try:
            compiled = cel.compile(operand)
        except ValueError:
            return whole
        used = set(compiled.variables())
        part_needs = tuple(n for n in ordered if n.name in used)
        parts.append(CelProgram(operand, operand, compiled, part_needs))
    if len(parts) < 2:
        return whole
    parts.sort(key=lambda p: not p.finite)  # stable: finite operands first, else in order
    return CelProgram(source, rewritten, program, ordered, tuple(parts))


_COMPARISON = re.compile(
    r"(?P<size>size\(\s*)?(?P<var>il_arg__\w+)(?(size)\s*\))"
    r"\s*(?P<op>==|!=|<=|>=|<|>)\s*"
    r'(?:(?P<int>-?\d{1,18})|"(?P<text>[A-Za-z0-9 _.@:/-]*)")'
)
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_INT64 = 2**63


def _native_comparison(
    expression: str, needs: tuple[Need, ...]
) -> Callable[[object], bool | None] | None:
    """A Python evaluator for one comparison of an argument with a literal, or None.

    The evaluator answers only where CEL's result is certain and leaves every other value
    (missing, null, bool, out of int64, a type CEL would reject) to the library, so errors
    and cross-type rules stay the library's. tests/unit/policy/test_cel.py checks both agree.
    """
    match = _COMPARISON.fullmatch(expression.strip())
    if match is None or len(needs) != 1 or needs[0].name != match.group("var"):
        return None
    compare = _OPERATORS[match.group("op")]
    text = match.group("text")
    if text is not None:
        if match.group("size") or match.group("op") not in ("==", "!="):
            return None

        def text_comparison(value: object) -> bool | None:
            return compare(value, text) if type(value) is str else None

        return text_comparison
    number = int(match.group("int"))
    if match.group("size"):

        def size_comparison(value: object) -> bool | None:
            kind = type(value)
            # The library sizes text in UTF-8 bytes, not code points: only ASCII text (where
            # the two agree) is measured here.
            if (kind is str and value.isascii()) or kind is list or kind is dict:  # type: ignore[attr-defined]
                return compare(len(value), number)  # type: ignore[arg-type]
            return None

        return size_comparison

    def number_comparison(value: object) -> bool | None:
        kind = type(value)
        if (kind is int and -_INT64 <= value < _INT64) or (  # type: ignore[operator]
            kind is float and math.isfinite(value)  # type: ignore[arg-type]
        ):
            return compare(value, number)
        return None

    return number_comparison


def _conjuncts(expression: str) -> list[str]:
    """The top-level operands of `a && b && c`, or [] when the expression is not such a
    conjunction at its top level (a `||` or `?:` there binds looser than `&&`)."""
    operands: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(expression)
    while i < n:
        ch = expression[i]
        if ch in "\"'":
            literal = _STRING_AT.match(expression, i)
            if literal is None:
                return []
            i = literal.end()
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            pair = expression[i : i + 2]
            if pair == "||" or ch == "?":
                return []
            if pair == "&&":
                operands.append(expression[start:i].strip())
                start = i + 2
                i += 2
                continue
        i += 1
    if not operands:
        return []
    operands.append(expression[start:].strip())
    return operands if all(operands) else []


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "invalid expression"
