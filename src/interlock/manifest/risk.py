"""Risk-path analysis over the component graph: the seams where a pilot-grade system breaks.

Findings are data: a stable id (a rule code plus a digest of the path, so the same risk keeps
its id across runs and edits elsewhere in the file), a severity, the path as components, the
production failure it belongs to (F1-F7) and a fix hint. A risk a declared control already
covers (an approval, a destination allowlist) is still reported, at a lower severity, so
every risky path stays visible to the gate.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from interlock.manifest.graph import Graph, node_id
from interlock.manifest.models import (
    ApprovalMode,
    Autonomy,
    Classification,
    Constraint,
    Effect,
    Environment,
    Grant,
    Manifest,
    Tool,
)


class Severity(enum.StrEnum):
    """How bad a finding is; `--fail-on` compares against this order."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Order: info < low < medium < high < critical."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}


@dataclass(frozen=True)
class Finding:
    """One risk in a declared system."""

    id: str
    code: str
    severity: Severity
    failure: str
    title: str
    path: tuple[str, ...]
    fix: str

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON output."""
        # Built by hand: `dataclasses.asdict` deep-copies and cost ~40 µs a finding.
        return {
            "id": self.id,
            "code": self.code,
            "severity": self.severity.value,
            "failure": self.failure,
            "title": self.title,
            "path": list(self.path),
            "fix": self.fix,
        }


def _finding(
    code: str, severity: Severity, failure: str, title: str, path: list[str], fix: str
) -> Finding:
    digest = hashlib.sha256("\x1f".join([code, *path]).encode()).hexdigest()[:10]
    return Finding(f"{code}/{digest}", code, severity, failure, title, tuple(path), fix)


def analyse(manifest: Manifest, *, today: dt.date | None = None) -> list[Finding]:
    """Every finding for `manifest`, most severe first, then by id (a stable order)."""
    graph = Graph.build(manifest)
    findings = [
        *_untrusted_to_consequential(graph),
        *_private_untrusted_outbound(graph),
        *_autonomous_irreversible(graph),
        *_broad_grants(graph),
        *_operating_model(manifest, today or dt.date.today()),
    ]
    unique = {f.id: f for f in findings}
    return sorted(unique.values(), key=lambda f: (-f.severity.rank, f.id))


def _approval(graph: Graph, agent_id: str, grant: Grant) -> bool:
    return (
        grant.approval is ApprovalMode.REQUIRED
        or graph.agent(agent_id).autonomy is Autonomy.HUMAN_APPROVES
    )


def _limits_destination(constraint: Constraint | None) -> bool:
    """Whether a constraint pins a value to known-good choices (not just a shape or length)."""
    if constraint is None:
        return False
    return bool(
        constraint.const is not None
        or constraint.enum
        or (constraint.allow and not _allow_is_open(constraint.allow))
        or (constraint.pattern and not _pattern_is_open(constraint.pattern))
    )


def _pattern_is_open(pattern: str) -> bool:
    # `.*`-style patterns constrain nothing an attacker cares about.
    return pattern.strip("^$") in {".*", ".+", r"\S+", r"[\s\S]*", ""}


def _allow_is_open(allow: list[str]) -> bool:
    # One entry made only of `*` admits every value, whatever the other entries say.
    return any(glob and not glob.strip("*") for glob in allow)


def _has_real_limit(constraint: Constraint | None) -> bool:
    """Whether a constraint limits anything; an open allowlist or `.*` pattern does not."""
    if constraint is None:
        return False
    open_allow = constraint.allow is not None and _allow_is_open(constraint.allow)
    open_pattern = constraint.pattern is not None and _pattern_is_open(constraint.pattern)
    effective = constraint.model_copy(
        update={
            "allow": None if open_allow else constraint.allow,
            "pattern": None if open_pattern else constraint.pattern,
        }
    )
    return not effective.is_empty


def _destinations_pinned(tool: Tool, grant: Grant) -> bool:
    """True when every destination-like parameter is pinned to an allowlist by the grant."""
    targets = [name for name, kind in tool.sensitive_params.items() if kind.value != "amount"]
    return bool(targets) and all(_limits_destination(grant.args.get(n)) for n in targets)


def _amounts_bounded(tool: Tool, grant: Grant) -> bool:
    amounts = [n for n, kind in tool.sensitive_params.items() if kind.value == "amount"]
    return all(
        (c := grant.args.get(n)) is not None and (c.max is not None or c.enum or c.const)
        for n in amounts
    )


# --- (a) untrusted content reaching a consequential tool ---------------------------------


def _untrusted_to_consequential(graph: Graph) -> Iterator[Finding]:
    for agent in graph.manifest.agents:
        inputs = graph.untrusted_inputs(agent.id)
        if not inputs:
            continue
        for holder, chain in graph.shortest_delegation_paths(agent.id).items():
            for tool_id, (_, grant) in sorted(graph.tools_of(holder).items()):
                tool = graph.tool(tool_id)
                assert tool is not None
                if not tool.effect.is_consequential:
                    continue
                severity, fix = _path_severity(graph, holder, tool, grant)
                for origin in inputs:
                    path = [origin, *(node_id("agent", a) for a in chain), node_id("tool", tool_id)]
                    yield _finding(
                        "untrusted-to-consequential",
                        severity,
                        "F1",
                        f"untrusted content from {origin} can steer {tool.effect.value} tool "
                        f"{tool_id!r} through {' -> '.join(chain)}",
                        path,
                        fix,
                    )


def _path_severity(graph: Graph, agent_id: str, tool: Tool, grant: Grant) -> tuple[Severity, str]:
    if _approval(graph, agent_id, grant):
        return Severity.LOW, "covered by a required approval; keep the approval rule in the gate"
    pinned = _destinations_pinned(tool, grant)
    bounded = _amounts_bounded(tool, grant)
    if tool.effect is Effect.IRREVERSIBLE:
        if pinned and bounded:
            return Severity.MEDIUM, (
                "arguments are constrained; add `approval: required` to the grant so a person "
                "confirms each irreversible action"
            )
        return Severity.CRITICAL, (
            f"add `approval: required` to the grant of {tool.id!r}, or bound its sensitive "
            "arguments (allowlist destinations, `max` on amounts) and enable the default pack"
        )
    if pinned:
        return Severity.MEDIUM, (
            "destinations are allowlisted; enable the default pack so untrusted-derived "
            "arguments are denied at run time"
        )
    if not tool.sensitive_params:
        return Severity.HIGH, (
            f"mark the destination parameters of {tool.id!r} `sensitive: destination` and "
            "allowlist them in the grant, or require approval"
        )
    return Severity.HIGH, (
        f"allowlist the destinations of {tool.id!r} in the grant (e.g. "
        "`allow: ['*@example.com']`) or add `approval: required`"
    )


# --- (b) private data + untrusted input + an outbound channel in one agent --------------


def _private_untrusted_outbound(graph: Graph) -> Iterator[Finding]:
    manifest = graph.manifest
    for agent in manifest.agents:
        # Delegation carries content both ways, so splitting the trifecta across agents that
        # delegate to each other does not break it: look at the whole delegation component.
        chains = graph.shortest_delegation_paths(agent.id)
        members = sorted(chains, key=lambda a: (len(chains[a]), a))
        private = [n for a in members for n in _private_inputs(graph, a)]
        untrusted_by = [(n, a) for a in members for n in graph.untrusted_inputs(a)]
        untrusted = [n for n, _ in untrusted_by]
        outbound = [
            (tool_id, grant)
            for tool_id, (_, grant) in sorted(graph.tools_of(agent.id).items())
            if (tool := graph.tool(tool_id)) is not None and tool.effect is Effect.EXTERNAL
        ]
        if not (private and untrusted and outbound):
            continue
        open_channels = [
            tool_id
            for tool_id, grant in outbound
            if not _approval(graph, agent.id, grant)
            and not _destinations_pinned(graph.tool(tool_id), grant)  # type: ignore[arg-type]
        ]
        severity = Severity.HIGH if open_channels else Severity.MEDIUM
        channels = open_channels or [t for t, _ in outbound]
        inputs = list(dict.fromkeys([private[0], untrusted[0]]))
        via = [node_id("agent", a) for a in reversed(chains[untrusted_by[0][1]][1:])]
        path = [
            *inputs,
            *via,
            node_id("agent", agent.id),
            *(node_id("tool", t) for t in channels),
        ]
        reach = "reads" if not via else "through delegation receives"
        yield _finding(
            "private-untrusted-outbound",
            severity,
            "F2",
            f"agent {agent.id!r} reaches private data ({', '.join(dict.fromkeys(private))}), "
            f"{reach} untrusted content ({', '.join(dict.fromkeys(untrusted))}) and can send "
            f"out through {', '.join(channels)}",
            path,
            "allowlist outbound destinations, require approval for outbound calls when the "
            "session holds confidential data (the default pack does), or split the agent"
            if open_channels
            else "outbound channels are allowlisted or approved; keep the default pack enabled",
        )


def _private_inputs(graph: Graph, agent_id: str) -> list[str]:
    out: list[str] = []
    for source_id in graph.agent(agent_id).reads:
        source = graph.source(source_id)
        if source is not None and (
            source.classification.is_private
            or any(f.classification and f.classification.is_private for f in source.fields.values())
        ):
            out.append(node_id("source", source_id))
    for tool_id in graph.tools_of(agent_id):
        tool = graph.tool(tool_id)
        if tool is None:
            continue
        level = tool.result.classification or Classification.INTERNAL
        if level.is_private or any(
            f.classification and f.classification.is_private for f in tool.result.fields.values()
        ):
            out.append(node_id("tool", tool_id))
    return out


# --- (c) autonomy without a person on irreversible actions -------------------------------


def _autonomous_irreversible(graph: Graph) -> Iterator[Finding]:
    for agent in graph.manifest.agents:
        if agent.autonomy is Autonomy.HUMAN_APPROVES:
            continue
        for tool_id, (_, grant) in sorted(graph.tools_of(agent.id).items()):
            tool = graph.tool(tool_id)
            if tool is None or tool.effect is not Effect.IRREVERSIBLE:
                continue
            if grant.approval is ApprovalMode.REQUIRED:
                continue
            severity = (
                Severity.CRITICAL if agent.autonomy is Autonomy.AUTONOMOUS else Severity.MEDIUM
            )
            yield _finding(
                "irreversible-without-approval",
                severity,
                "F3",
                f"{agent.autonomy.value} agent {agent.id!r} can call irreversible tool "
                f"{tool_id!r} with no approval",
                [node_id("agent", agent.id), node_id("tool", tool_id)],
                f"add `approval: required` to the grant of {tool_id!r}",
            )


# --- (d) wildcard and unconstrained grants on consequential tools -----------------------


def _broad_grants(graph: Graph) -> Iterator[Finding]:
    manifest = graph.manifest
    for agent in manifest.agents:
        for key in agent.grants:
            if not any(ch in key for ch in "*?"):
                continue
            matched = [t for t, (k, _) in graph.tools_of(agent.id).items() if k == key]
            consequential = [
                t for t in matched if (tool := graph.tool(t)) and tool.effect.is_consequential
            ]
            yield _finding(
                "wildcard-grant",
                Severity.HIGH if consequential else Severity.MEDIUM,
                "F4",
                f"agent {agent.id!r} holds wildcard grant {key!r} covering "
                f"{len(matched)} tool(s)"
                + (f", {len(consequential)} consequential" if consequential else ""),
                [node_id("agent", agent.id), *(node_id("tool", t) for t in sorted(matched))],
                "grant each tool by name with argument constraints; a new tool must not be "
                "granted by accident",
            )
        for tool_id, (_, grant) in sorted(graph.tools_of(agent.id).items()):
            tool = graph.tool(tool_id)
            if tool is None or not tool.effect.is_consequential:
                continue
            if grant.approval is ApprovalMode.REQUIRED:
                continue
            params = list(tool.sensitive_params) or list(tool.params)
            unconstrained = [p for p in params if not _has_real_limit(grant.args.get(p))]
            if not unconstrained:
                continue
            yield _finding(
                "unconstrained-grant",
                Severity.HIGH,
                "F4",
                f"agent {agent.id!r} may call {tool.effect.value} tool {tool_id!r} with "
                f"unconstrained {_names(unconstrained)}",
                [node_id("agent", agent.id), node_id("tool", tool_id)],
                f"constrain {_names(unconstrained)} under the grant's `args` "
                "(allow, enum, const, pattern, max)",
            )


def _names(names: list[str]) -> str:
    return ", ".join(repr(n) for n in names)


# --- F6 / F7: evidence and the operating model -------------------------------------------


def _operating_model(manifest: Manifest, today: dt.date) -> Iterator[Finding]:
    system = f"system:{manifest.system}"
    strict = manifest.environment is Environment.PRODUCTION
    owner = manifest.owner
    missing = [
        name
        for name in ("name", "email", "team", "oncall", "escalation")
        if owner is None or not getattr(owner, name)
    ]
    if missing:
        yield _finding(
            "ownership-incomplete",
            Severity.MEDIUM if strict else Severity.LOW,
            "F7",
            f"owner block lacks {', '.join(missing)}: "
            "nobody is named to answer for the live system",
            [system, "owner"],
            "name the owner, team, on-call rotation and escalation path under `owner`",
        )
    review = manifest.review
    if review is None:
        yield _finding(
            "review-cadence-missing",
            Severity.MEDIUM if strict else Severity.LOW,
            "F7",
            "no review cadence: the system is reviewed per project, not continuously",
            [system, "review"],
            "declare `review: {cadence_days: 30, last: YYYY-MM-DD}`",
        )
    elif review.last is None or (today - review.last).days > review.cadence_days:
        when = "never" if review.last is None else review.last.isoformat()
        yield _finding(
            "review-overdue",
            Severity.MEDIUM,
            "F7",
            f"last review {when} is outside the {review.cadence_days}-day cadence",
            [system, "review"],
            "review the live system and record the date under `review.last`",
        )
    if manifest.evidence is None or not manifest.evidence.signing_key:
        yield _finding(
            "evidence-unsigned" if manifest.evidence else "evidence-missing",
            Severity.MEDIUM if strict else Severity.LOW,
            "F6",
            "decisions are not recorded in a signed evidence log"
            if manifest.evidence
            else "no evidence sink: nobody can prove what the system decided",
            [system, "evidence"],
            "declare `evidence: {store: .interlock/evidence.db, signing_key: keys/NAME.key}`",
        )
