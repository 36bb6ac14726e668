"""Events become version-1 records in the JCS-safe domain, or are refused naming the field."""

from __future__ import annotations

import hashlib

import orjson
import pytest
import rfc8785

from interlock.errors import EvidenceError
from interlock.evidence.record import (
    FIELDS,
    MAX_RECORD_BYTES,
    Draft,
    PayloadPolicy,
    RecordBuilder,
    finish,
)
from tests.unit.evidence.conftest import event


@pytest.fixture
def builder() -> RecordBuilder:
    return RecordBuilder(system="support-desk", enforcement_point="ep-1")


class TestRecordBuilder:
    def test_record_has_every_field_and_is_canonical(self, builder: RecordBuilder) -> None:
        body = builder.build(event(1))
        assert isinstance(body, bytes)
        content = orjson.loads(body)
        assert set(content) == set(FIELDS)
        assert content["v"] == 1
        assert content["system"] == "support-desk"
        assert content["ep"] == "ep-1"
        assert content["time_us"] == 1_795_000_000_000_001
        assert body == rfc8785.dumps(content)

    def test_unsorted_nested_maps_are_sorted(self, builder: RecordBuilder) -> None:
        body = builder.build(event(0, labels={"trust": "trusted", "classification": "public"}))
        assert isinstance(body, bytes)
        assert b'{"classification":"public","trust":"trusted"}' in body

    def test_astral_keys_still_match_the_oracle(self, builder: RecordBuilder) -> None:
        body = builder.build(event(0, provenance={"\ue000": "model", "\U0001f600": "untrusted"}))
        assert isinstance(body, bytes)
        assert body == rfc8785.dumps(orjson.loads(body))

    @pytest.mark.parametrize(
        ("over", "field"),
        [
            ({"kind": ""}, "kind"),
            ({"time_ns": -1}, "time_ns"),
            ({"time_us": 2**60}, "time_us"),
            ({"session": 3}, "session"),
            ({"effect": "maybe"}, "effect"),
            ({"rule_ids": ["ok", 1]}, "rule_ids"),
            ({"rule_ids": "r1"}, "rule_ids"),
            ({"labels": {"trust": 1}}, "labels.trust"),
            ({"provenance": ["to"]}, "provenance"),
            ({"detail": {"score": 0.5}}, "detail.score"),
            ({"detail": {"n": 2**53}}, "detail.n"),
            ({"detail": {"when": object()}}, "detail.when"),
            ({"detail": "x"}, "detail"),
            ({"system": "other"}, "system"),
            ({"surprise": 1}, "surprise"),
        ],
    )
    def test_bad_events_are_refused_naming_the_field(
        self, builder: RecordBuilder, over: dict[str, object], field: str
    ) -> None:
        with pytest.raises(EvidenceError, match=f"field {field}"):
            builder.build(event(0, **over))

    def test_non_mapping_is_refused(self, builder: RecordBuilder) -> None:
        with pytest.raises(EvidenceError, match="mapping"):
            builder.build(["kind"])  # type: ignore[arg-type]

    def test_oversized_record_is_refused(self, builder: RecordBuilder) -> None:
        with pytest.raises(EvidenceError, match="byte limit"):
            builder.build(event(0, reasons=["x" * MAX_RECORD_BYTES]))

    def test_missing_time_uses_the_clock(self, builder: RecordBuilder) -> None:
        ev = event(0)
        del ev["time_ns"]
        body = builder.build(ev)
        assert isinstance(body, bytes)
        assert orjson.loads(body)["time_us"] > 1_700_000_000_000_000


class TestPayloads:
    def test_payload_is_digested_and_redacted_by_default(self, builder: RecordBuilder) -> None:
        draft = builder.build(event(0, payload={"body": "secret"}))
        assert isinstance(draft, Draft)
        content = orjson.loads(finish(draft))
        assert content["payload"] is None
        assert content["redacted"] == ["payload"]
        expected = hashlib.sha256(rfc8785.dumps({"body": "secret"})).hexdigest()
        assert content["payload_digest"] == "sha256:" + expected

    def test_payload_is_kept_for_listed_classifications(self) -> None:
        b = RecordBuilder(
            system="s", enforcement_point="e", payloads=PayloadPolicy.keep({"internal"})
        )
        draft = b.build(event(0, payload={"body": "hello"}))
        assert isinstance(draft, Draft)
        content = orjson.loads(finish(draft))
        assert content["payload"] == {"body": "hello"}
        assert content["redacted"] == []

    def test_payload_and_digest_together_are_refused(self, builder: RecordBuilder) -> None:
        with pytest.raises(EvidenceError, match="payload_digest"):
            builder.build(event(0, payload="x", payload_digest="sha256:00"))

    def test_empty_system_is_refused(self) -> None:
        with pytest.raises(EvidenceError):
            RecordBuilder(system="", enforcement_point="e")
