"""Shared fixtures: test assets and the repository's examples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "tests" / "assets"
EXAMPLES = ROOT / "examples"


def pytest_configure(config: pytest.Config) -> None:
    # A compiled module is imported instead of its source: after an edit, the tests would
    # run the old code. `make` rebuilds them (setup.py says which modules are compiled).
    stale = [
        str(source.relative_to(ROOT))
        for built in (ROOT / "src").rglob("*.so")
        for source in (
            built.parent / (built.name.split(".")[0] + ".py"),
            built.parent / (built.name.split(".")[0] + ".pyx"),
        )
        if source.exists() and source.stat().st_mtime > built.stat().st_mtime
    ]
    if stale:
        pytest.exit(
            f"compiled code is older than its source ({', '.join(sorted(stale))}): run "
            "`make unit` to rebuild it, or reinstall with INTERLOCK_PURE_PYTHON=1",
            returncode=2,
        )


@pytest.fixture
def asset():
    """Path of a file under tests/assets, asserting it exists."""

    def _asset(name: str) -> Path:
        path = ASSETS / name
        assert path.exists(), f"missing test asset {path}"
        return path

    return _asset
