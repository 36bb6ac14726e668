"""SQL over evidence: a read-only `evidence` view with typed columns.

`query` loads the records of a store into an in-memory SQLite database and runs one
SELECT against the `evidence` view there; an authorizer allows reading and nothing else, so
a query can never write to, attach or configure anything. For large volumes, export to
Parquet and use `query_parquet` (DuckDB), which exposes the same columns. Queries read what
is stored; run `verify` to know it is untampered.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from interlock.errors import EvidenceError
from interlock.evidence.chain import HASH_SIZE
from interlock.evidence.store.interface import Store

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# (name, SQLite type, Parquet type, description)
COLUMNS: list[tuple[str, str, str, str]] = [
    ("seq", "INTEGER", "int64", "sequence number within the enforcement point's chain"),
    ("ep", "TEXT", "string", "enforcement point id"),
    ("system", "TEXT", "string", "system id from the manifest"),
    ("time", "TEXT", "timestamp", "UTC time, ISO 8601 with microseconds"),
    ("time_us", "INTEGER", "int64", "microseconds since 1970-01-01 UTC"),
    ("kind", "TEXT", "string", "session_start, observe, tool_call, response, approval, ..."),
    ("session", "TEXT", "string", "session id"),
    ("agent", "TEXT", "string", "agent id"),
    ("user", "TEXT", "string", "principal id"),
    ("tool", "TEXT", "string", "tool id"),
    ("source", "TEXT", "string", "data source id"),
    ("effect", "TEXT", "string", "allow, deny, require_approval, or NULL"),
    ("rule_ids", "TEXT", "list", "JSON array of the deciding rule ids"),
    ("reasons", "TEXT", "list", "JSON array of human-readable reasons"),
    ("trust", "TEXT", "string", "session trust label after the event"),
    ("classification", "TEXT", "string", "session classification label after the event"),
    ("provenance", "TEXT", "json", "JSON object: argument path -> trusted/untrusted/model"),
    ("untrusted_args", "INTEGER", "bool", "1 if any argument came from untrusted input"),
    ("approver", "TEXT", "string", "detail.approver, for approval events"),
    ("bundle_digest", "TEXT", "string", "policy bundle the decision was made under"),
    ("payload_digest", "TEXT", "string", "sha256 of the canonical payload"),
    ("redacted", "TEXT", "list", "JSON array of fields withheld by classification"),
    ("detail", "TEXT", "json", "JSON object of kind-specific extras"),
    ("hash", "TEXT", "string", "record hash (hex)"),
]
COLUMN_NAMES = [c[0] for c in COLUMNS]


def iso_time(time_us: int) -> str:
    """Microseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (sorts as text)."""
    return (_EPOCH + timedelta(microseconds=time_us)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json(value: object) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def row_of(seq: int, ep: str, record_hash: bytes, content: dict[str, Any]) -> tuple[object, ...]:
    """The typed view row (in `COLUMN_NAMES` order) of one record."""
    labels = content.get("labels") or {}
    provenance = content.get("provenance") or {}
    detail = content.get("detail") or {}
    approver = detail.get("approver") if isinstance(detail, dict) else None
    time_us = int(content.get("time_us") or 0)
    return (
        seq,
        ep,
        content.get("system"),
        iso_time(time_us),
        time_us,
        content.get("kind"),
        content.get("session"),
        content.get("agent"),
        content.get("user"),
        content.get("tool"),
        content.get("source"),
        content.get("effect"),
        _json(content.get("rule_ids") or []),
        _json(content.get("reasons") or []),
        labels.get("trust"),
        labels.get("classification"),
        _json(provenance),
        int("untrusted" in provenance.values()),
        approver if isinstance(approver, str) else None,
        content.get("bundle_digest"),
        content.get("payload_digest"),
        _json(content.get("redacted") or []),
        _json(detail),
        record_hash.hex(),
    )


@dataclass(frozen=True)
class StoredRecord:
    """One record as read back: envelope and parsed content (plus its exact bytes)."""

    seq: int
    ep: str
    prev: bytes
    hash: bytes
    raw: bytes
    content: dict[str, Any]


def iter_records(store: Store, ep: str | None = None) -> Iterator[StoredRecord]:
    """Every record of `store` (or of chain `ep`), chain by chain in sequence order.

    Raises `EvidenceError` if a stored record is not valid JSON.
    """
    for chain in [ep] if ep is not None else store.enforcement_points():
        for seg in store.segments(chain):
            hashes = seg.hashes or b""
            prevs = seg.prevs or b""
            for i, raw in enumerate(seg.contents()):
                seq = seg.first_seq + i
                try:
                    content = orjson.loads(raw)
                except orjson.JSONDecodeError as exc:
                    raise EvidenceError(
                        f"chain {chain} record {seq}: not valid JSON ({exc}); run verify"
                    ) from exc
                if not isinstance(content, dict):
                    raise EvidenceError(f"chain {chain} record {seq}: not a JSON object")
                yield StoredRecord(
                    seq,
                    chain,
                    prevs[i * HASH_SIZE : (i + 1) * HASH_SIZE],
                    hashes[i * HASH_SIZE : (i + 1) * HASH_SIZE],
                    raw,
                    content,
                )


_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION}
_ALLOWED.add(getattr(sqlite3, "SQLITE_RECURSIVE", 33))


def _authorize(action: int, arg1: str | None, *_: object) -> int:
    # Read-only by construction: the query may select and call functions, nothing else.
    # SQLite reports an UPDATE of sqlite_master while it sets up table-valued functions
    # such as json_each; query_only (set in load_view) still forbids any real write.
    if action in _ALLOWED or (action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master"):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of a query."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


def load_view(store: Store, ep: str | None = None) -> sqlite3.Connection:
    """An in-memory SQLite database with the `evidence` view over `store`'s records."""
    db = sqlite3.connect(":memory:")
    cols = ", ".join(f'"{name}" {sqltype}' for name, sqltype, _, _ in COLUMNS)
    db.execute(f"CREATE TABLE evidence_rows ({cols})")
    placeholders = ", ".join("?" for _ in COLUMNS)
    insert = f"INSERT INTO evidence_rows VALUES ({placeholders})"  # noqa: S608 - fixed column list
    batch: list[tuple[object, ...]] = []
    for rec in iter_records(store, ep):
        batch.append(row_of(rec.seq, rec.ep, rec.hash, rec.content))
        if len(batch) >= 10_000:
            db.executemany(insert, batch)
            batch.clear()
    db.executemany(insert, batch)
    db.execute("CREATE VIEW evidence AS SELECT * FROM evidence_rows")
    db.commit()
    db.execute("PRAGMA query_only = ON")
    db.set_authorizer(_authorize)
    return db


