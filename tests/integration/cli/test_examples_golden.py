"""Golden tests: `interlock check` on every example, pilot and production variant.

Each variant under `examples/*/{pilot,production}` is discovered automatically and its
findings (id, code, severity, failure group, path) are compared with
`tests/assets/golden/<example>-<variant>.json`. After an intended change to the analysis or
an example, regenerate the files and review the diff:

    INTERLOCK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/integration/cli/test_examples_golden.py

Independently of the golden files, the pilot variants must fail the default gate with
findings in the groups the seed describes, and the production variants must pass it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from interlock.cli import main
from tests.conftest import ASSETS, EXAMPLES, ROOT

AS_OF = "2026-11-26"
GOLDEN = ASSETS / "golden"
VARIANTS = ("pilot", "production")
SEVERITIES = ("info", "low", "medium", "high", "critical")
UPDATE = os.environ.get("INTERLOCK_UPDATE_GOLDEN") == "1"


def discover() -> list[tuple[str, str]]:
    """(example, variant) for every examples/<example>/<variant>/interlock.yaml."""
    return sorted(
        (manifest.parent.parent.name, manifest.parent.name)
        for manifest in EXAMPLES.glob("*/*/interlock.yaml")
        if manifest.parent.name in VARIANTS
    )


CASES = discover()
EXAMPLE_NAMES = sorted({example for example, _ in CASES})


def run_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    """Run `interlock check --format json` in-process; the exit code and the parsed report."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main(["check", *args, "--format", "json", "--as-of", AS_OF])
    captured = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int), f"exit code {code!r}; stderr: {captured.err}"
    assert code in (0, 1), f"exit {code}; stderr: {captured.err}"
    return code, json.loads(captured.out)


def golden_document(example: str, variant: str, code: int, report: dict[str, Any]) -> dict:
    (result,) = report["results"]
    findings = [
        {key: finding[key] for key in ("id", "code", "severity", "failure", "path")}
        for finding in result["findings"]
    ]
    return {
        "example": example,
        "variant": variant,
        "manifest": Path(result["manifest"]).resolve().relative_to(ROOT).as_posix(),
        "system": result["system"],
        "as_of": AS_OF,
        "exit_code": code,
        "counts": {
            severity: sum(1 for f in findings if f["severity"] == severity)
            for severity in reversed(SEVERITIES)
        },
        "findings": findings,
    }


def severity_rank(finding: dict[str, Any]) -> int:
    return SEVERITIES.index(finding["severity"])


def test_examples_are_discovered_in_pairs() -> None:
    assert len(EXAMPLE_NAMES) >= 4, EXAMPLE_NAMES
    for example in EXAMPLE_NAMES:
        present = {variant for name, variant in CASES if name == example}
        assert present == set(VARIANTS), f"examples/{example} lacks {set(VARIANTS) - present}"


@pytest.mark.parametrize(("example", "variant"), CASES, ids=[f"{e}-{v}" for e, v in CASES])
def test_findings_match_golden(
    capsys: pytest.CaptureFixture[str], example: str, variant: str
) -> None:
    code, report = run_check(capsys, str(EXAMPLES / example / variant))
    actual = golden_document(example, variant, code, report)
    golden = GOLDEN / f"{example}-{variant}.json"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n")
    assert golden.exists(), (
        f"no golden file {golden.relative_to(ROOT)}; create it with "
        "INTERLOCK_UPDATE_GOLDEN=1 and review it"
    )
    expected = json.loads(golden.read_text())
    # Compare the short parts first so a failure names what changed before the full diff.
    assert actual["exit_code"] == expected["exit_code"]
    assert actual["counts"] == expected["counts"]
    assert [f["id"] for f in actual["findings"]] == [f["id"] for f in expected["findings"]]
    assert actual == expected


def test_no_golden_file_without_an_example() -> None:
    expected = {f"{example}-{variant}.json" for example, variant in CASES}
    stale = sorted(p.name for p in GOLDEN.glob("*.json") if p.name not in expected)
    assert not stale, f"golden files for examples that no longer exist: {stale}"


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_pilot_fails_with_the_seed_gaps(capsys: pytest.CaptureFixture[str], example: str) -> None:
    code, report = run_check(capsys, str(EXAMPLES / example / "pilot"))
    assert code == 1
    assert report["failed"] is True
    findings = report["results"][0]["findings"]
    assert any(severity_rank(f) >= SEVERITIES.index("high") for f in findings)
    groups = {f["failure"] for f in findings}
    # Composite risk, privilege creep, evidence and ownership: every pilot has all four.
    assert {"F1", "F4", "F6", "F7"} <= groups, groups
    for finding in findings:
        assert finding["id"].startswith(finding["code"] + "/")
        assert finding["path"], finding


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_production_passes_and_keeps_paths_visible(
    capsys: pytest.CaptureFixture[str], example: str
) -> None:
    code, report = run_check(capsys, str(EXAMPLES / example / "production"), "--fail-on", "high")
    assert code == 0
    assert report["failed"] is False
    findings = report["results"][0]["findings"]
    too_severe = [f["id"] for f in findings if severity_rank(f) >= SEVERITIES.index("high")]
    assert not too_severe
    # Production closes grants, autonomy, evidence and ownership outright...
    assert not {f["failure"] for f in findings} & {"F3", "F4", "F6", "F7"}
    # ...while the risky paths that remain stay declared and reported below the threshold.
    assert any(f["code"] == "untrusted-to-consequential" for f in findings)


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_production_never_worsens_a_pilot_path(
    capsys: pytest.CaptureFixture[str], example: str
) -> None:
    _, pilot = run_check(capsys, str(EXAMPLES / example / "pilot"))
    _, production = run_check(capsys, str(EXAMPLES / example / "production"))
    before = {f["id"]: f for f in pilot["results"][0]["findings"]}
    after = {f["id"]: f for f in production["results"][0]["findings"]}
    for ident in before.keys() & after.keys():
        assert before[ident]["path"] == after[ident]["path"]
        assert severity_rank(after[ident]) <= severity_rank(before[ident]), ident


def test_one_run_over_all_variants(capsys: pytest.CaptureFixture[str]) -> None:
    productions = [str(EXAMPLES / e / "production") for e in EXAMPLE_NAMES]
    code, report = run_check(capsys, *productions, "--fail-on", "high")
    assert code == 0
    assert len(report["results"]) == len(productions)
    pilots = [str(EXAMPLES / e / "pilot") for e in EXAMPLE_NAMES]
    code, report = run_check(capsys, *productions, *pilots)
    assert code == 1
    assert [r["system"] for r in report["results"]] == [*EXAMPLE_NAMES, *EXAMPLE_NAMES]


def test_goldens_are_pinned_to_their_review_date(capsys: pytest.CaptureFixture[str]) -> None:
    # Three months on, every production review is outside its 30-day cadence: the date the
    # golden files are computed at matters, and the CLI honours it.
    productions = [str(EXAMPLES / e / "production") for e in EXAMPLE_NAMES]
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main(["check", *productions, "--format", "json", "--as-of", "2027-03-01"])
    report = json.loads(capsys.readouterr().out)
    assert exit_info.value.code == 0
    for result in report["results"]:
        overdue = [f for f in result["findings"] if f["code"] == "review-overdue"]
        assert [(f["severity"], f["failure"]) for f in overdue] == [("medium", "F7")], result
