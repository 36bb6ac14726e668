"""The approval queue across processes: a guard asks, a person decides with the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from interlock.evidence.sinks import MemorySink
from interlock.guard import Guard
from tests.unit.guard.conftest import MANIFEST


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interlock", "approvals", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_request_list_approve_and_retry(tmp_path: Path) -> None:
    queue = tmp_path / "approvals.db"
    sink = MemorySink()
    guard = Guard.from_manifest(MANIFEST, evidence=sink, approvals=queue)
    with guard.session(agent="clerk", user="requester@example.com") as s:
        s.observe_user("pay DE89370400440532013000 250")
        args = {"iban": "DE89370400440532013000", "amount": 250}
        asked = s.check_tool("pay", args)
        assert asked.effect == "require_approval"

        listed = cli("list", "--store", str(queue), "--format", "json")
        assert listed.returncode == 0, listed.stderr
        (item,) = json.loads(listed.stdout)
        assert item["id"] == asked.approval_id and item["status"] == "pending"
        assert item["tool"] == "pay" and '"amount":250' in item["arguments"]

        own = cli(
            "approve", item["id"], "--approver", "requester@example.com", "--store", str(queue)
        )
        assert own.returncode == 2 and "cannot approve" in own.stderr

        ok = cli("approve", item["id"], "--approver", "manager@example.com", "--store", str(queue))
        assert ok.returncode == 0, ok.stderr

        again = cli("deny", item["id"], "--approver", "other@example.com", "--store", str(queue))
        assert again.returncode == 2 and "already approved" in again.stderr

        retried = s.check_tool("pay", args)
        assert retried.allowed and retried.approval_id == asked.approval_id
    guard.close()
    approvals = sink.of_kind("approval")
    assert [e["detail"]["status"] for e in approvals] == ["pending", "consumed"]
    assert approvals[-1]["detail"]["approver"] == "manager@example.com"


def test_unknown_id_exits_2(tmp_path: Path) -> None:
    result = cli("approve", "apr_missing", "--approver", "x", "--store", str(tmp_path / "q.db"))
    assert result.returncode == 2
    assert "no approval with id 'apr_missing'" in result.stderr
    assert "Traceback" not in result.stderr
