"""Hypothesis strategies that generate valid manifests as plain data."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from interlock.manifest.models import (
    Autonomy,
    Classification,
    Effect,
    ParamType,
    Sensitive,
    SourceKind,
    Trust,
)

ident = st.from_regex(r"[a-z][a-z0-9_-]{0,11}", fullmatch=True)
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


def _choice(enum: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in enum])


label = st.fixed_dictionaries(
    {}, optional={"trust": _choice(Trust), "classification": _choice(Classification)}
)


@st.composite
def tools(draw: st.DrawFn, ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for tool_id in ids:
        params = draw(
            st.dictionaries(
                ident,
                st.fixed_dictionaries(
                    {"type": _choice(ParamType)},
                    optional={"sensitive": _choice(Sensitive), "required": st.booleans()},
                ),
                max_size=3,
            )
        )
        tool: dict[str, Any] = {"id": tool_id, "effect": draw(_choice(Effect)), "params": params}
        if draw(st.booleans()):
            tool["result"] = {
                "trust": draw(_choice(Trust)),
                "classification": draw(_choice(Classification)),
                "fields": draw(st.dictionaries(ident, label, max_size=2)),
            }
        if draw(st.booleans()):
            tool["description"] = draw(text)
        out.append(tool)
    return out


@st.composite
def constraint(draw: st.DrawFn) -> dict[str, Any]:
    return draw(
        st.fixed_dictionaries(
            {},
            optional={
                "allow": st.lists(
                    st.sampled_from(["*@example.com", "https://*.example.com/*"]), max_size=2
                ),
                "enum": st.lists(ident, min_size=1, max_size=3),
                "max": st.integers(0, 10**6),
                "min": st.integers(-(10**6), 0),
                "max_length": st.integers(0, 1000),
                "pattern": st.sampled_from(["^[A-Z]{3}-[0-9]+$", "^[a-z]+$"]),
            },
        )
    )


@st.composite
def manifests(draw: st.DrawFn) -> dict[str, Any]:
    """A valid manifest: unique ids, resolvable references, acyclic delegation."""
    tool_ids = draw(st.lists(ident, unique=True, max_size=6))
    source_ids = draw(st.lists(ident.filter(lambda s: s not in tool_ids), unique=True, max_size=4))
    agent_ids = draw(st.lists(ident, unique=True, max_size=4))
    tool_list = draw(tools(tool_ids))
    params = {t["id"]: list(t["params"]) for t in tool_list}
    agents = []
    for index, agent_id in enumerate(agent_ids):
        granted = draw(st.lists(st.sampled_from(tool_ids), unique=True)) if tool_ids else []
        grants = {}
        for tool_id in granted:
            grant: dict[str, Any] = {}
            if draw(st.booleans()):
                grant["approval"] = draw(st.sampled_from(["none", "required"]))
            names = (
                draw(st.lists(st.sampled_from(params[tool_id]), unique=True))
                if params[tool_id]
                else []
            )
            if names:
                grant["args"] = {name: draw(constraint()) for name in names}
            grants[tool_id] = grant
        later = agent_ids[index + 1 :]
        agents.append(
            {
                "id": agent_id,
                "autonomy": draw(_choice(Autonomy)),
                "reads": draw(st.lists(st.sampled_from(source_ids), unique=True))
                if source_ids
                else [],
                "grants": grants,
                "delegates_to": draw(st.lists(st.sampled_from(later), unique=True))
                if later
                else [],
            }
        )
    return {
        "system": draw(ident),
        "description": draw(text),
        "owner": {"name": draw(text), "email": "owner@example.com"},
        "environment": draw(st.sampled_from(["pilot", "production"])),
        "regions": draw(st.lists(st.sampled_from(["eu-west-1", "us-east-1"]), unique=True)),
        "users": [
            {
                "population": draw(st.sampled_from(["internal", "customers", "public"])),
                "authenticated": draw(st.booleans()),
            }
        ],
        "sources": [
            {
                "id": source_id,
                "kind": draw(_choice(SourceKind)),
                "trust": draw(_choice(Trust)),
                "classification": draw(_choice(Classification)),
            }
            for source_id in source_ids
        ],
        "tools": tool_list,
        "agents": agents,
    }
