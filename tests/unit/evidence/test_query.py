"""The typed `evidence` view, its read-only guard, and the JSONL / Parquet exports."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest

from interlock.errors import EvidenceError
from interlock.evidence.chain import GENESIS, record_hash
from interlock.evidence.export import export_jsonl, export_parquet
from interlock.evidence.log import EvidenceLog
from interlock.evidence.query import COLUMN_NAMES, iso_time, query, query_parquet
from interlock.evidence.store import Store, open_store
from tests.unit.evidence.conftest import event

MakeLog = Callable[..., EvidenceLog]


@pytest.fixture
def store(make_log: MakeLog, location: str) -> Iterator[Store]:
    log = make_log()
    for i in range(60):
        log.emit(event(i))
    log.emit(
        {
            "kind": "approval",
            "session": "s-1",
            "effect": "allow",
            "detail": {"approver": "dana@example.com", "approval_id": "a-1"},
        }
    )
    log.close()
    st = open_store(location, readonly=True)
    yield st
    st.close()


class TestQuery:
    def test_view_has_typed_columns(self, store: Store) -> None:
        result = query(store, "SELECT * FROM evidence WHERE seq = 1")
        assert result.columns == COLUMN_NAMES
        row = dict(zip(result.columns, result.rows[0], strict=True))
        assert row["seq"] == 1 and isinstance(row["time_us"], int)
        assert row["time"] == iso_time(row["time_us"]) == "2026-11-18T11:06:40.000000Z"
        assert row["trust"] == "untrusted" and row["untrusted_args"] == 1
        assert orjson.loads(row["rule_ids"]) == []
        assert len(row["hash"]) == 64

    def test_group_by_and_json_functions(self, store: Store) -> None:
        result = query(
            store,
            "SELECT tool, count(*) FROM evidence WHERE effect='deny' GROUP BY tool ORDER BY tool",
        )
        assert result.rows == [("issue_refund", 10), ("read_inbox", 10), ("send_email", 10)]
        denied_by_rule = query(
            store,
            "SELECT j.value, count(*) FROM evidence, json_each(evidence.rule_ids) j GROUP BY 1",
        )
        assert denied_by_rule.rows == [("outbound.untrusted-destination", 30)]
        approvals = query(store, "SELECT approver FROM evidence WHERE kind='approval'")
        assert approvals.rows == [("dana@example.com",)]

    @pytest.mark.parametrize(
        "sql",
        [
            "DELETE FROM evidence_rows",
            "INSERT INTO evidence_rows (seq) VALUES (1)",
            "ATTACH DATABASE '/tmp/x.db' AS x",
            "PRAGMA query_only = 0",
            "CREATE TABLE t (x)",
        ],
    )
    def test_only_reads_are_allowed(self, store: Store, sql: str) -> None:
        with pytest.raises(EvidenceError, match="not authorized"):
            query(store, sql)

    def test_bad_sql_is_a_located_error(self, store: Store) -> None:
        with pytest.raises(EvidenceError, match="no such column"):
            query(store, "SELECT nope FROM evidence")


class TestExport:
    def test_jsonl_lines_re_verify_from_the_export_alone(self, store: Store) -> None:
        out = io.BytesIO()
        assert export_jsonl(store, out) == 61
        prev = GENESIS
        for line in out.getvalue().splitlines():
            item = orjson.loads(line)
            raw = orjson.dumps(item["record"], option=orjson.OPT_SORT_KEYS)
            assert bytes.fromhex(item["prev"]) == prev
            prev = record_hash(item["seq"], prev, raw)
            assert prev.hex() == item["hash"]

    def test_parquet_round_trips_through_duckdb(self, store: Store, tmp_path: Path) -> None:
        path = tmp_path / "e.parquet"
        assert export_parquet(store, path) == 61
        result = query_parquet(
            path,
            "SELECT effect, count(*) AS n FROM evidence WHERE effect IS NOT NULL "
            "GROUP BY effect ORDER BY effect",
        )
        assert result.rows == [("allow", 31), ("deny", 30)]
        typed = query_parquet(path, "SELECT typeof(time), typeof(rule_ids) FROM evidence LIMIT 1")
        assert typed.rows == [("TIMESTAMP WITH TIME ZONE", "VARCHAR[]")]

    def test_parquet_columns_match_the_sqlite_view(self, store: Store, tmp_path: Path) -> None:
        path = tmp_path / "e.parquet"
        export_parquet(store, path)
        view = query(store, "SELECT * FROM evidence ORDER BY seq")
        pq = query_parquet(path, "SELECT * FROM evidence ORDER BY seq")
        assert pq.columns == view.columns == COLUMN_NAMES
        for a, b in zip(view.rows, pq.rows, strict=True):
            for name, x, y in zip(COLUMN_NAMES, a, b, strict=True):
                if name == "time":
                    assert y.strftime("%Y-%m-%dT%H:%M:%S.%fZ") == x
                elif name in ("rule_ids", "reasons", "redacted"):
                    assert orjson.loads(x) == y
                elif name == "untrusted_args":
                    assert bool(x) is y
                else:
                    assert x == y, name

    def test_parquet_query_of_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(EvidenceError, match="no such Parquet file"):
            query_parquet(tmp_path / "none.parquet", "SELECT 1")