def query(store: Store, sql: str, *, ep: str | None = None) -> QueryResult:
    """Run one read-only SELECT over the `evidence` view of `store`.

    Raises `EvidenceError` for SQL errors, writes, or more than one statement.
    """
    db = load_view(store, ep)
    try:
        cur = db.execute(sql)
        columns = [d[0] for d in cur.description or []]
        return QueryResult(columns, cur.fetchall())
    except (sqlite3.Error, sqlite3.Warning) as exc:
        raise EvidenceError(f"query failed: {exc}") from exc
    finally:
        db.close()


def query_parquet(path: Path, sql: str) -> QueryResult:
    """Run `sql` with DuckDB over a Parquet export exposed as the `evidence` view.

    Raises `EvidenceError` if DuckDB is missing, the file is absent or the query fails.
    """
    try:
        import duckdb
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise EvidenceError(
            "Parquet queries need DuckDB: pip install 'interlock[analytics]'"
        ) from exc
    if not path.exists():
        raise EvidenceError(f"{path}: no such Parquet file")
    db = duckdb.connect(":memory:")
    try:
        escaped = str(path).replace("'", "''")
        db.execute(f"CREATE VIEW evidence AS SELECT * FROM read_parquet('{escaped}')")  # noqa: S608 - quoted path
        cur = db.execute(sql)
        columns = [d[0] for d in cur.description or []]
        return QueryResult(columns, cur.fetchall())
    except duckdb.Error as exc:
        raise EvidenceError(f"query failed: {exc}") from exc
    finally:
        db.close()
