"""The simple sinks: in memory, and a JSON Lines trail written off the caller's thread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interlock.errors import EvidenceError
from interlock.evidence.interface import EvidenceSink
from interlock.evidence.sinks import JsonlSink, MemorySink


def test_both_implement_the_protocol(tmp_path: Path) -> None:
    jsonl = JsonlSink(tmp_path / "e.jsonl")
    assert isinstance(MemorySink(), EvidenceSink)
    assert isinstance(jsonl, EvidenceSink)
    jsonl.close()


def test_memory_sink_keeps_order_and_refuses_after_close() -> None:
    sink = MemorySink()
    sink.emit({"kind": "observe", "n": 1})
    sink.emit({"kind": "tool_call", "n": 2})
    assert [e["n"] for e in sink.events] == [1, 2]
    assert sink.of_kind("tool_call") == [{"kind": "tool_call", "n": 2}]
    sink.close()
    with pytest.raises(EvidenceError):
        sink.emit({"kind": "observe"})


def test_jsonl_sink_writes_every_event_once_flushed(tmp_path: Path) -> None:
    path = tmp_path / "trail" / "e.jsonl"
    sink = JsonlSink(path)
    for i in range(500):
        sink.emit({"kind": "tool_call", "seq": i, "labels": {"trust": "untrusted"}})
    sink.flush()
    lines = path.read_text().splitlines()
    assert [json.loads(line)["seq"] for line in lines] == list(range(500))
    sink.close()
    sink.close()  # idempotent
    with pytest.raises(EvidenceError):
        sink.emit({"kind": "observe"})


def test_jsonl_sink_reports_a_write_failure(tmp_path: Path) -> None:
    sink = JsonlSink(tmp_path / "e.jsonl")
    sink.emit({"kind": "observe", "bad": object()})  # not JSON: the writer fails
    with pytest.raises(EvidenceError, match="writer failed"):
        sink.flush()
    with pytest.raises(EvidenceError, match="writer failed"):
        sink.emit({"kind": "observe"})
    with pytest.raises(EvidenceError, match="writer failed"):
        sink.close()
    assert sink._file.closed


def test_jsonl_sink_unopenable_path(tmp_path: Path) -> None:
    (tmp_path / "dir.jsonl").mkdir()
    with pytest.raises(EvidenceError, match="cannot open for append"):
        JsonlSink(tmp_path / "dir.jsonl")
