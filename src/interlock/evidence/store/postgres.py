"""The shared store: the same logical schema in PostgreSQL (psycopg 3), for a control plane.

`location` is a libpq URL (`postgresql://user@host/db`); an extra `schema=NAME` query
parameter puts the tables in that schema (created if missing), which is how tests and
multi-tenant deployments keep logs apart. psycopg is an optional dependency
(`pip install 'interlock[postgres]'`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from interlock.errors import EvidenceError
from interlock.evidence.checkpoint import Checkpoint
from interlock.evidence.store.interface import Head, Segment, Store
from interlock.evidence.store.sqlite import SCHEMA_VERSION, checkpoint_from_row

_SCHEMA = """
CREATE TABLE IF NOT EXISTS {s}.evidence_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {s}.evidence_segments (
    id BIGSERIAL PRIMARY KEY,
    ep TEXT NOT NULL,
    first_seq BIGINT NOT NULL,
    count BIGINT NOT NULL,
    prevs BYTEA,
    hashes BYTEA,
    body BYTEA
);
CREATE INDEX IF NOT EXISTS evidence_segments_ep_seq ON {s}.evidence_segments (ep, first_seq);
CREATE TABLE IF NOT EXISTS {s}.evidence_checkpoints (
    id BIGSERIAL PRIMARY KEY,
    system TEXT NOT NULL,
    ep TEXT NOT NULL,
    tree_size BIGINT NOT NULL,
    root BYTEA,
    prev BYTEA,
    time_us BIGINT NOT NULL,
    key_id TEXT NOT NULL,
    signature BYTEA,
    frontier BYTEA
);
CREATE INDEX IF NOT EXISTS evidence_checkpoints_ep_size
    ON {s}.evidence_checkpoints (ep, tree_size);
