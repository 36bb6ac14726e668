"""Compiling a manifest, rule files and packs into per-(agent, tool) call plans.

Everything that can be decided before run time is decided here: which rules can ever
apply to an agent's call of a tool (glob, effect, autonomy and sensitive-parameter
conditions are static), how each argument constraint is checked (compiled regexes and
sets), which values the grant itself vouches for. At run time the guard looks up one plan
by (agent, tool) and runs only what is left: no parsing, no I/O.
"""

from __future__ import annotations

import fnmatch
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from interlock.manifest.graph import Graph
from interlock.manifest.models import (
    Agent,
    ApprovalMode,
    Constraint,
    Effect,
    Manifest,
    ParamType,
    Sensitive,
    Source,
    Tool,
)
from interlock.policy.cel import CelProgram
from interlock.policy.decision import Verdict
from interlock.policy.rules import Event, LoadedRule, Match, ProvenanceTest

ArgCheck = Callable[[object], str | None]
"""Returns None when the value satisfies the constraint, else why not."""


@dataclass(frozen=True)
class RuntimeTest:
    """A native condition left for run time, named for explanations."""

    kind: str
    """One of: sensitive, embedded, constructed, restricted, any_args, session_trust,
    session_class, secrets, plan."""
    provenance: ProvenanceTest | None = None
    params: tuple[str, ...] = ()
    rank: int = 0

    @property
    def wanted(self) -> frozenset[str]:
        """The provenance values the test catches."""
        return frozenset() if self.provenance is None else _WANTED[self.provenance]


_WANTED = {
    ProvenanceTest.UNTRUSTED: frozenset({"untrusted"}),
    ProvenanceTest.MODEL: frozenset({"model"}),
    ProvenanceTest.NOT_TRUSTED: frozenset({"untrusted", "model"}),
}

# Cheap tests first: a rule stops at its first failing test, and the session label and plan
# are a comparison away while secrets need a scan of every argument.
_TEST_COST = {
    "session_trust": 0,
    "session_class": 0,
    "plan": 1,
    "sensitive": 2,
    "any_args": 3,
    "constructed": 3,
    "restricted": 3,
    "attested": 3,
    "unrelated_attested": 4,
    "party": 4,
    "repeated": 1,
    "unstated_date": 2,
    "steered": 3,
    "embedded": 3,
    "hidden": 8,
    "secrets": 9,
}


@dataclass(frozen=True)
class CompiledRule:
    """A rule narrowed to one (agent, tool) pair: what remains to test at run time."""

    id: str
    verdict: Verdict
    severity: str
    description: str
    origin: str | None
    tests: tuple[RuntimeTest, ...]
    program: CelProgram | None


@dataclass(frozen=True)
class ParamSpec:
    """What the manifest declares about one parameter, plus the grant's checks on it."""

    name: str
    type: ParamType
    required: bool
    sensitive: Sensitive | None
    checks: tuple[tuple[str, ArgCheck], ...]


@dataclass(frozen=True)
class CallPlan:
    """Everything needed to decide one agent's call of one tool."""

    agent: Agent
    tool: Tool
    granted: bool
    grant_key: str | None
    approval: bool
    params: dict[str, ParamSpec]
    rules: tuple[CompiledRule, ...]
    constants: frozenset[str]
    """Normalised values the grant itself names (const, enum): trusted by construction."""
    scanned: frozenset[str]
    """Arguments whose text is scanned for identifiers: every argument of a tool that changes
    anything, and the sensitive ones of read tools."""


@dataclass(frozen=True)
class Budget:
    """Per-session limits of one agent."""

    steps: int | None = None
    calls: dict[str, int] = field(default_factory=dict)
    sums: dict[tuple[str, str], int] = field(default_factory=dict)
    max_denials: int | None = None
    max_errors: int | None = None


@dataclass
class CompiledPolicy:
    """The compiled form of manifest + rules + packs that every session evaluates."""

    manifest: Manifest
    plans: dict[tuple[str, str], CallPlan]
    response_rules: dict[str, tuple[CompiledRule, ...]]
    budgets: dict[str, Budget]
    digest: str
    rule_count: int
    sources: dict[str, Source] = field(default_factory=dict)
    tools: dict[str, Tool] = field(default_factory=dict)

    def plan(self, agent: str, tool: str) -> CallPlan | None:
        """The plan for `agent` calling `tool`, or None when either is undeclared."""
        return self.plans.get((agent, tool))


