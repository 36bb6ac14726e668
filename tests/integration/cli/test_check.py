"""`interlock check` as a user runs it: a real subprocess, exit codes, located errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interlock", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def test_pilot_fails_and_production_passes() -> None:
    pilot = run("check", str(EXAMPLES / "support-desk" / "pilot"), "--as-of", "2026-11-26")
    assert pilot.returncode == 1, pilot.stderr
    assert "CRITICAL" in pilot.stdout and "irreversible-without-approval" in pilot.stdout
    production = run(
        "check", str(EXAMPLES / "support-desk" / "production"), "--as-of", "2026-11-26"
    )
    assert production.returncode == 0, production.stdout + production.stderr
    assert "0 at or above high" in production.stdout


def test_json_output_is_stable_and_complete() -> None:
    result = run(
        "check",
        str(EXAMPLES / "support-desk" / "pilot"),
        "--format",
        "json",
        "--as-of",
        "2026-11-26",
    )
    document = json.loads(result.stdout)
    assert document["failed"] is True
    (report,) = document["results"]
    assert report["system"] == "support-desk"
    first = report["findings"][0]
    assert set(first) == {"id", "code", "severity", "failure", "title", "path", "fix"}
    again = run(
        "check",
        str(EXAMPLES / "support-desk" / "pilot"),
        "--format",
        "json",
        "--as-of",
        "2026-11-26",
    )
    assert again.stdout == result.stdout


def test_fail_on_threshold() -> None:
    production = str(EXAMPLES / "support-desk" / "production")
    assert run("check", production, "--fail-on", "medium", "--as-of", "2026-11-26").returncode == 1
    assert (
        run("check", production, "--fail-on", "critical", "--as-of", "2026-11-26").returncode == 0
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "interlock.yaml:1:1: file is empty"),
        (b"system: [oops\n", "interlock.yaml:2:1: not valid YAML"),
        (b"\x7fELF\x02\x01\x01\x00\x00\xff\xfe", "not UTF-8 text"),
        (
            b"system: s\ntools:\n  - {id: t, effect: wirte}\n",
            "interlock.yaml:3:21: tools[0].effect: 'wirte' is not one of",
        ),
        (b"system: s\nsystem: t\n", "interlock.yaml:2:1: system: duplicate key"),
    ],
)
def test_bad_input_exits_2_with_one_located_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    (tmp_path / "interlock.yaml").write_bytes(content)
    result = run("check", "interlock.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]


def test_bad_input_in_one_of_several_files_still_exits_2(tmp_path: Path) -> None:
    (tmp_path / "interlock.yaml").write_text("system: s\nagents: 5\n")
    result = run("check", str(EXAMPLES / "support-desk" / "production"), str(tmp_path))
    assert result.returncode == 2
    assert "agents: expected a list" in result.stderr


def test_usage_error_exits_2() -> None:
    result = run("check", "--fail-on", "severe", "x")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_schema_is_json_schema_for_editors() -> None:
    result = run("schema", "manifest")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["system"]
    tool = schema["$defs"]["Tool"]
    assert tool["additionalProperties"] is False
    assert set(schema["$defs"]["Effect"]["enum"]) == {"read", "write", "external", "irreversible"}