"""
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def split_location(location: str) -> tuple[str, str]:
    """Split a URL into (libpq URL, schema); raises `EvidenceError` for a bad schema name."""
    parts = urlsplit(location)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = "public"
    rest = []
    for key, value in query:
        if key == "schema":
            schema = value
        else:
            rest.append((key, value))
    if not _IDENT.match(schema):
        raise EvidenceError(f"{location}: schema must be a plain SQL identifier, not {schema!r}")
    return urlunsplit(parts._replace(query=urlencode(rest))), schema


class PostgresStore(Store):
    """Evidence in PostgreSQL tables `evidence_segments` and `evidence_checkpoints`."""

    def __init__(self, location: str, *, readonly: bool = False) -> None:
        """Connect and (unless `readonly`) create the schema.

        Raises `EvidenceError` if psycopg is missing, the server does not answer, or the
        schema version is not supported.
        """
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise EvidenceError(
                "PostgreSQL evidence stores need psycopg: pip install 'interlock[postgres]'"
            ) from exc
        self._psycopg = psycopg
        self.location = location
        dsn, self.schema = split_location(location)
        s = self.schema
        try:
            self._db: Any = psycopg.connect(dsn, autocommit=True, connect_timeout=5)
            if readonly:
                self._db.execute("SET default_transaction_read_only = on")
            else:
                with self._db.transaction():
                    self._db.execute(f"CREATE SCHEMA IF NOT EXISTS {s}")
                    self._db.execute(_SCHEMA.format(s=s))
                    self._db.execute(
                        f"INSERT INTO {s}.evidence_meta VALUES ('schema_version', %s)"  # noqa: S608 - identifier validated by _IDENT
                        " ON CONFLICT DO NOTHING",
                        (SCHEMA_VERSION,),
                    )
            row = self._db.execute(
                f"SELECT value FROM {s}.evidence_meta WHERE key='schema_version'"  # noqa: S608 - identifier validated by _IDENT
            ).fetchone()
        except psycopg.Error as exc:
            raise EvidenceError(f"{dsn}: cannot open evidence store: {exc}".strip()) from exc
        if row is None or row[0] != SCHEMA_VERSION:
            raise EvidenceError(f"{dsn}: unsupported evidence schema version {row and row[0]!r}")

    def _fail(self, exc: Exception) -> EvidenceError:
        return EvidenceError(f"{self.location}: evidence store error: {exc}")

    def append(
        self, segment: Segment, checkpoint: Checkpoint, frontier: bytes, durable: bool
    ) -> None:
        """Write a segment and its checkpoint in one transaction (always fsynced by the server)."""
        # PostgreSQL commits are durable at synchronous_commit=on (the default), so
        # `durable` needs nothing extra here.
        s, c = self.schema, checkpoint
        try:
            with self._db.transaction():
                self._db.execute(
                    f"INSERT INTO {s}.evidence_segments (ep, first_seq, count, prevs, hashes, body)"  # noqa: S608 - identifier validated by _IDENT
                    " VALUES (%s, %s, %s, %s, %s, %s)",
                    (
                        segment.ep,
                        segment.first_seq,
                        segment.count,
                        segment.prevs,
                        segment.hashes,
                        segment.body,
                    ),
                )
                self._db.execute(
                    f"INSERT INTO {s}.evidence_checkpoints (system, ep, tree_size, root, prev,"  # noqa: S608 - identifier validated by _IDENT
                    " time_us, key_id, signature, frontier)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        c.system,
                        c.ep,
                        c.tree_size,
                        c.root,
                        c.prev,
                        c.time_us,
                        c.key_id,
                        c.signature,
                        frontier,
                    ),
                )
        except self._psycopg.Error as exc:
            raise self._fail(exc) from exc

    def sync(self) -> None:
        """Nothing to do: every PostgreSQL commit is already durable (synchronous_commit)."""

    def head(self, ep: str) -> Head | None:
        """The end of chain `ep` from its last segment and last checkpoint."""
        s = self.schema
        try:
            seg = self._db.execute(
                f"SELECT first_seq, count, hashes FROM {s}.evidence_segments WHERE ep=%s"  # noqa: S608 - identifier validated by _IDENT
                " ORDER BY first_seq DESC, id DESC LIMIT 1",
                (ep,),
            ).fetchone()
            cp = self._db.execute(
                "SELECT system, ep, tree_size, root, prev, time_us, key_id, signature, frontier"  # noqa: S608 - identifier validated by _IDENT
                f" FROM {s}.evidence_checkpoints WHERE ep=%s"
                " ORDER BY tree_size DESC, id DESC LIMIT 1",
                (ep,),
            ).fetchone()
        except self._psycopg.Error as exc:
            raise self._fail(exc) from exc
        if seg is None:
            return None
        hashes = bytes(seg[2] or b"")
        return Head(
            next_seq=int(seg[0]) + int(seg[1]),
            last_hash=hashes[-32:],
            checkpoint=checkpoint_from_row(tuple(cp[:8])) if cp else None,
            frontier=bytes(cp[8] or b"") if cp else b"",
        )

    def segments(self, ep: str, offset: int = 0, limit: int | None = None) -> Iterator[Segment]:
        """Segments of `ep` in sequence order, skipping `offset`, at most `limit` (streamed)."""
        s = self.schema
        try:
            with self._db.cursor() as cur:
                cur.execute(
                    f"SELECT first_seq, count, prevs, hashes, body FROM {s}.evidence_segments"  # noqa: S608 - identifier validated by _IDENT
                    " WHERE ep=%s ORDER BY first_seq, id LIMIT %s OFFSET %s",
                    (ep, limit, offset),
                )
                for first, count, prevs, hashes, body in cur:
                    yield Segment(
                        ep,
                        int(first),
                        int(count),
                        None if prevs is None else bytes(prevs),
                        None if hashes is None else bytes(hashes),
                        None if body is None else bytes(body),
                    )
        except self._psycopg.Error as exc:
            raise self._fail(exc) from exc

    def segment_index(self, ep: str) -> list[tuple[int, int, int]]:
        """(first_seq, count, body length) per segment, without reading blobs."""
        try:
            rows = self._db.execute(
                "SELECT first_seq, count, coalesce(octet_length(body), 0)"  # noqa: S608 - identifier validated by _IDENT
                f" FROM {self.schema}.evidence_segments WHERE ep=%s ORDER BY first_seq, id",
                (ep,),
            ).fetchall()
        except self._psycopg.Error as exc:
            raise self._fail(exc) from exc
        return [(int(a), int(b), int(c)) for a, b, c in rows]

    def checkpoints(self, ep: str) -> list[Checkpoint]:
        """All checkpoints of `ep` by tree size."""
        try:
            rows = self._db.execute(
                "SELECT system, ep, tree_size, root, prev, time_us, key_id, signature"  # noqa: S608 - identifier validated by _IDENT
                f" FROM {self.schema}.evidence_checkpoints WHERE ep=%s ORDER BY tree_size, id",
                (ep,),
            ).fetchall()
        except self._psycopg.Error as exc:
            raise self._fail(exc) from exc
        return [checkpoint_from_row(tuple(r)) for r in rows]

    def enforcement_points(self) -> list[str]:
        """Every chain id present."""
        s = self.schema
        try:
            rows = self._db.execute(
                f"SELECT ep FROM {s}.evidence_segments"  # noqa: S608 - identifier validated by _IDENT
                f" UNION SELECT ep FROM {s}.evidence_checkpoints"
            ).fetchall()
        except self._psycopg.Error as exc:
            raise self._fail(exc) from exc
        return sorted(str(r[0]) for r in rows)

    def lock_writer(self, ep: str) -> None:
        """Hold a session advisory lock on (schema, chain) until the connection closes."""
        try:
            row = self._db.execute(
                "SELECT pg_try_advisory_lock(hashtextextended(%s, 0))",
                (f"interlock-evidence/{self.schema}/{ep}",),
            ).fetchone()
        except self._psycopg.Error as exc:
            raise self._fail(exc) from exc
        if not row or not row[0]:
            raise EvidenceError(
                f"{self.location}: another writer is appending to chain {ep!r} (advisory lock held)"
            )

    def close(self) -> None:
        """Close the connection, which releases its advisory locks (idempotent)."""
        self._db.close()
