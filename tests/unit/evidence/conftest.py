"""Fixtures for evidence tests: a signing key, its trust store, and a store on SQLite or PostgreSQL.

Every store-backed test runs twice, once per backend. PostgreSQL tests use a fresh schema
per test and skip, saying why, when no server answers at 127.0.0.1:5432.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from interlock.evidence.keys import SigningKey, TrustStore
from interlock.evidence.log import EvidenceLog
from interlock.evidence.store import open_store

PG_BASE = os.environ.get("INTERLOCK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
_pg_state: dict[str, str | None] = {}


def _pg_unavailable() -> str | None:
    if "reason" not in _pg_state:
        try:
            import psycopg

            psycopg.connect(PG_BASE, connect_timeout=3).close()
            _pg_state["reason"] = None
        except Exception as exc:  # any failure means "no server here"
            _pg_state["reason"] = f"PostgreSQL not reachable at {PG_BASE}: {exc}"
    return _pg_state["reason"]


@pytest.fixture
def key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture
def trust(key: SigningKey) -> TrustStore:
    t = TrustStore()
    t.add(key.public_raw, now_us=1)
    return t


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store location: a SQLite file, or a PostgreSQL URL with its own schema."""
    if request.param == "sqlite":
        yield str(tmp_path / ".interlock" / "evidence.db")
        return
    reason = _pg_unavailable()
    if reason:
        pytest.skip(reason)
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    yield f"{PG_BASE}?schema={schema}"
    with psycopg.connect(PG_BASE, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def make_log(location: str, key: SigningKey) -> Iterator[Callable[..., EvidenceLog]]:
    logs: list[EvidenceLog] = []

    def make(ep: str = "ep-1", signing_key: SigningKey | None = None, **kw: object) -> EvidenceLog:
        log = EvidenceLog(
            open_store(location),
            signing_key or key,
            system="support-desk",
            enforcement_point=ep,
            **kw,  # type: ignore[arg-type]
        )
        logs.append(log)
        return log

    yield make
    for log in logs:
        if not log._closed:
            log.close()


def event(i: int = 0, **over: object) -> dict[str, object]:
    """A guard-like tool_call event; `i` varies session, tool and effect."""
    ev: dict[str, object] = {
        "kind": "tool_call",
        "time_ns": 1_795_000_000_000_000_000 + i * 1000,
        "session": f"s-{i % 5}",
        "agent": "triage",
        "user": "u-1",
        "tool": ("send_email", "read_inbox", "issue_refund")[i % 3],
        "effect": ("allow", "deny")[i % 2],
        "rule_ids": ["outbound.untrusted-destination"] if i % 2 else [],
        "reasons": [],
        "labels": {"trust": "untrusted" if i % 4 == 0 else "trusted", "classification": "internal"},
        "provenance": {"to": "untrusted"} if i % 4 == 0 else {"to": "trusted"},
        "bundle_digest": "sha256:" + "ab" * 32,
        "detail": {"i": i},
    }
    ev.update(over)
    return ev


def write_records(make_log: Callable[..., EvidenceLog], n: int, **kw: object) -> None:
    """Write `n` events through a real log and close it."""
    log = make_log(**kw)
    for i in range(n):
        log.emit(event(i))
    log.close()


def now_us() -> int:
    return time.time_ns() // 1000
