"""Events become version-1 records in the JCS-safe domain, or are refused naming the field."""

from __future__ import annotations

import hashlib

import orjson
import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

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


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
keys = st.one_of(text, st.sampled_from(["to", "é", "\ue000", "\U0001f600", "a.b"]))
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**53) - 2, 2**53 + 2), text, st.floats()),
    lambda c: st.one_of(st.lists(c, max_size=3), st.dictionaries(keys, c, max_size=3)),
    max_leaves=10,
)
optional_str = st.one_of(st.none(), text, st.integers(0, 3))
guard_events = st.fixed_dictionaries(
    {"kind": st.one_of(st.just("tool_call"), text)},
    optional={
        "time_ns": st.integers(-1, 2**63),
        "time_us": st.integers(-1, 2**54),
        "system": st.sampled_from(["support-desk", "other"]),
        "session": optional_str,
        "agent": optional_str,
        "tool": optional_str,
        "effect": st.sampled_from(["allow", "deny", "require_approval", "maybe", None]),
        "rule_ids": st.one_of(st.lists(text, max_size=3), st.lists(st.integers(), max_size=2)),
        "reasons": st.lists(text, max_size=2),
        "labels": st.dictionaries(keys, st.one_of(text, st.integers()), max_size=3),
        "provenance": st.dictionaries(keys, text, max_size=3),
        "bundle_digest": optional_str,
        "detail": st.dictionaries(keys, json_values, max_size=3),
        "ep": text,
        "surprise": st.integers(),
    },
)


class TestFastPath:
    @settings(max_examples=400, deadline=None)
    @given(guard_events)
    def test_fast_path_gives_the_checked_path_bytes(self, ev: dict[str, object]) -> None:
        b = RecordBuilder(system="support-desk", enforcement_point="ep-1")
        if "time_ns" not in ev and "time_us" not in ev:
            ev["time_us"] = 5  # the clock would differ between the two calls
        try:
            slow: bytes | Draft | None = b._build_checked(ev)
        except EvidenceError:
            slow = None
        try:
            fast: bytes | Draft | None = b.build(ev)
        except EvidenceError:
            fast = None
        assert fast == slow
        if isinstance(slow, bytes):
            assert slow == rfc8785.dumps(orjson.loads(slow))

    def test_plain_guard_events_take_the_fast_path(self, monkeypatch: pytest.MonkeyPatch) -> None:
        b = RecordBuilder(system="support-desk", enforcement_point="ep-1")
        expected = b._build_checked(event(1))

        def not_called(ev: object) -> bytes:
            raise AssertionError("slow path taken")

        monkeypatch.setattr(b, "_build_checked", not_called)
        assert b.build(event(1)) == expected
