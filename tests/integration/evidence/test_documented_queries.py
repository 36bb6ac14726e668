"""The ten queries documented in docs/evidence.md run, and return what they promise."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from interlock.evidence import open_log
from interlock.evidence.query import query
from interlock.evidence.store import Store, open_store

DOC = Path(__file__).resolve().parents[3] / "docs" / "evidence.md"


def documented_queries() -> list[str]:
    text = DOC.read_text()
    section = text.split("### Ten useful queries", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    now = time.time_ns()
    log = open_log(tmp_path / "evidence.db", system="support-desk", enforcement_point="ep-1")
    events = [
        {
            "kind": "observe",
            "session": "s-1",
            "source": "inbox",
            "labels": {"trust": "untrusted", "classification": "confidential"},
        },
        {
            "kind": "tool_call",
            "session": "s-1",
            "agent": "triage",
            "tool": "send_email",
            "effect": "deny",
            "rule_ids": ["outbound.untrusted-destination"],
            "provenance": {"to": "untrusted"},
            "bundle_digest": "sha256:" + "1" * 64,
        },
        {
            "kind": "tool_call",
            "session": "s-2",
            "agent": "triage",
            "tool": "read_inbox",
            "effect": "allow",
            "provenance": {"query": "untrusted"},
            "bundle_digest": "sha256:" + "1" * 64,
        },
        {
            "kind": "tool_call",
            "session": "s-3",
            "agent": "billing",
            "tool": "issue_refund",
            "effect": "require_approval",
            "rule_ids": ["refund.approval"],
        },
        {
            "kind": "tool_call",
            "session": "s-4",
            "agent": "billing",
            "tool": "issue_refund",
            "effect": "require_approval",
            "rule_ids": ["refund.approval"],
        },
        {
            "kind": "approval",
            "session": "s-4",
            "effect": "allow",
            "detail": {"approver": "dana@example.com", "approval_id": "a-1"},
        },
        {"kind": "breaker", "session": "s-5", "agent": "triage", "reasons": ["step budget"]},
    ]
    for ev in events:
        log.emit({"time_ns": now, **ev})
    log.close()
    st = open_store(tmp_path / "evidence.db", readonly=True)
    yield st
    st.close()


def test_there_are_ten() -> None:
    assert len(documented_queries()) == 10


@pytest.mark.parametrize("n", range(10))
def test_documented_query_runs(store: Store, n: int) -> None:
    result = query(store, documented_queries()[n])
    expected_rows = {
        0: [("outbound.untrusted-destination", 1)],  # denials by rule this week
        2: [("dana@example.com", "allow", 1)],  # approvals by approver
        8: [],  # no overflow
    }
    if n in expected_rows:
        assert result.rows == expected_rows[n]
    elif n == 1:
        assert [r[:3] for r in result.rows] == [("s-1", "send_email", "deny")]
    elif n == 3:
        assert [r[2] for r in result.rows] == ["s-2"]
    elif n == 4:
        assert [r[2] for r in result.rows] == ["s-3"]
    else:
        assert result.rows, f"query {n + 1} returned nothing"
