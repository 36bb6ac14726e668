"""Shared fixtures: test assets and the repository's examples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "tests" / "assets"
EXAMPLES = ROOT / "examples"


@pytest.fixture
def asset():
    """Path of a file under tests/assets, asserting it exists."""

    def _asset(name: str) -> Path:
        path = ASSETS / name
        assert path.exists(), f"missing test asset {path}"
        return path

    return _asset
