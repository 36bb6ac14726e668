"""Loading `interlock.yaml`: parse, validate, cross-check, and report every problem located.

Every problem names file, line, column and field path and says what was expected. Schema
and cross-reference problems are collected together so one run shows all of them.
`load_manifest` returns a valid `Manifest` or raises `ManifestError`; it never returns a
partially valid one.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pydantic

from interlock.errors import ManifestError, Problem
from interlock.located_yaml import Loc, Located, YamlInputError, parse_bytes, read_file
from interlock.manifest.models import Manifest
from interlock.validation import kind_of, schema_problems

MANIFEST_NAMES = ("interlock.yaml", "interlock.yml")


def resolve_manifest_path(path: str | Path) -> Path:
    """The manifest file for `path`: the file itself, or `interlock.yaml` inside a directory.

    Raises `ManifestError` when there is none.
    """
    p = Path(path)
    if p.is_dir():
        for name in MANIFEST_NAMES:
            if (p / name).is_file():
                return p / name
        raise ManifestError([Problem(str(p), 0, 0, "", "no interlock.yaml in this directory")])
    if not p.exists():
        raise ManifestError([Problem(str(p), 0, 0, "", "no such file")])
    return p


def load_manifest(path: str | Path) -> Manifest:
    """Load and check the manifest at `path` (a file or a directory holding `interlock.yaml`).

    Raises `ManifestError` carrying every problem found.
    """
    file = resolve_manifest_path(path)
    try:
        located = read_file(file)
    except YamlInputError as exc:
        raise ManifestError(exc.problems) from None
    return _validate(located)


def load_manifest_text(text: str | bytes, name: str = "<manifest>") -> Manifest:
    """Load a manifest from text, naming it `name` in errors. Raises `ManifestError`."""
    raw = text.encode() if isinstance(text, str) else text
    try:
        located = parse_bytes(raw, name)
    except YamlInputError as exc:
        raise ManifestError(exc.problems) from None
    return _validate(located)


def _validate(located: Located) -> Manifest:
    data = located.data
    if not isinstance(data, dict):
        located = _relocate(located)
        raise ManifestError(
            [located.problem((), f"expected a mapping with a 'system' key, got {kind_of(data)}")]
        )
    manifest: Manifest | None = None
    schema_error: pydantic.ValidationError | None = None
    try:
        manifest = Manifest.model_validate(data)
    except pydantic.ValidationError as exc:
        schema_error = exc
    problems = _problems(located, data, schema_error)
    if problems:
        # The fast path reads without positions; read again to locate what went wrong.
        located = _relocate(located)
        problems = _problems(located, located.data, schema_error)
        problems.sort(key=lambda p: (p.line, p.column, p.path))
        raise ManifestError(_dedupe(problems))
    assert manifest is not None
    return manifest


def _relocate(located: Located) -> Located:
    """The document with positions; the careful parser may reject what the fast one read."""
    try:
        return located.located()
    except YamlInputError as exc:
        raise ManifestError(exc.problems) from None


def _problems(
    located: Located, data: Mapping[str, Any], schema_error: pydantic.ValidationError | None
) -> list[Problem]:
    problems = list(schema_problems(located, schema_error, Manifest)) if schema_error else []
    problems.extend(_reference_problems(located, data))
    return problems


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    return [p for p in problems if not (p in seen or seen.add(p))]  # type: ignore[func-returns-value]


# --- cross-references ------------------------------------------------------------------


def _ids(data: Mapping[str, Any], section: str) -> dict[str, int]:
    """Declared ids of a section by index; tolerant of broken entries (schema reports them)."""
    out: dict[str, int] = {}
    items = data.get(section)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                out.setdefault(item["id"], index)
    return out


def _reference_problems(located: Located, data: Mapping[str, Any]) -> Iterable[Problem]:
    yield from _duplicate_ids(located, data)
    tools = _ids(data, "tools")
    sources = _ids(data, "sources")
    agents = _ids(data, "agents")
    models = _ids(data, "models")
    tool_params: dict[str, set[str]] = {}
    for item in _list(data, "tools"):
        params = item.get("params")
        tool_params[str(item.get("id"))] = set(params) if isinstance(params, dict) else set()

    for a_index, agent in enumerate(_list(data, "agents")):
        base: Loc = ("agents", a_index)
        model = agent.get("model")
        if isinstance(model, str) and models and model not in models:
            yield located.problem(
                (*base, "model"), f"model {model!r} is not declared under 'models'"
            )
        for r_index, source in enumerate(_str_list(agent.get("reads"))):
            if source is not None and source not in sources:
                yield located.problem(
                    (*base, "reads", r_index),
                    f"source {source!r} is not declared under 'sources'{_hint(source, sources)}",
                )
        for d_index, target in enumerate(_str_list(agent.get("delegates_to"))):
            if target is None:
                continue
            if target not in agents:
                yield located.problem(
                    (*base, "delegates_to", d_index),
                    f"agent {target!r} is not declared under 'agents'{_hint(target, agents)}",
                )
            elif target == agent.get("id"):
                yield located.problem(
                    (*base, "delegates_to", d_index), "an agent cannot delegate to itself"
                )
        grants = agent.get("grants")
        if isinstance(grants, dict):
            yield from _grant_problems(located, base, grants, tools, tool_params)
        budgets = agent.get("budgets")
        if isinstance(budgets, dict):
            yield from _budget_problems(located, base, budgets, grants, tool_params)
    yield from _delegation_cycles(located, data, agents)


def _grant_problems(
    located: Located,
    base: Loc,
    grants: Mapping[Any, Any],
    tools: Mapping[str, int],
    tool_params: Mapping[str, set[str]],
) -> Iterable[Problem]:
    for key, grant in grants.items():
        if not isinstance(key, str):
            continue
        loc = (*base, "grants", key)
        if any(ch in key for ch in "*?"):
            if not any(fnmatch.fnmatchcase(t, key) for t in tools):
                yield located.problem(
                    loc, f"wildcard grant {key!r} matches no declared tool", key=True
                )
            continue
        if key not in tools:
            yield located.problem(
                loc,
                f"grant of undeclared tool {key!r}{_hint(key, tools)} "
                f"(tools are declared under 'tools')",
                key=True,
            )
            continue
        args = grant.get("args") if isinstance(grant, dict) else None
        if isinstance(args, dict):
            for arg in args:
                if arg not in tool_params.get(key, set()):
                    declared = ", ".join(sorted(tool_params.get(key, ()))) or "none"
                    yield located.problem(
                        (*loc, "args", arg),
                        f"tool {key!r} (tools[{tools[key]}]) has no parameter {arg!r} "
                        f"(declared: {declared})",
                        key=True,
                    )


def _budget_problems(
    located: Located,
    base: Loc,
    budgets: Mapping[str, Any],
    grants: Any,
    tool_params: Mapping[str, set[str]],
) -> Iterable[Problem]:
    granted = set(grants) if isinstance(grants, dict) else set()
    calls = budgets.get("calls")
    if isinstance(calls, dict):
        for tool in calls:
            if tool not in tool_params:
                yield located.problem(
                    (*base, "budgets", "calls", tool),
                    f"budget for undeclared tool {tool!r}",
                    key=True,
                )
            elif not any(fnmatch.fnmatchcase(str(tool), g) for g in granted):
                yield located.problem(
                    (*base, "budgets", "calls", tool),
                    f"budget for tool {tool!r}, which this agent is not granted",
                    key=True,
                )
    sums = budgets.get("sums")
    if isinstance(sums, dict):
        for target in sums:
            tool, _, param = str(target).partition(".")
            if not param or tool not in tool_params or param not in tool_params[tool]:
                yield located.problem(
                    (*base, "budgets", "sums", target),
                    f"{target!r} must name a declared 'tool.parameter'",
                    key=True,
                )


def _duplicate_ids(located: Located, data: Mapping[str, Any]) -> Iterable[Problem]:
    for section in ("tools", "sources", "agents", "models"):
        first: dict[str, int] = {}
        for index, item in enumerate(_list(data, section)):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in first:
                yield located.problem(
                    (section, index, "id"),
                    f"duplicate id {ident!r} (first declared at {section}[{first[ident]}])",
                )
            else:
                first[ident] = index
    # A tool and a source with the same id would make observations ambiguous.
    tools = _ids(data, "tools")
    for ident, index in _ids(data, "sources").items():
        if ident in tools:
            yield located.problem(
                ("sources", index, "id"),
                f"id {ident!r} is used by both a source and tools[{tools[ident]}]",
            )


def _delegation_cycles(
    located: Located, data: Mapping[str, Any], agents: Mapping[str, int]
) -> Iterable[Problem]:
    edges: dict[str, list[str]] = {}
    for agent in _list(data, "agents"):
        ident = agent.get("id")
        if isinstance(ident, str):
            edges[ident] = [
                t
                for t in _str_list(agent.get("delegates_to"))
                if t is not None and t in agents and t != ident
            ]
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> Iterable[list[str]]:
        state[node] = 1
        path.append(node)
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                yield [*path[path.index(nxt) :], nxt]
            elif nxt not in state:
                yield from visit(nxt, path)
        path.pop()
        state[node] = 2

    for start in edges:
        if start in state:
            continue
        for cycle in visit(start, []):
            key = frozenset(cycle)
            if key in reported:
                continue
            reported.add(key)
            yield located.problem(
                ("agents", agents[cycle[0]], "delegates_to"),
                "delegation cycle: " + " -> ".join(cycle),
            )


def _list(data: Mapping[str, Any], section: str) -> list[dict[str, Any]]:
    items = data.get(section)
    if not isinstance(items, list):
        return []
    return [item if isinstance(item, dict) else {} for item in items]


def _str_list(value: Any) -> list[str | None]:
    if not isinstance(value, list):
        return []
    return [v if isinstance(v, str) else None for v in value]


def _hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
