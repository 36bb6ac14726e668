"""Smoke test of benchmarks/bench_guard.py: every section runs and reports, with tiny counts.

It checks that the benchmark works, not that the guard meets its latency targets (that is
what the benchmark itself reports, on a quiet machine, with full counts).
"""

from __future__ import annotations

import importlib.util
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_guard.py"


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("bench_guard", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_guard"] = module  # dataclasses resolve annotations through it
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("bench_guard", None)


@pytest.fixture(scope="module")
def report(bench: ModuleType) -> tuple[object, str]:
    out = io.StringIO()
    result = bench.run_benchmark(bench.Config.tiny(), out=out)
    return result, out.getvalue()


def test_every_section_is_reported(report: tuple[object, str]) -> None:
    result, text = report
    titles = result.sections  # type: ignore[attr-defined]
    assert [t.split(" ", 1)[0] for t in titles] == ["1.", "1b.", "2.", "3.", "4."]
    for heading in (
        "## 1. check_tool",
        "## 1b. check_tool vs session length",
        "## 2. observe of a 2 KB tool result",
        "## 3. One 5-clause condition",
        "## 4. Full enforcement path",
    ):
        assert heading in text
    assert "load average at start" in text and "load average at end" in text
    assert "nproc" in text and "python" in text


def test_tables_carry_percentiles_for_every_competitor(
    bench: ModuleType, report: tuple[object, str]
) -> None:
    result, text = report
    results = result.results  # type: ignore[attr-defined]
    assert set(results) >= {"check", "length", "observe", "conditions"}
    # signed log (or its JSONL fallback; plus its child-process writer where the log has
    # one), JSONL, memory, null, and the control loop
    assert {
        "check_tool + JSONL sink",
        "check_tool + MemorySink",
        "check_tool + null sink",
        bench.CONTROL,
    } <= set(results["check"])
    assert any(name.startswith("check_tool + signed log") for name in results["check"]) or (
        "check_tool + JSONL (signed log unavailable)" in results["check"]
    )
    assert len(results["length"]) == 4
    assert len(results["observe"]) == 3
    assert any(name.startswith("cel: flat") for name in results["conditions"])
    assert any(name.startswith("cel: nested") for name in results["conditions"])
    for section in results.values():
        for stats in section.values():
            assert stats.samples > 0
            assert 0 < stats.m50 <= stats.m99 <= stats.m999
    assert "| p50 µs | p99 µs | p99.9 µs |" in text
    assert "Targets: p50 ≤ 15 µs" in text
    assert "Target: observe ≤ 50 µs" in text


def test_agt_section_reports_numbers_or_says_why_not(report: tuple[object, str]) -> None:
    result, text = report
    results = result.results  # type: ignore[attr-defined]
    if "agt" in results:
        names = list(results["agt"])
        assert any(n.startswith("AGT AgentKernel") for n in names)
        assert any(n.startswith("AGT PolicyEvaluator") for n in names)
        assert "Ratios (Interlock ÷ AGT" in text
        assert "| call | what | expected | Interlock | AGT A | AGT B |" in text
    else:
        assert "AGT not measured:" in text


def test_the_call_mix_is_listed_with_decisions(report: tuple[object, str]) -> None:
    _, text = report
    assert "| call | what | decision | p50 µs |" in text
    for row in (
        "| `send_email` | allow: trusted recipient |",
        "| `pay_invoice` | deny: IBAN only in the invoice text |",
        "| `launch_rocket` | deny: unknown tool | deny |",
    ):
        assert row in text


def test_quick_mode_is_a_shorter_run(bench: ModuleType) -> None:
    cfg = bench.Config.quick()
    assert cfg.iterations < bench.Config().iterations
    assert cfg.session_lengths[0] < cfg.session_lengths[-1]
