"""`interlock.evidence` depends on nothing in Interlock but `interlock.errors` (DESIGN: Layering)."""

from __future__ import annotations

import ast
from pathlib import Path

import interlock.evidence

PACKAGE = Path(interlock.evidence.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_evidence_imports_only_itself_and_errors() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        for name in imported_modules(path):
            if name == "interlock" or name.startswith("interlock."):
                assert name == "interlock.errors" or name.startswith("interlock.evidence"), (
                    f"{path.relative_to(PACKAGE)} imports {name}"
                )


def test_public_api() -> None:
    assert set(interlock.evidence.__all__) == {
        "DEFAULT_LOCATION",
        "EvidenceLog",
        "EvidencePaths",
        "LogStats",
        "OverflowPolicy",
        "PayloadPolicy",
        "WriterMode",
        "default_paths",
        "open_log",
    }
