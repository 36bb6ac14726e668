"""A limit that admits every value is no limit: `allow: ['*']` and `pattern: '.*'`.

Regression for a false negative found while writing the examples: an allowlist holding a
match-all glob counted as a pinned destination, so an outbound grant with
`to: {allow: ['*']}` passed `interlock check --fail-on high`, and neither it nor an open
pattern was reported as an unconstrained grant.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interlock.cli import main

MANIFEST = """\
system: notifier
owner: {name: A, email: a@example.com, team: t, oncall: o, escalation: e}
environment: production
review: {cadence_days: 30, last: 2026-11-20}
evidence: {store: .interlock/evidence.db, signing_key: keys/notifier.key}
sources:
  - {id: crm, kind: database, trust: trusted, classification: confidential}
tools:
  - id: read_inbox
    effect: read
    result: {trust: untrusted, classification: internal}
  - id: send_email
    effect: external
    params: {to: {sensitive: destination}, body: {}}
    result: {trust: trusted, classification: internal}
agents:
  - id: notifier
    autonomy: human_on_the_loop
    reads: [crm]
    grants:
      read_inbox: {}
      send_email: {args: {to: TO, body: {max_length: 2000}}}
"""


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], to: str) -> tuple[int, list[dict]]:
    path = tmp_path / "interlock.yaml"
    path.write_text(MANIFEST.replace("TO", to))
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(path), "--format", "json", "--as-of", "2026-11-26"])
    captured = capsys.readouterr()
    assert isinstance(exit_info.value.code, int), captured.err
    return exit_info.value.code, json.loads(captured.out)["results"][0]["findings"]


def high(findings: list[dict]) -> set[str]:
    return {f["code"] for f in findings if f["severity"] in ("high", "critical")}


@pytest.mark.parametrize(
    "to",
    [
        "{allow: ['*']}",
        "{allow: ['*@example.com', '**']}",
        "{pattern: '.*'}",
        "{pattern: '^.+$'}",
    ],
)
def test_open_limit_is_reported_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], to: str
) -> None:
    code, findings = check(tmp_path, capsys, to)
    assert code == 1
    assert high(findings) == {
        "untrusted-to-consequential",
        "private-untrusted-outbound",
        "unconstrained-grant",
    }
    (grant,) = [f for f in findings if f["code"] == "unconstrained-grant"]
    assert grant["failure"] == "F4"
    assert grant["path"] == ["agent:notifier", "tool:send_email"]


@pytest.mark.parametrize("to", ["{allow: ['*@example.com']}", "{enum: [ops@example.com]}"])
def test_real_allowlist_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str], to: str) -> None:
    code, findings = check(tmp_path, capsys, to)
    assert code == 0
    assert high(findings) == set()
    medium = {f["code"] for f in findings if f["severity"] == "medium"}
    assert medium == {"untrusted-to-consequential", "private-untrusted-outbound"}