def compile_policy(manifest: Manifest, rules: Sequence[LoadedRule]) -> CompiledPolicy:
    """Compile `manifest` grants and `rules` (files and packs, already loaded)."""
    graph = Graph.build(manifest)
    tool_rules = [r for r in rules if r.rule.on is Event.TOOL_CALL]
    plans: dict[tuple[str, str], CallPlan] = {}
    for agent in manifest.agents:
        granted = graph.tools_of(agent.id)
        for tool in manifest.tools:
            entry = granted.get(tool.id)
            grant = entry[1] if entry else None
            params = _param_specs(tool, grant.args if grant else {})
            constants = _grant_constants(grant.args.values() if grant else ())
            vouched = frozenset(
                name for name, c in (grant.args.items() if grant else ()) if _vouches(c.allow)
            )
            compiled = tuple(
                c
                for r in tool_rules
                if _glob_any(r.rule.tools, tool.id) and _glob_any(r.rule.agents, agent.id)
                if (c := _narrow(r, agent, tool, vouched)) is not None
            )
            plans[(agent.id, tool.id)] = CallPlan(
                agent=agent,
                tool=tool,
                granted=grant is not None,
                grant_key=entry[0] if entry else None,
                approval=grant is not None and grant.approval is ApprovalMode.REQUIRED,
                params=params,
                rules=compiled,
                constants=constants,
                scanned=frozenset(
                    tool.sensitive_params if tool.effect is Effect.READ else tool.params
                ),
            )
    response_rules = {
        agent.id: tuple(
            _as_compiled(r, _response_tests(r.rule.match))
            for r in rules
            if r.rule.on is Event.RESPONSE and _glob_any(r.rule.agents, agent.id)
        )
        for agent in manifest.agents
    }
    budgets = {agent.id: _budget(agent) for agent in manifest.agents}
    return CompiledPolicy(
        manifest=manifest,
        plans=plans,
        response_rules=response_rules,
        budgets=budgets,
        digest=policy_digest(manifest, rules),
        rule_count=len(rules),
        sources={s.id: s for s in manifest.sources},
        tools={t.id: t for t in manifest.tools},
    )


def policy_digest(manifest: Manifest, rules: Iterable[LoadedRule]) -> str:
    """SHA-256 over the canonical form of the manifest and rules a decision was made under."""
    document = {
        "manifest": manifest.model_dump(mode="json"),
        "rules": [r.rule.model_dump(mode="json") for r in rules],
    }
    canonical = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


# --- rules ---------------------------------------------------------------------------------


