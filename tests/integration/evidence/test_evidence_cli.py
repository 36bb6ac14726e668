"""The `interlock evidence` and `interlock keys` commands, end to end, and a SIGKILL mid-stream."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from interlock.cli import main
from interlock.errors import EvidenceError
from interlock.evidence import open_log
from tests.unit.evidence._attacker import Attacker

ROOT = Path(__file__).resolve().parents[3]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 1), out, err


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INTERLOCK_EVIDENCE", raising=False)
    log = open_log(system="support-desk", enforcement_point="ep-1", checkpoint_every=100)
    for i in range(300):
        log.emit(
            {
                "kind": "tool_call",
                "session": f"s-{i % 4}",
                "agent": "triage",
                "tool": ("send_email", "read_inbox")[i % 2],
                "effect": ("allow", "deny")[i % 3 == 0],
                "rule_ids": ["outbound.untrusted-destination"] if i % 3 == 0 else [],
            }
        )
    log.close()
    return tmp_path


class TestVerify:
    def test_clean_log_exits_0(self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "evidence", "verify")
        assert code == 0
        assert "ok chain ep-1: 300 records, 3 checkpoints, signed through 300" in out

    def test_json_report(self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "evidence", "verify", "--format", "json")
        assert code == 0
        (chain,) = orjson.loads(out)
        assert chain["ok"] is True and chain["records"] == 300

    def test_tampered_log_exits_1_naming_the_record(
        self, workdir: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        a = Attacker(str(workdir / ".interlock" / "evidence.db"))
        recs = a.records()
        recs[41].body = recs[41].body.replace(b'"effect":"allow"', b'"effect":"deny"')
        a.rewrite(recs)
        a.close()
        code, out, err = run(capsys, "evidence", "verify")
        assert code == 1
        assert "FAILED chain ep-1" in out
        assert "error: chain ep-1: record 42: content does not match its hash" in err
        assert "Traceback" not in err

    def test_missing_store_is_bad_input(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.chdir(tmp_path)
        code, _, err = run(capsys, "evidence", "verify", "--store", "nope.db")
        assert code == 2
        assert "nope.db: no evidence database here" in err

    def test_missing_trust_file_is_bad_input(
        self, workdir: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, _, err = run(capsys, "evidence", "verify", "--trust", "none.json")
        assert code == 2
        assert "none.json: trust file not found" in err

    def test_truncation_caught_by_the_head_witness(
        self, workdir: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        a = Attacker(str(workdir / ".interlock" / "evidence.db"))
        a.rewrite(a.records()[:200])
        a.sql("DELETE FROM evidence_checkpoints WHERE tree_size = 300")
        a.close()
        code, _, err = run(capsys, "evidence", "verify")
        assert code == 1
        assert "record 201: missing: the head witness saw a signed log of 300 records" in err


class TestProve:
    def test_prove_then_check(self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, _ = run(capsys, "evidence", "prove", "123", "--out", "p.json")
        assert code == 0
        code, out, _ = run(capsys, "evidence", "check-proof", "p.json")
        assert code == 0
        assert out.startswith("ok: record 123 of chain ep-1 is in the checkpoint of size 300")

    def test_forged_proof_exits_1(self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        run(capsys, "evidence", "prove", "5", "--out", "p.json")
        proof = orjson.loads(Path("p.json").read_bytes())
        assert '"effect":"allow"' in proof["record"]
        proof["record"] = proof["record"].replace('"effect":"allow"', '"effect":"deny"')
        Path("p.json").write_bytes(orjson.dumps(proof))
        code, _, err = run(capsys, "evidence", "check-proof", "p.json")
        assert code == 1
        assert "record 5: the record and audit path do not reproduce the signed root" in err

    def test_garbage_proof_is_bad_input(
        self, workdir: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        Path("p.json").write_text("nope")
        code, _, err = run(capsys, "evidence", "check-proof", "p.json")
        assert code == 2
        assert "p.json: inclusion proof is not valid JSON" in err

    def test_unknown_record_is_bad_input(
        self, workdir: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, _, err = run(capsys, "evidence", "prove", "999")
        assert code == 2
        assert "record 999 is not covered" in err


class TestQueryExport:
    def test_query_formats(self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        sql = "SELECT effect, count(*) AS n FROM evidence GROUP BY effect ORDER BY effect"
        code, out, _ = run(capsys, "evidence", "query", sql, "--format", "json")
        assert code == 0
        assert orjson.loads(out) == [{"effect": "allow", "n": 200}, {"effect": "deny", "n": 100}]
        code, out, _ = run(capsys, "evidence", "query", sql, "--format", "csv")
        assert out.splitlines() == ["effect,n", "allow,200", "deny,100"]
        code, out, _ = run(capsys, "evidence", "query", sql)
        assert "allow" in out and "200" in out

    def test_writes_are_refused(self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "evidence", "query", "DELETE FROM evidence_rows")
        assert code == 2
        assert "not authorized" in err

    def test_export_jsonl_and_parquet(
        self, workdir: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, _ = run(capsys, "evidence", "export", "--format", "jsonl")
        assert code == 0
        lines = out.splitlines()
        assert len(lines) == 300 and orjson.loads(lines[0])["seq"] == 1
        code, _, err = run(capsys, "evidence", "export", "--format", "parquet", "-o", "e.parquet")
        assert code == 0 and "exported 300 records" in err
        code, out, _ = run(
            capsys,
            "evidence",
            "query",
            "--parquet",
            "e.parquet",
            "SELECT count(*) AS n FROM evidence WHERE effect = 'deny'",
            "-f",
            "json",
        )
        assert orjson.loads(out) == [{"n": 100}]

    def test_parquet_needs_out(self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "evidence", "export", "--format", "parquet")
        assert code == 2 and "--out" in err


class TestKeys:
    def test_generate_list_rotate(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.chdir(tmp_path)
        code, out, _ = run(capsys, "keys", "generate", "--note", "first")
        assert code == 0 and "generated ed25519:" in out
        key = tmp_path / ".interlock" / "keys" / "signing.key"
        assert os.stat(key).st_mode & 0o777 == 0o600
        code, _, err = run(capsys, "keys", "generate")
        assert code == 2 and "refusing to overwrite" in err
        # Write a log with the first key, rotate, write more: both halves verify.
        log = open_log(system="s", enforcement_point="ep-1")
        log.emit({"kind": "observe", "source": "kb"})
        log.close()
        code, out, _ = run(capsys, "keys", "rotate")
        assert code == 0 and "rotated" in out
        log = open_log(system="s", enforcement_point="ep-1")
        log.emit({"kind": "observe", "source": "kb"})
        log.close()
        code, out, _ = run(capsys, "keys", "list", "--format", "json")
        statuses = sorted(k["status"] for k in orjson.loads(out))
        assert statuses == ["active", "retired"]
        code, out, _ = run(capsys, "evidence", "verify", "--format", "json")
        assert code == 0
        assert len(orjson.loads(out)[0]["key_ids"]) == 2

    def test_unsafe_key_is_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.chdir(tmp_path)
        run(capsys, "keys", "generate")
        key = tmp_path / ".interlock" / "keys" / "signing.key"
        key.chmod(0o644)
        code, _, err = run(capsys, "keys", "rotate")
        assert code == 2 and "chmod 600" in err


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["thread", "process"])
def test_sigkill_mid_stream_loses_only_the_unflushed_tail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    db = tmp_path / ".interlock" / "evidence.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.evidence.writer_child", str(db), mode],
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        text=True,
    )
    assert child.stdout is not None
    flushed = 0
    deadline = time.monotonic() + 30
    while flushed < 5000 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        flushed = int(line)
    # Kill while it keeps emitting (mid-batch, mid-transaction, possibly mid-write).
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert flushed >= 5000, "child did not get going"
    monkeypatch.chdir(tmp_path)
    # A process-mode writer outlives its parent just long enough to commit what it was
    # sent; wait for it to let go of the chain.
    deadline = time.monotonic() + 20
    while True:
        try:
            probe = open_log(db, system="support-desk", enforcement_point="ep-1")
            probe.close()
            break
        except EvidenceError:
            assert time.monotonic() < deadline, "writer process never exited"
            time.sleep(0.1)
    code, out, _ = run(capsys, "evidence", "verify", "--format", "json", "--ep", "ep-1")
    assert code == 0, out
    (chain,) = orjson.loads(out)
    # Everything flushed survived; whatever else landed is whole and signed.
    assert chain["records"] >= flushed
    assert chain["signed_size"] == chain["records"]
    # A restarted writer resumes the chain where the killed one stopped.
    log = open_log(db, system="support-desk", enforcement_point="ep-1")
    assert log.next_seq == chain["records"] + 1
    log.emit({"kind": "session_end", "session": "s-0"})
    log.close()
    code, out, _ = run(capsys, "evidence", "verify", "--format", "json", "--ep", "ep-1")
    assert code == 0 and orjson.loads(out)[0]["records"] == chain["records"] + 1
