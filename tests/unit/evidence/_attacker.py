"""An attacker with write access to the database: reads and rewrites records below the log.

It knows the storage format (segments of newline-joined records with hash arrays) and
edits rows directly with the database driver, never through Interlock's store classes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from interlock.evidence.chain import record_hash
from interlock.evidence.store.postgres import split_location


@dataclass
class Rec:
    seq: int
    prev: bytes
    hash: bytes | None
    body: bytes


class Attacker:
    def __init__(self, location: str) -> None:
        if location.startswith("postgresql://"):
            import psycopg

            dsn, schema = split_location(location)
            self.conn: Any = psycopg.connect(dsn, autocommit=True)
            self.p = "%s"
            self.t = f"{schema}."
        else:
            self.conn = sqlite3.connect(location, isolation_level=None)
            self.p = "?"
            self.t = ""

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        cur = self.conn.execute(query.replace("?", self.p).replace("T.", self.t), params)
        try:
            return [tuple(r) for r in cur.fetchall()]
        except Exception:
            return []

    def records(self, ep: str = "ep-1") -> list[Rec]:
        out = []
        for first, count, prevs, hashes, body in self.sql(
            "SELECT first_seq, count, prevs, hashes, body FROM T.evidence_segments"
            " WHERE ep=? ORDER BY first_seq, id",
            (ep,),
        ):
            prevs, hashes, body = bytes(prevs), bytes(hashes), bytes(body)
            for i, line in enumerate(body.split(b"\n")):
                out.append(
                    Rec(first + i, prevs[32 * i : 32 * i + 32], hashes[32 * i : 32 * i + 32], line)
                )
            assert len(out) == first + count - 1
        return out

    def rewrite(self, recs: list[Rec], ep: str = "ep-1") -> None:
        """Replace every segment of `ep` with `recs`, one segment per run of consecutive seqs."""
        self.sql("DELETE FROM T.evidence_segments WHERE ep=?", (ep,))
        runs: list[list[Rec]] = []
        for r in recs:
            if runs and runs[-1][-1].seq + 1 == r.seq:
                runs[-1].append(r)
            else:
                runs.append([r])
        for run in runs:
            self.sql(
                "INSERT INTO T.evidence_segments (ep, first_seq, count, prevs, hashes, body)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    ep,
                    run[0].seq,
                    len(run),
                    b"".join(r.prev for r in run),
                    b"".join(r.hash or bytes(32) for r in run),
                    b"\n".join(r.body for r in run),
                ),
            )

    @staticmethod
    def rehash(rec: Rec) -> None:
        rec.hash = record_hash(rec.seq, rec.prev, rec.body)

    @staticmethod
    def rechain(recs: list[Rec], start: int = 0) -> None:
        """Recompute links and hashes from index `start` on (what a thorough attacker does)."""
        for i in range(start, len(recs)):
            if i:
                recs[i].prev = recs[i - 1].hash or bytes(32)
            Attacker.rehash(recs[i])

    def close(self) -> None:
        self.conn.close()