def _glob_any(patterns: Iterable[str], name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def _narrow(
    loaded: LoadedRule, agent: Agent, tool: Tool, vouched: frozenset[str] = frozenset()
) -> CompiledRule | None:
    """The rule as it applies to this pair, or None when a static condition rules it out.

    `vouched` names parameters whose grant allowlist names the acceptable destinations: the
    owner vouches for those as destinations, so the unrelated-attested test skips them. The
    attested test (confidential data to an attested destination) does not: an allowlist
    says who may be written to, not who may have confidential data."""
    match = loaded.rule.match
    if match is None:
        return _as_compiled(loaded, ())
    if match.tool_effect is not None and tool.effect not in match.tool_effect:
        return None
    if match.autonomy is not None and agent.autonomy not in match.autonomy:
        return None
    tests: list[RuntimeTest] = []
    if match.sensitive_args is not None:
        kinds = set(match.sensitive_kinds or Sensitive)
        names = tuple(n for n, k in tool.sensitive_params.items() if k in kinds)
        if not names:
            return None
        tests.append(RuntimeTest("sensitive", match.sensitive_args, names))
    if match.embedded_identifiers is not None:
        tests.append(RuntimeTest("embedded", match.embedded_identifiers))
    if match.constructed_links:
        tests.append(RuntimeTest("constructed"))
    if match.any_args is not None:
        tests.append(RuntimeTest("any_args", match.any_args))
    if match.restricted_data:
        tests.append(RuntimeTest("restricted"))
    if match.attested_destination:
        names = _attestable(tool, frozenset())
        if not names:
            return None
        tests.append(RuntimeTest("attested", params=names))
    if match.unrelated_attested_destination:
        names = _attestable(tool, vouched)
        if not names:
            return None
        tests.append(RuntimeTest("unrelated_attested", params=names))
    if match.party_destination:
        names = _attestable(tool, vouched)
        if not names:
            return None
        tests.append(RuntimeTest("party", params=names))
    if match.repeated_call:
        tests.append(RuntimeTest("repeated"))
    if match.steered_args:
        tests.append(RuntimeTest("steered"))
    if match.unstated_dates:
        tests.append(RuntimeTest("unstated_date"))
    tests.extend(_session_tests(match))
    if match.secrets:
        tests.append(RuntimeTest("secrets"))
    if match.hidden_text:
        tests.append(RuntimeTest("hidden"))
    if match.outside_plan:
        tests.append(RuntimeTest("plan"))
    tests.sort(key=lambda t: _TEST_COST[t.kind])
    return _as_compiled(loaded, tuple(tests))


def _attestable(tool: Tool, vouched: frozenset[str]) -> tuple[str, ...]:
    """Destination-like parameters an attested value can reach unvouched."""
    return tuple(
        n
        for n, k in tool.sensitive_params.items()
        if k is not Sensitive.AMOUNT and n not in vouched
    )


def _vouches(allow: list[str] | None) -> bool:
    """Whether an allowlist names its destinations: every glob has a literal domain part
    (`*@customers.example.com`, `https://*.example.com/*`), not just wildcards (`*`, `*@*`)."""
    if not allow:
        return False
    return all(_DOMAIN_LITERAL.search(g.replace("*", " ")) is not None for g in allow)


_DOMAIN_LITERAL = re.compile(r"[^\s.*@/:]+\.[^\s.*@/:]+")


def _session_tests(match: Match) -> list[RuntimeTest]:
    tests = []
    if match.session_trust is not None:
        tests.append(RuntimeTest("session_trust", rank=match.session_trust.rank))
    if match.session_classification is not None:
        tests.append(RuntimeTest("session_class", rank=match.session_classification.rank))
    return tests


def _response_tests(match: Match | None) -> tuple[RuntimeTest, ...]:
    if match is None:
        return ()
    tests = _session_tests(match)
    if match.secrets:
        tests.append(RuntimeTest("secrets"))
    if match.embedded_identifiers is not None:
        tests.append(RuntimeTest("embedded", match.embedded_identifiers))
    if match.constructed_links:
        tests.append(RuntimeTest("constructed"))
    tests.sort(key=lambda t: _TEST_COST[t.kind])
    return tuple(tests)


def _as_compiled(loaded: LoadedRule, tests: tuple[RuntimeTest, ...]) -> CompiledRule:
    rule = loaded.rule
    return CompiledRule(
        id=rule.id,
        verdict=rule.effect,
        severity=rule.severity.value,
        description=rule.description or rule.id,
        origin=rule.origin,
        tests=tests,
        program=loaded.program,
    )


# --- grants and argument constraints -------------------------------------------------------


def _param_specs(tool: Tool, constraints: dict[str, Constraint]) -> dict[str, ParamSpec]:
    return {
        name: ParamSpec(
            name=name,
            type=param.type,
            required=param.required,
            sensitive=param.sensitive,
            checks=_constraint_checks(constraints.get(name)),
        )
        for name, param in tool.params.items()
    }


def _grant_constants(constraints: Iterable[Constraint]) -> frozenset[str]:
    """The values a grant fixes (`const`), in the normal form argument lookups use.

    Only a constant vouches for itself: nobody chose it. An `enum` lists what may be chosen,
    and who chose (the user, trusted data, or a page asking for "GBP at par") is exactly what
    provenance must still tell, so its values get no trust from the grant."""
    values: set[str] = set()
    for c in constraints:
        if c.const is not None and not isinstance(c.const, bool):
            values.add(constant_key(c.const))
    return frozenset(values)


def constant_key(value: str | int | float) -> str:
    """A grant constant in the normal form the guard looks argument values up in
    (`interlock.guard.identifiers.scalar_key`, which this layer may not import; a property
    test keeps the two equal): case-folded, whitespace collapsed, sigils dropped."""
    if isinstance(value, str):
        return " ".join(value.split()).casefold().lstrip("#@")
    return str(value)


# A glob `*` must not cross separators, or `*@example.com` would admit
# "attacker@evil.com, x@example.com" as one value.
_GLOB_ANY = r"[^\s,;<>\"'()\[\]]*"


# In the host of a URL glob, `*` must not cross into the path, credentials or port, or
# `https://*.example.com/*` would admit `https://evil.test/x.example.com/`.
_GLOB_HOST_ANY = r"[^\s,;<>\"'()\[\]/@:?#]*"


def compile_glob(pattern: str) -> re.Pattern[str]:
    """A case-insensitive full-match regex for an allow/deny glob; `*` stops at separators,
    and in the host part of a URL glob also at `/`, `@`, `:`, `?` and `#`."""
    host_end = -1
    if "://" in pattern:
        start = pattern.index("://") + 3
        slash = pattern.find("/", start)
        host_end = slash if slash != -1 else len(pattern)
    out = []
    for index, ch in enumerate(pattern):
        if ch == "*":
            out.append(_GLOB_HOST_ANY if index < host_end else _GLOB_ANY)
        elif ch == "?":
            out.append(r"[^\s,;<>\"'()\[\]]")
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.IGNORECASE)


