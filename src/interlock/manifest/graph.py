"""The component graph of a declared system: who feeds what into which agent, and what it can do.

Nodes are `source:ID`, `tool:ID` and `agent:ID`. Edges say where content flows:
source -> agent (the agent reads it), tool -> agent (a granted tool's result enters the
agent's context), agent -> tool (the agent may call it), agent -> agent (delegation: the
delegator's instructions reach the delegate, and the delegate's result returns). The graph
is derived once from a validated `Manifest` and is immutable afterwards.
"""

from __future__ import annotations

import fnmatch
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from interlock.manifest.models import Agent, Grant, Manifest, Source, Tool, Trust


def node_id(kind: str, ident: str) -> str:
    """The graph node name of a component, e.g. `tool:send_email`."""
    return f"{kind}:{ident}"


@dataclass(frozen=True)
class Edge:
    """A flow of content or control between two components."""

    src: str
    dst: str
    kind: str  # "reads" | "result" | "calls" | "delegates"


@dataclass
class Graph:
    """The component graph plus the per-agent facts risk analysis needs."""

    manifest: Manifest
    nodes: dict[str, str] = field(default_factory=dict)  # node -> kind
    edges: list[Edge] = field(default_factory=list)
    granted: dict[str, dict[str, tuple[str, Grant]]] = field(default_factory=dict)
    """agent id -> tool id -> (grant key, grant): wildcard grants expanded to each tool."""
    tools_by_id: dict[str, Tool] = field(default_factory=dict)
    sources_by_id: dict[str, Source] = field(default_factory=dict)
    agents_by_id: dict[str, Agent] = field(default_factory=dict)

    @classmethod
    def build(cls, manifest: Manifest) -> Graph:
        """Derive the graph of `manifest` (which must already be validated)."""
        graph = cls(manifest)
        # Indexes by id: analysis looks components up once per path, so a scan would be
        # quadratic in the size of the manifest.
        graph.tools_by_id = {t.id: t for t in manifest.tools}
        graph.sources_by_id = {s.id: s for s in manifest.sources}
        graph.agents_by_id = {a.id: a for a in manifest.agents}
        for source in manifest.sources:
            graph.nodes[node_id("source", source.id)] = "source"
        for tool in manifest.tools:
            graph.nodes[node_id("tool", tool.id)] = "tool"
        tool_ids = [t.id for t in manifest.tools]
        for agent in manifest.agents:
            a = node_id("agent", agent.id)
            graph.nodes[a] = "agent"
            for source_id in agent.reads:
                graph.edges.append(Edge(node_id("source", source_id), a, "reads"))
            expanded: dict[str, tuple[str, Grant]] = {}
            for key, grant in agent.grants.items():
                for tool_id in fnmatch.filter(tool_ids, key) if _is_glob(key) else [key]:
                    # An exact grant is more specific than a wildcard one and wins.
                    if tool_id not in expanded or not _is_glob(key):
                        expanded[tool_id] = (key, grant)
            graph.granted[agent.id] = expanded
            for tool_id in expanded:
                graph.edges.append(Edge(a, node_id("tool", tool_id), "calls"))
                graph.edges.append(Edge(node_id("tool", tool_id), a, "result"))
            for target in agent.delegates_to:
                graph.edges.append(Edge(a, node_id("agent", target), "delegates"))
        return graph

    def agent(self, agent_id: str) -> Agent:
        """The agent with this id; the graph only holds declared agents."""
        return self.agents_by_id[agent_id]

    def tool(self, tool_id: str) -> Tool | None:
        """The declared tool with this id, or None."""
        return self.tools_by_id.get(tool_id)

    def source(self, source_id: str) -> Source | None:
        """The declared source with this id, or None."""
        return self.sources_by_id.get(source_id)

    def tools_of(self, agent_id: str) -> dict[str, tuple[str, Grant]]:
        """Tools granted to an agent, wildcards expanded."""
        return self.granted.get(agent_id, {})

    def untrusted_inputs(self, agent_id: str) -> list[str]:
        """Nodes that bring untrusted content straight into this agent's context."""
        agent = self.agent(agent_id)
        out: list[str] = []
        for source_id in agent.reads:
            source = self.source(source_id)
            if source is not None and _source_untrusted(source.trust, source.fields.values()):
                out.append(node_id("source", source_id))
        for tool_id in self.tools_of(agent_id):
            tool = self.tool(tool_id)
            if tool is not None and tool_result_untrusted(tool):
                out.append(node_id("tool", tool_id))
        return out

    def delegation_neighbours(self, agent_id: str) -> list[str]:
        """Agents this one exchanges content with, by delegating to them or being delegated to."""
        out = list(self.agent(agent_id).delegates_to)
        out.extend(a.id for a in self.manifest.agents if agent_id in a.delegates_to)
        return out

    def shortest_delegation_paths(self, start: str) -> dict[str, list[str]]:
        """Agent id -> shortest chain of agents from `start` through delegation (either way)."""
        paths = {start: [start]}
        queue = deque([start])
        while queue:
            current = queue.popleft()
            for nxt in self.delegation_neighbours(current):
                if nxt not in paths:
                    paths[nxt] = [*paths[current], nxt]
                    queue.append(nxt)
        return paths

    def to_mermaid(self) -> str:
        """A Mermaid flowchart of the graph, untrusted inputs and consequential tools styled."""
        lines = ["flowchart LR"]
        for node, kind in self.nodes.items():
            ident = _safe(node)
            label = node.split(":", 1)[1]
            shape = {"source": f"[({label})]", "tool": f"[/{label}/]", "agent": f"(({label}))"}
            lines.append(f"  {ident}{shape[kind]}")
        for edge in self.edges:
            arrow = "-.->" if edge.kind == "result" else "-->"
            lines.append(f"  {_safe(edge.src)} {arrow}|{edge.kind}| {_safe(edge.dst)}")
        for node in self._untrusted_nodes():
            lines.append(f"  class {_safe(node)} untrusted")
        for node in self._consequential_nodes():
            lines.append(f"  class {_safe(node)} consequential")
        lines.append("  classDef untrusted fill:#fde2e1,stroke:#c0392b")
        lines.append("  classDef consequential fill:#fff4d6,stroke:#b9770e")
        return "\n".join(lines) + "\n"

    def to_dot(self) -> str:
        """A Graphviz digraph of the graph, untrusted inputs and consequential tools coloured."""
        untrusted = set(self._untrusted_nodes())
        consequential = set(self._consequential_nodes())
        lines = [f'digraph "{self.manifest.system}" {{', "  rankdir=LR;"]
        shapes = {"source": "cylinder", "tool": "box", "agent": "ellipse"}
        for node, kind in self.nodes.items():
            attrs = [f"shape={shapes[kind]}", f'label="{node.split(":", 1)[1]}"']
            if node in untrusted:
                attrs.append('style=filled fillcolor="#fde2e1"')
            elif node in consequential:
                attrs.append('style=filled fillcolor="#fff4d6"')
            lines.append(f'  "{node}" [{" ".join(attrs)}];')
        for edge in self.edges:
            style = " style=dashed" if edge.kind == "result" else ""
            lines.append(f'  "{edge.src}" -> "{edge.dst}" [label="{edge.kind}"{style}];')
        lines.append("}")
        return "\n".join(lines) + "\n"

    def _untrusted_nodes(self) -> Iterable[str]:
        for source in self.manifest.sources:
            if _source_untrusted(source.trust, source.fields.values()):
                yield node_id("source", source.id)
        for tool in self.manifest.tools:
            if tool_result_untrusted(tool):
                yield node_id("tool", tool.id)

    def _consequential_nodes(self) -> Iterable[str]:
        for tool in self.manifest.tools:
            if tool.effect.is_consequential:
                yield node_id("tool", tool.id)


def tool_result_untrusted(tool: Tool) -> bool:
    """Whether any part of this tool's result is written by third parties."""
    return _source_untrusted(tool.result.trust or Trust.UNTRUSTED, tool.result.fields.values())


def _source_untrusted(trust: Trust, fields: Iterable[object]) -> bool:
    if trust is Trust.UNTRUSTED:
        return True
    return any(getattr(f, "trust", None) is Trust.UNTRUSTED for f in fields)


def _is_glob(key: str) -> bool:
    return any(ch in key for ch in "*?")


def _safe(node: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in node)
