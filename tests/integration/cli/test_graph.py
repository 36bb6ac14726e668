"""`interlock graph` in its three formats, checked for structure against the manifest.

The multi-agent travel concierge is the subject: it has every edge kind (reads, calls,
result, delegates), per-field labels that make a tool result untrusted, and in the pilot a
wildcard grant. Edges expected from the manifest are derived from the YAML itself, and the
Mermaid and DOT renderings are parsed line by line and must say exactly what the JSON says.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from interlock.cli import main
from tests.conftest import EXAMPLES

PRODUCTION = EXAMPLES / "travel-concierge" / "production"
PILOT = EXAMPLES / "travel-concierge" / "pilot"

# Tools whose results carry third-party text (whole result, or a field of it).
UNTRUSTED = {
    "tool:check_calendar",
    "tool:search_flights",
    "tool:search_hotels",
    "tool:fetch_reviews",
    "tool:web_search",
}
CONSEQUENTIAL = {"tool:book_flight", "tool:book_hotel", "tool:send_itinerary"}

Edge = tuple[str, str, str]


def run_graph(capsys: pytest.CaptureFixture[str], path: Path, fmt: str) -> str:
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main(["graph", str(path), "--format", fmt])
    captured = capsys.readouterr()
    assert exit_info.value.code == 0, captured.err
    return captured.out


def declared(path: Path) -> tuple[dict[str, str], Counter[Edge]]:
    """Nodes and edges read straight from the YAML (exact grants only)."""
    data: dict[str, Any] = yaml.safe_load((path / "interlock.yaml").read_text())
    nodes = {f"source:{s['id']}": "source" for s in data["sources"]}
    nodes |= {f"tool:{t['id']}": "tool" for t in data["tools"]}
    nodes |= {f"agent:{a['id']}": "agent" for a in data["agents"]}
    edges: Counter[Edge] = Counter()
    for agent in data["agents"]:
        me = f"agent:{agent['id']}"
        for source in agent.get("reads", []):
            edges[(f"source:{source}", me, "reads")] += 1
        for tool in agent.get("grants", {}):
            assert "*" not in tool, "declared() handles exact grants only"
            edges[(me, f"tool:{tool}", "calls")] += 1
            edges[(f"tool:{tool}", me, "result")] += 1
        for target in agent.get("delegates_to", []):
            edges[(me, f"agent:{target}", "delegates")] += 1
    return nodes, edges


def json_graph(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[dict, Counter[Edge]]:
    document = json.loads(run_graph(capsys, path, "json"))
    nodes = {n["id"]: n["kind"] for n in document["nodes"]}
    assert len(nodes) == len(document["nodes"]), "duplicate node"
    edges = Counter((e["from"], e["to"], e["kind"]) for e in document["edges"])
    return {"system": document["system"], "nodes": nodes}, edges


def test_json_matches_the_manifest(capsys: pytest.CaptureFixture[str]) -> None:
    graph, edges = json_graph(capsys, PRODUCTION)
    nodes, expected = declared(PRODUCTION)
    assert graph["system"] == "travel-concierge"
    assert graph["nodes"] == nodes
    assert edges == expected
    # The cross-agent seam is in the graph: a review reaches the researcher, whose result
    # returns to the planner, whose instructions reach the booker, which can book.
    for edge in [
        ("tool:fetch_reviews", "agent:researcher", "result"),
        ("agent:planner", "agent:researcher", "delegates"),
        ("agent:planner", "agent:booker", "delegates"),
        ("agent:booker", "tool:book_hotel", "calls"),
    ]:
        assert edges[edge] == 1, edge
    for src, dst, _ in edges:
        assert src in nodes and dst in nodes


def test_json_expands_wildcard_grants(capsys: pytest.CaptureFixture[str]) -> None:
    graph, edges = json_graph(capsys, PILOT)
    called = {dst for src, dst, kind in edges if src == "agent:researcher" and kind == "calls"}
    # `search_*` expands to the two declared search tools; the other two are exact grants.
    assert called == {
        "tool:search_flights",
        "tool:search_hotels",
        "tool:fetch_reviews",
        "tool:web_search",
    }
    returned = {src for src, dst, kind in edges if dst == "agent:researcher" and kind == "result"}
    assert returned == called
    callers = {
        dst: {src for src, d, kind in edges if d == dst and kind == "calls"}
        for dst in graph["nodes"]
        if dst.startswith("tool:")
    }
    assert callers["tool:search_flights"] == callers["tool:search_hotels"] == {"agent:researcher"}
    assert callers["tool:book_flight"] == callers["tool:book_hotel"] == {"agent:booker"}


MERMAID_NODE = re.compile(r"^  (\w+)(\[\(|\[/|\(\()([\w.:-]+)(\)\]|/\]|\)\))$")
MERMAID_EDGE = re.compile(r"^  (\w+) (-->|-\.->)\|(\w+)\| (\w+)$")
MERMAID_CLASS = re.compile(r"^  class (\w+) (untrusted|consequential)$")
MERMAID_CLASSDEF = re.compile(r"^  classDef (untrusted|consequential) fill:#[0-9a-f]{6},stroke:#")
SHAPES = {("[(", ")]"): "source", ("[/", "/]"): "tool", ("((", "))"): "agent"}


def test_mermaid_says_what_json_says(capsys: pytest.CaptureFixture[str]) -> None:
    graph, edges = json_graph(capsys, PRODUCTION)
    text = run_graph(capsys, PRODUCTION, "mermaid")
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    ids: dict[str, str] = {}  # graph node -> mermaid id
    seen_edges: Counter[Edge] = Counter()
    classes: dict[str, set[str]] = {"untrusted": set(), "consequential": set()}
    defined: set[str] = set()
    back: dict[str, str] = {}
    for line in lines[1:]:
        if node := MERMAID_NODE.match(line):
            ident, open_, label, close = node.groups()
            kind = SHAPES[(open_, close)]
            name = f"{kind}:{label}"
            assert name not in ids and ident not in back, f"node declared twice: {line}"
            ids[name] = ident
            back[ident] = name
        elif edge := MERMAID_EDGE.match(line):
            src, arrow, kind, dst = edge.groups()
            assert (arrow == "-.->") == (kind == "result"), line
            seen_edges[(back[src], back[dst], kind)] += 1
        elif cls := MERMAID_CLASS.match(line):
            classes[cls.group(2)].add(back[cls.group(1)])
        elif d := MERMAID_CLASSDEF.match(line):
            defined.add(d.group(1))
        else:
            pytest.fail(f"unexpected Mermaid line: {line!r}")
    assert {name: name.split(":", 1)[0] for name in ids} == graph["nodes"]
    assert seen_edges == edges
    assert classes["untrusted"] == UNTRUSTED
    assert classes["consequential"] == CONSEQUENTIAL
    assert defined == {"untrusted", "consequential"}


DOT_NODE = re.compile(
    r'^  "([^"]+)" \[shape=(\w+) label="([^"]+)"(?: style=filled fillcolor="(#[0-9a-f]{6})")?\];$'
)
DOT_EDGE = re.compile(r'^  "([^"]+)" -> "([^"]+)" \[label="(\w+)"( style=dashed)?\];$')
DOT_SHAPES = {"cylinder": "source", "box": "tool", "ellipse": "agent"}


def test_dot_says_what_json_says(capsys: pytest.CaptureFixture[str]) -> None:
    graph, edges = json_graph(capsys, PRODUCTION)
    lines = run_graph(capsys, PRODUCTION, "dot").splitlines()
    assert lines[0] == 'digraph "travel-concierge" {'
    assert lines[1] == "  rankdir=LR;"
    assert lines[-1] == "}"
    nodes: dict[str, str] = {}
    fills: dict[str, str | None] = {}
    seen_edges: Counter[Edge] = Counter()
    for line in lines[2:-1]:
        if node := DOT_NODE.match(line):
            name, shape, label, fill = node.groups()
            assert name not in nodes, f"node declared twice: {line}"
            assert label == name.split(":", 1)[1]
            nodes[name] = DOT_SHAPES[shape]
            fills[name] = fill
        elif edge := DOT_EDGE.match(line):
            src, dst, kind, dashed = edge.groups()
            assert bool(dashed) == (kind == "result"), line
            assert src in nodes and dst in nodes, "edge before its nodes"
            seen_edges[(src, dst, kind)] += 1
        else:
            pytest.fail(f"unexpected DOT line: {line!r}")
    assert nodes == graph["nodes"]
    assert seen_edges == edges
    assert {n for n, f in fills.items() if f == "#fde2e1"} == UNTRUSTED
    assert {n for n, f in fills.items() if f == "#fff4d6"} == CONSEQUENTIAL


def test_graph_of_a_missing_manifest_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["graph", str(tmp_path), "--format", "json"])
    captured = capsys.readouterr()
    assert exit_info.value.code == 2
    assert captured.out == ""
    assert f"{tmp_path}: no interlock.yaml in this directory" in captured.err