def _constraint_checks(c: Constraint | None) -> tuple[tuple[str, ArgCheck], ...]:
    if c is None:
        return ()
    checks: list[tuple[str, ArgCheck]] = []
    if c.const is not None:
        expected = c.const
        checks.append(("const", lambda v: None if v == expected else f"must be {expected!r}"))
    if c.enum is not None:
        allowed = frozenset(c.enum)
        shown = ", ".join(map(str, c.enum))
        checks.append(
            (
                "enum",
                _each(lambda v: None if _hashable(v) in allowed else f"must be one of {shown}"),
            )
        )
    if c.pattern is not None:
        regex = re.compile(c.pattern)
        checks.append(
            (
                "pattern",
                _each(
                    lambda v: (
                        None
                        if isinstance(v, str) and regex.fullmatch(v)
                        else f"must match {regex.pattern!r}"
                    )
                ),
            )
        )
    if c.deny:
        denied = [(g, compile_glob(g)) for g in c.deny]

        def check_deny(v: object) -> str | None:
            if isinstance(v, str):
                for glob, regex in denied:
                    if regex.fullmatch(v.strip()):
                        return f"matches the denylist ({glob})"
            return None

        checks.append(("deny", _each(check_deny)))
    if c.allow:
        globs = [compile_glob(g) for g in c.allow]
        shown_allow = ", ".join(c.allow)
        checks.append(
            (
                "allow",
                _each(
                    lambda v: (
                        None
                        if isinstance(v, str) and any(g.fullmatch(v.strip()) for g in globs)
                        else f"is not in the allowlist ({shown_allow})"
                    )
                ),
            )
        )
    if c.min is not None or c.max is not None:
        low, high = c.min, c.max
        checks.append(("bounds", _each(lambda v: _bounds(v, low, high))))
    if c.max_length is not None:
        limit = c.max_length
        checks.append(
            (
                "max_length",
                lambda v: (
                    f"is longer than {limit}"
                    if isinstance(v, str | list) and len(v) > limit
                    else None
                ),
            )
        )
    return tuple(checks)


def _hashable(value: object) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else repr(value)


def _each(check: ArgCheck) -> ArgCheck:
    """Apply a per-value check to a scalar or to every element of a list."""

    def run(value: object) -> str | None:
        if isinstance(value, list):
            for item in value:
                problem = check(item)
                if problem:
                    return f"element {item!r} {problem}"
            return None
        return check(value)

    return run


def _bounds(value: object, low: int | None, high: int | None) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    if isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number"
    if low is not None and value < low:
        return f"must be at least {low}"
    if high is not None and value > high:
        return f"must be at most {high}"
    return None


def _budget(agent: Agent) -> Budget:
    b = agent.budgets
    if b is None:
        return Budget()
    sums = {}
    for target, limit in b.sums.items():
        tool, _, param = target.partition(".")
        sums[(tool, param)] = limit
    return Budget(b.steps, dict(b.calls), sums, b.max_denials, b.max_errors)
