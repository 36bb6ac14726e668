"""Shared fixtures: test assets and the repository's examples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "tests" / "assets"
EXAMPLES = ROOT / "examples"


def compiled_sources(suffix: str = ".py") -> dict[Path, Path]:
    """Each compiled module in the checkout (`src/**/*.so`) beside the source it was built
    from, when that source is a `suffix` file."""
    found = {}
    for built in (ROOT / "src").rglob("*.so"):
        source = built.parent / (built.name.split(".")[0] + suffix)
        if source.exists():
            found[built] = source
    return found


def pytest_configure(config: pytest.Config) -> None:
    # A compiled module is imported instead of its source: after an edit, the tests would
    # run the old code. `make` rebuilds them (setup.py says which modules are compiled).
    stale = [
        str(source.relative_to(ROOT))
        for suffix in (".py", ".pyx")
        for built, source in compiled_sources(suffix).items()
        if source.stat().st_mtime > built.stat().st_mtime
    ]
    if stale:
        pytest.exit(
            f"compiled code is older than its source ({', '.join(sorted(stale))}): run "
            "`make unit` to rebuild it, or `make clean` and then `INTERLOCK_PURE_PYTHON=1 "
            "make unit` to run the source as it is",
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
