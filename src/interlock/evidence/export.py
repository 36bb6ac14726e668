"""Export evidence as JSON Lines (exact, re-verifiable) or Parquet (typed, for analytics).

A JSONL line is `{"ep", "seq", "prev", "hash", "record"}` where `record` embeds the stored
canonical bytes unchanged, so anyone can recompute each hash from the export alone.
Parquet carries the typed columns of the query view (`query.COLUMNS`), written in row
groups so memory stays bounded on large logs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

import orjson

from interlock.errors import EvidenceError
from interlock.evidence.query import COLUMNS, iter_records, row_of
from interlock.evidence.store.interface import Store

ROW_GROUP = 100_000


def export_jsonl(store: Store, out: BinaryIO, *, ep: str | None = None) -> int:
    """Write every record as one JSON line to `out`; return the number written.

    Raises `EvidenceError` if the store cannot be read.
    """
    n = 0
    for rec in iter_records(store, ep):
        line = {
            "ep": rec.ep,
            "seq": rec.seq,
            "prev": rec.prev.hex(),
            "hash": rec.hash.hex(),
            # Fragment embeds the stored canonical bytes verbatim (no re-encoding).
            "record": orjson.Fragment(rec.raw),
        }
        out.write(orjson.dumps(line) + b"\n")
        n += 1
    return n


def _schema() -> Any:
    import pyarrow as pa

    types = {
        "int64": pa.int64(),
        "string": pa.string(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "list": pa.list_(pa.string()),
        "json": pa.string(),
        "bool": pa.bool_(),
    }
    return pa.schema([(name, types[ptype]) for name, _, ptype, _ in COLUMNS])


def export_parquet(store: Store, path: Path, *, ep: str | None = None) -> int:
    """Write every record to a Parquet file at `path`; return the number written.

    Raises `EvidenceError` if pyarrow is missing or the file cannot be written.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise EvidenceError(
            "Parquet export needs pyarrow: pip install 'interlock[analytics]'"
        ) from exc
    schema = _schema()
    names = [c[0] for c in COLUMNS]
    kinds = [c[2] for c in COLUMNS]
    n = 0
    try:
        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            columns: list[list[Any]] = [[] for _ in names]

            def flush() -> None:
                if columns[0]:
                    writer.write_table(pa.table(columns, schema=schema))
                    for c in columns:
                        c.clear()

            for rec in iter_records(store, ep):
                row = row_of(rec.seq, rec.ep, rec.hash, rec.content)
                for i, value in enumerate(row):
                    kind = kinds[i]
                    if kind == "timestamp":
                        value = rec.content.get("time_us")
                    elif kind == "list":
                        value = orjson.loads(value)  # type: ignore[arg-type]
                    elif kind == "bool":
                        value = bool(value)
                    columns[i].append(value)
                n += 1
                if len(columns[0]) >= ROW_GROUP:
                    flush()
            flush()
    except (OSError, pa.ArrowException) as exc:
        raise EvidenceError(f"{path}: cannot write Parquet: {exc}") from exc
    return n
