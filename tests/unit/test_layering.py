"""Imports point inward: manifest <- policy <- guard <- cli; nothing in the core imports the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "interlock"

# Each layer and the interlock packages it must never import.
FORBIDDEN = {
    "manifest": ("interlock.policy", "interlock.guard", "interlock.evidence", "interlock.cli"),
    "policy": ("interlock.guard", "interlock.evidence", "interlock.cli"),
    "guard": ("interlock.cli",),
    "evidence": ("interlock.manifest", "interlock.policy", "interlock.guard", "interlock.cli"),
}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_inward(layer: str) -> None:
    offences = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in sorted((SRC / layer).rglob("*.py"))
        for name in sorted(imports(path))
        if name.startswith(FORBIDDEN[layer])
    ]
    assert offences == []


def test_the_layers_exist() -> None:
    for layer in FORBIDDEN:
        assert list((SRC / layer).rglob("*.py")), layer
