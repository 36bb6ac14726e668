"""Evidence log benchmarks, side by side in one run.

1. Sustained signed append into SQLite through the public `EvidenceLog.emit` (validation,
   canonical JSON, chaining, Merkle tree, one Ed25519 checkpoint per 1,000-record batch,
   one segment row per batch), from first emit to durable flush; with the writer in a
   thread (the default) and in a child process (`WriterMode.PROCESS`).
2. A naive baseline on the same records: chain and Ed25519-sign every record, one row per
   record, 1,000 rows per transaction.
3. Verification of a 1,000,000-record log (all cores, and single process).
4. A GROUP BY over the 1,000,000 records exported to Parquet, with DuckDB.

Prints medians of --repeat runs plus the machine; `--json FILE` saves the raw numbers.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import orjson

from interlock.evidence import WriterMode, open_log
from interlock.evidence.chain import GENESIS, record_hash
from interlock.evidence.export import export_parquet
from interlock.evidence.keys import SigningKey, TrustStore
from interlock.evidence.query import query_parquet
from interlock.evidence.record import RecordBuilder
from interlock.evidence.store import open_store
from interlock.evidence.verify import verify_chain

TOOLS = ["send_email", "read_inbox", "issue_refund", "search_kb", "post_slack"]
RULES = ["outbound.untrusted-destination", "refund.amount-cap", "grant.ungranted-tool"]


def events(n: int, seed: int = 7) -> list[dict[str, object]]:
    """A pool of guard-like events with realistic variety (ids, digests, labels)."""
    rnd = random.Random(seed)
    out = []
    t0 = time.time_ns()
    for i in range(n):
        effect = rnd.choice(["allow", "allow", "allow", "deny", "require_approval"])
        untrusted = rnd.random() < 0.3
        out.append(
            {
                "kind": "tool_call",
                "time_ns": t0 + i * 1000,
                "session": f"s-{rnd.randrange(5000):05d}",
                "agent": rnd.choice(["triage", "billing", "research"]),
                "user": f"u-{rnd.randrange(100000)}",
                "tool": rnd.choice(TOOLS),
                "effect": effect,
                "rule_ids": [rnd.choice(RULES)] if effect != "allow" else [],
                "reasons": ["destination came from untrusted content"] if effect == "deny" else [],
                "labels": {
                    "trust": "untrusted" if untrusted else "trusted",
                    "classification": rnd.choice(["public", "internal", "confidential"]),
                },
                "provenance": {"to": "untrusted" if untrusted else "trusted", "body": "model"},
                "bundle_digest": "sha256:" + "3f" * 32,
                "payload_digest": "sha256:" + rnd.randbytes(32).hex(),
            }
        )
    return out


def signed_append(
    directory: Path, pool: list[dict[str, object]], n: int, mode: WriterMode = WriterMode.THREAD
) -> float:
    cpu0, kids0 = time.process_time(), _children_cpu()
    log = open_log(
        directory / "evidence.db", system="bench", enforcement_point=f"ep-{mode}", writer=mode
    )
    m = len(pool)
    start = time.perf_counter()
    for i in range(n):
        log.emit(pool[i % m])
    log.flush()
    elapsed = time.perf_counter() - start
    log.close()
    # CPU time does not shrink when other tenants take the cores, so it shows what the
    # code costs apart from the machine's load. The child's start-up is subtracted.
    CPU[f"append-{mode}-parent"].append((time.process_time() - cpu0) / n * 1e6)
    if mode is WriterMode.PROCESS:
        kids = _children_cpu() - kids0 - _child_startup_cpu(directory)
        CPU[f"append-{mode}-child"].append(kids / n * 1e6)
    return n / elapsed


CPU: dict[str, list[float]] = defaultdict(list)
_STARTUP: list[float] = []


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _child_startup_cpu(directory: Path) -> float:
    """CPU of starting and stopping an idle writer process (measured once)."""
    if not _STARTUP:
        before = _children_cpu()
        open_log(
            directory / "idle.db",
            system="bench",
            enforcement_point="idle",
            writer=WriterMode.PROCESS,
        ).close()
        _STARTUP.append(_children_cpu() - before)
    return _STARTUP[0]


def naive_append(directory: Path, pool: list[dict[str, object]], n: int) -> float:
    """Sign every record: what a log without batched checkpoints pays."""
    key = SigningKey.generate()
    builder = RecordBuilder(system="bench", enforcement_point="ep-1")
    db = sqlite3.connect(directory / "naive.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(
        "CREATE TABLE records (seq INTEGER PRIMARY KEY, prev BLOB, hash BLOB, body BLOB,"
        " key_id TEXT, signature BLOB)"
    )
    m = len(pool)
    prev = GENESIS
    start = time.perf_counter()
    rows = []
    for i in range(n):
        body = builder.build(pool[i % m])
        assert isinstance(body, bytes)
        h = record_hash(i + 1, prev, body)
        rows.append((i + 1, prev, h, body, key.key_id, key.sign(h)))
        prev = h
        if len(rows) == 1000:
            db.execute("BEGIN")
            db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)", rows)
            db.execute("COMMIT")
            rows.clear()
    if rows:
        db.execute("BEGIN")
        db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return n / elapsed


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": time.strftime("%Y-%m-%d"),
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--records", type=int, default=200_000, help="records per append run")
    p.add_argument("--naive-records", type=int, default=30_000)
    p.add_argument("--big", type=int, default=1_000_000, help="records for verify/analytics")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--json", type=Path)
    args = p.parse_args()
    pool = events(10_000)
    results: dict[str, object] = {"machine": machine()}
    print("machine:", results["machine"], flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        appends, procs, naives = [], [], []
        for r in range(args.repeat):
            # Interleaved so all three see the same background load.
            d = root / f"a{r}"
            d.mkdir()
            appends.append(signed_append(d, pool, args.records))
            procs.append(signed_append(d, pool, args.records, WriterMode.PROCESS))
            naives.append(naive_append(d, pool, args.naive_records))
            print(
                f"  run {r + 1}: signed batched, thread {appends[-1]:,.0f}/s, "
                f"process {procs[-1]:,.0f}/s; naive per-record {naives[-1]:,.0f}/s",
                flush=True,
            )
        append_med, naive_med = statistics.median(appends), statistics.median(naives)
        proc_med = statistics.median(procs)
        results.update(append=appends, append_process=procs, naive=naives)

        big = root / "big"
        big.mkdir()
        big_rate = signed_append(big, pool, args.big, WriterMode.PROCESS)
        print(f"  {args.big:,} records appended at {big_rate:,.0f}/s", flush=True)
        trust = TrustStore.load(big / "keys" / "trust.json")
        store = open_store(big / "evidence.db", readonly=True)
        par, single = [], []
        for _ in range(max(3, args.repeat // 2)):
            cpu0, kids0 = time.process_time(), _children_cpu()
            rep = verify_chain(store, "ep-process", trust, workers=None)
            cpu = time.process_time() - cpu0 + _children_cpu() - kids0
            CPU["verify-parallel"].append(cpu / args.big * 1e6)
            assert not rep.problems and rep.records == args.big
            par.append(rep.records / rep.seconds)
        for _ in range(2):
            cpu0 = time.process_time()
            rep = verify_chain(store, "ep-process", trust, workers=0)
            CPU["verify-single"].append((time.process_time() - cpu0) / args.big * 1e6)
            single.append(rep.records / rep.seconds)
        results.update(verify_parallel=par, verify_single=single, big_append=big_rate)
        print(
            f"  verify: all cores {statistics.median(par):,.0f}/s, "
            f"one process {statistics.median(single):,.0f}/s",
            flush=True,
        )

        parquet = big / "evidence.parquet"
        t = time.perf_counter()
        export_parquet(store, parquet)
        export_s = time.perf_counter() - t
        store.close()
        sql = (
            "SELECT tool, effect, count(*) AS n, count(DISTINCT session) AS sessions "
            "FROM evidence GROUP BY tool, effect ORDER BY n DESC"
        )
        groups = []
        for _ in range(max(5, args.repeat)):
            t = time.perf_counter()
            res = query_parquet(parquet, sql)
            groups.append((time.perf_counter() - t) * 1000)
        assert sum(int(r[2]) for r in res.rows) == args.big
        results.update(
            export_seconds=export_s, group_by_ms=groups, parquet_mb=parquet.stat().st_size / 1e6
        )

    ratio = append_med / naive_med
    ratio_proc = proc_med / naive_med
    print()
    print("| measurement | median | target |")
    print("|---|---|---|")
    print(
        f"| signed append, writer thread ({args.records:,} records x {args.repeat}) "
        f"| {append_med:,.0f} records/s | >= 100,000 |"
    )
    print(
        f"| signed append, writer process ({args.records:,} records x {args.repeat}) "
        f"| {proc_med:,.0f} records/s | >= 100,000 |"
    )
    print(
        f"| naive baseline, Ed25519 per record ({args.naive_records:,} x {args.repeat}) "
        f"| {naive_med:,.0f} records/s | (~20,000) |"
    )
    print(f"| ratio batched / naive | thread {ratio:.1f}x, process {ratio_proc:.1f}x | |")
    print(
        f"| append of {args.big:,} records, writer process (one run) "
        f"| {big_rate:,.0f} records/s | |"
    )
    print(
        f"| verify {args.big:,} records, all cores | {statistics.median(par):,.0f} records/s "
        "| >= 400,000 |"
    )
    print(f"| verify, one process | {statistics.median(single):,.0f} records/s | |")
    print(f"| export {args.big:,} records to Parquet | {export_s:.1f} s | |")
    print(
        f"| DuckDB GROUP BY over the Parquet export | {statistics.median(groups):.0f} ms "
        "| < 200 ms |"
    )
    print()
    print("| CPU per record (median, microseconds) | value | rate if it had its cores |")
    print("|---|---|---|")
    med = {k: statistics.median(v) for k, v in CPU.items()}
    t = med["append-thread-parent"]
    print(f"| append, writer thread: one process | {t:.1f} | {1e6 / t:,.0f} records/s |")
    pp, pc = med["append-process-parent"], med["append-process-child"]
    print(
        f"| append, writer process: guard process / writer process | {pp:.1f} / {pc:.1f} "
        f"| {1e6 / max(pp, pc):,.0f} records/s (two cores) |"
    )
    vp, vs = med["verify-parallel"], med["verify-single"]
    print(f"| verify, one process | {vs:.2f} | {1e6 / vs:,.0f} records/s |")
    print(
        f"| verify, parent + {os.cpu_count()} workers (total) | {vp:.2f} "
        f"| {(os.cpu_count() or 1) * 1e6 / vp:,.0f} records/s (all cores) |"
    )
    results["cpu_us_per_record"] = CPU
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main()
