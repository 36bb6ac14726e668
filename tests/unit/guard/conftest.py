"""A guard over the mailroom test system, with an in-memory evidence sink."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interlock.evidence.sinks import MemorySink
from interlock.guard import Guard, Session

MANIFEST = Path(__file__).resolve().parents[2] / "assets" / "guard" / "interlock.yaml"


@pytest.fixture
def sink() -> MemorySink:
    return MemorySink()


@pytest.fixture
def guard(sink: MemorySink) -> Guard:
    return Guard.from_manifest(MANIFEST, packs=["default"], evidence=sink)


@pytest.fixture
def session(guard: Guard) -> Iterator[Session]:
    with guard.session(agent="assistant", user="u-1", principal_ids=["me@example.com"]) as s:
        yield s
