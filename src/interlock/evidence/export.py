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
from interlock.evidence.query import COLUMNS, iter_records
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
    n = 0
    dumps = orjson.dumps
    try:
        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            # Column-wise lists built straight from the parsed content: the typed row of
            # the SQLite view would encode lists as JSON only for us to decode them again.
            cols: dict[str, list[Any]] = {name: [] for name in names}
            (
                seq,
                ep_,
                system,
                time_,
                time_us,
                kind,
                session,
                agent,
                user,
                tool,
                source,
                effect,
                rule_ids,
                reasons,
                trust,
                classification,
                provenance,
                untrusted,
                approver,
                bundle,
                payload_digest,
                redacted,
                detail,
                hash_,
            ) = (cols[name].append for name in names)

            def flush() -> None:
                if cols["seq"]:
                    writer.write_table(pa.table(cols, schema=schema))
                    for values in cols.values():
                        values.clear()

            for rec in iter_records(store, ep):
                c = rec.content
                labels = c.get("labels") or {}
                prov = c.get("provenance") or {}
                det = c.get("detail") or {}
                t = c.get("time_us") or 0
                seq(rec.seq)
                ep_(rec.ep)
                system(c.get("system"))
                time_(t)
                time_us(t)
                kind(c.get("kind"))
                session(c.get("session"))
                agent(c.get("agent"))
                user(c.get("user"))
                tool(c.get("tool"))
                source(c.get("source"))
                effect(c.get("effect"))
                rule_ids(c.get("rule_ids") or [])
                reasons(c.get("reasons") or [])
                trust(labels.get("trust"))
                classification(labels.get("classification"))
                provenance(dumps(prov, option=orjson.OPT_SORT_KEYS).decode())
                untrusted("untrusted" in prov.values())
                a = det.get("approver") if isinstance(det, dict) else None
                approver(a if isinstance(a, str) else None)
                bundle(c.get("bundle_digest"))
                payload_digest(c.get("payload_digest"))
                redacted(c.get("redacted") or [])
                detail(dumps(det, option=orjson.OPT_SORT_KEYS).decode())
                hash_(rec.hash.hex())
                n += 1
                if n % ROW_GROUP == 0:
                    flush()
            flush()
    except (OSError, pa.ArrowException) as exc:
        raise EvidenceError(f"{path}: cannot write Parquet: {exc}") from exc
    return n
