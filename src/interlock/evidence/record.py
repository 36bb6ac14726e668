"""The evidence record schema (version 1) and the JCS-safe value domain it enforces.

A record's *content* is a flat JSON object with the fields in `FIELDS`; its envelope
(sequence number, previous hash, own hash) lives beside it and is bound into the hash by
`interlock.evidence.chain`. Every value must be in the JCS-safe domain: str, bool, None,
int with |i| <= 2**53 - 1, and lists / str-keyed dicts of those. Floats are refused, not
rounded: a float's canonical form depends on the encoder, and evidence must hash the same
everywhere. Events are checked here on the caller's thread so a bad event fails loudly at
`emit`, not later on the writer. Plain events are validated and encoded by msgspec (in C);
anything else takes the Python path, which yields the same bytes and names bad fields.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, UnsetType

from interlock.errors import EvidenceError
from interlock.evidence import canonical

RECORD_VERSION = 1
MAX_RECORD_BYTES = 256 * 1024
"""Canonical size limit of one record; larger payloads belong outside the log (digest them)."""
MAX_DEPTH = 16

KNOWN_KINDS = frozenset(
    {
        "session_start",
        "observe",
        "tool_call",
        "response",
        "approval",
        "session_end",
        "breaker",
        "evidence_overflow",
    }
)
EFFECTS = frozenset({"allow", "deny", "require_approval"})

# Field name -> JSON type, in the order the typed query view shows them.
FIELDS: dict[str, str] = {
    "v": "int",
    "kind": "str",
    "time_us": "int",
    "system": "str",
    "ep": "str",
    "session": "str?",
    "agent": "str?",
    "user": "str?",
    "tool": "str?",
    "source": "str?",
    "effect": "str?",
    "rule_ids": "list[str]",
    "reasons": "list[str]",
    "labels": "dict[str,str]",
    "provenance": "dict[str,str]",
    "bundle_digest": "str?",
    "payload_digest": "str?",
    "payload": "json?",
    "redacted": "list[str]",
    "detail": "dict",
}

_OPTIONAL_STR = ("session", "agent", "user", "tool", "source", "bundle_digest", "payload_digest")
_EVENT_KEYS = frozenset(
    {
        "kind",
        "time_ns",
        "time_us",
        "system",
        "session",
        "agent",
        "user",
        "tool",
        "source",
        "effect",
        "rule_ids",
        "reasons",
        "labels",
        "provenance",
        "bundle_digest",
        "payload_digest",
        "payload",
        "detail",
    }
)


_DIGEST_PLACEHOLDER = "sha256:" + "0" * 64


def _check_size(body: bytes) -> bytes:
    if len(body) > MAX_RECORD_BYTES:
        raise EvidenceError(
            f"evidence record is {len(body)} bytes, over the {MAX_RECORD_BYTES}-byte limit"
        )
    return body


def _fail(path: str, message: str) -> EvidenceError:
    return EvidenceError(f"evidence event field {path}: {message}")


def check_value(value: object, path: str = "$", depth: int = 0) -> bool:
    """Check that `value` is in the JCS-safe domain; return True if a key needs UTF-16 sorting.

    Raises `EvidenceError` naming the offending path for floats, out-of-range integers,
    non-str keys, unsupported types or nesting deeper than `MAX_DEPTH`.
    """
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return False
    if kind is int:
        if -canonical.MAX_SAFE_INTEGER <= value <= canonical.MAX_SAFE_INTEGER:  # type: ignore[operator]
            return False
        raise _fail(path, f"integer {value} is outside +/-(2**53 - 1)")
    if depth >= MAX_DEPTH:
        raise _fail(path, f"nested deeper than {MAX_DEPTH} levels")
    if kind is list:
        needs = False
        for i, item in enumerate(value):  # type: ignore[var-annotated,arg-type]
            needs |= check_value(item, f"{path}[{i}]", depth + 1)
        return needs
    if kind is dict:
        needs = False
        for key, item in value.items():  # type: ignore[attr-defined]
            if type(key) is not str:
                raise _fail(path, f"key {key!r} is not a string")
            needs |= canonical.needs_utf16_ordering(key)
            needs |= check_value(item, f"{path}.{key}", depth + 1)
        return needs
    if kind is float:
        raise _fail(path, "floats are not allowed in evidence (use an integer or a string)")
    raise _fail(path, f"{kind.__name__} is not a JSON string, boolean, null, integer, list or dict")


_EMPTY: dict[str, object] = {}
_NONE_REDACTED: list[str] = []


def _reject_optional_strings(event: Mapping[str, object]) -> None:
    for name in _OPTIONAL_STR:
        value = event.get(name)
        if value is not None and type(value) is not str:
            raise _fail(name, f"must be a string or null, not {type(value).__name__}")


def _str_list(value: object, name: str) -> list[str]:
    if not value:
        if value is None or value == []:
            return []
        raise _fail(name, "must be a list of strings")
    if type(value) is not list:
        if type(value) is not tuple:
            raise _fail(name, "must be a list of strings")
        value = list(value)
    for item in value:
        if type(item) is not str:
            raise _fail(name, f"must be a list of strings, found {type(item).__name__}")
    return value


def _str_dict(value: object, name: str) -> tuple[dict[str, str], bool]:
    if not value:
        if value is None or value == {}:
            return {}, False
        raise _fail(name, "must be a mapping of strings to strings")
    if type(value) is not dict:
        raise _fail(name, "must be a mapping of strings to strings")
    needs = False
    for key, item in value.items():
        if type(key) is not str or type(item) is not str:
            raise _fail(f"{name}.{key}", "must map strings to strings")
        if not key.isascii() and canonical.needs_utf16_ordering(key):
            needs = True
    return value, needs


@dataclass(frozen=True)
class PayloadPolicy:
    """Which raw payloads a log keeps: only those whose classification is listed.

    Everything else keeps its digest only, and the record lists `"payload"` under
    `redacted`, so a reader can tell "no payload" from "payload withheld".
    """

    keep_classifications: frozenset[str] = frozenset()

    @classmethod
    def keep(cls, classifications: Collection[str]) -> PayloadPolicy:
        """A policy keeping raw payloads of the given classifications (e.g. {"public"})."""
        return cls(frozenset(classifications))


@dataclass(frozen=True)
class Draft:
    """A validated record that still needs its payload digested on the writer thread."""

    content: dict[str, object]
    payload: object
    reference: bool


class RecordBuilder:
    """Turns guard events into record content for one (system, enforcement point)."""

    def __init__(
        self, *, system: str, enforcement_point: str, payloads: PayloadPolicy | None = None
    ) -> None:
        """Raises `EvidenceError` if `system` or `enforcement_point` is empty."""
        if not system or not enforcement_point:
            raise EvidenceError("an evidence log needs a non-empty system and enforcement point")
        self.system = system
        self.enforcement_point = enforcement_point
        self.payloads = payloads or PayloadPolicy()
        # A record type whose defaults are this log's constants, so the fast path sets
        # nothing per event but the time.
        self._fast = msgspec.defstruct(
            "Record",
            [
                (name, hint, msgspec.field(default=default))
                for name, hint, default in _fast_fields(system, enforcement_point)
            ],
            forbid_unknown_fields=True,
        )

    def build(self, event: Mapping[str, object]) -> bytes | Draft:
        """Validate `event` and return its canonical content bytes (or a `Draft` with a payload).

        Raises `EvidenceError` naming the field for unknown keys, wrong types, floats,
        integers outside +/-(2**53 - 1), a foreign `system`, or an oversized record.
        """
        # The common case (a plain dict, no raw payload) is validated and encoded by
        # msgspec in C; anything unusual, and every error, goes through the Python path,
        # which produces the same bytes (tested) and names the offending field.
        if (
            type(event) is not dict
            or "payload" in event
            or "ep" in event
            or "v" in event
            or "redacted" in event
        ):
            return self._build_checked(event)
        try:
            rec: Any = _convert(event, self._fast, strict=True)
        except msgspec.ValidationError:
            return self._build_checked(event)
        if rec.system != self.system or not rec.kind:
            return self._build_checked(event)
        if rec.time_us is UNSET:
            time_ns = rec.time_ns
            rec.time_us = (time.time_ns() if time_ns is UNSET else time_ns) // 1000
            if rec.time_us > canonical.MAX_SAFE_INTEGER:
                return self._build_checked(event)
        rec.time_ns = UNSET
        if rec.detail and check_value(rec.detail, "detail"):
            return self._build_checked(event)
        body: bytes = _encode(rec)
        # Keys above U+FFFF need UTF-16 ordering (see canonical); they can only occur in
        # non-ASCII output, which is rare, so only then look closer.
        if not body.isascii() and _has_astral_keys(rec):
            return self._build_checked(event)
        if len(body) > MAX_RECORD_BYTES:
            return _check_size(body)
        return body

    def _build_checked(self, event: Mapping[str, object]) -> bytes | Draft:
        """The Python validator and encoder: any event, with located errors."""
        if type(event) is not dict:
            if not isinstance(event, Mapping):
                raise EvidenceError(
                    f"an evidence event must be a mapping, not {type(event).__name__}"
                )
            event = dict(event)
        if not _EVENT_KEYS.issuperset(event):
            raise _fail(sorted(event.keys() - _EVENT_KEYS)[0], "unknown event key")
        get = event.get
        kind = get("kind")
        if type(kind) is not str or not kind:
            raise _fail("kind", "must be a non-empty string")
        time_us = get("time_us")
        if time_us is None:
            time_ns = get("time_ns")
            if time_ns is None:
                time_ns = time.time_ns()
            elif type(time_ns) is not int or time_ns < 0:
                raise _fail("time_ns", "must be a non-negative integer")
            # Nanoseconds since 1970 exceed 2**53, so records carry microseconds.
            time_us = time_ns // 1000
            if time_us > canonical.MAX_SAFE_INTEGER:
                raise _fail("time_ns", "is beyond the year 2255")
        elif type(time_us) is not int or not 0 <= time_us <= canonical.MAX_SAFE_INTEGER:
            raise _fail("time_us", "must be a non-negative integer below 2**53")
        system = get("system")
        if system is not None and system != self.system:
            raise _fail("system", f"{system!r} is not this log's system {self.system!r}")
        session = get("session")
        agent = get("agent")
        user = get("user")
        tool = get("tool")
        source = get("source")
        bundle_digest = get("bundle_digest")
        payload_digest = get("payload_digest")
        if (
            (session is not None and type(session) is not str)
            or (agent is not None and type(agent) is not str)
            or (user is not None and type(user) is not str)
            or (tool is not None and type(tool) is not str)
            or (source is not None and type(source) is not str)
            or (bundle_digest is not None and type(bundle_digest) is not str)
            or (payload_digest is not None and type(payload_digest) is not str)
        ):
            _reject_optional_strings(event)
        effect = get("effect")
        if effect is not None and effect not in EFFECTS:
            raise _fail("effect", f"must be one of {sorted(EFFECTS)} or null, not {effect!r}")
        # Plain loops, not any(<genexpr>): a generator costs more than these short lists.
        rule_ids = get("rule_ids")
        if rule_ids is None:
            rule_ids = _NONE_REDACTED
        elif type(rule_ids) is not list:
            rule_ids = _str_list(rule_ids, "rule_ids")
        else:
            for r in rule_ids:
                if type(r) is not str:
                    _str_list(rule_ids, "rule_ids")
        reasons = get("reasons")
        if reasons is None:
            reasons = _NONE_REDACTED
        elif type(reasons) is not list:
            reasons = _str_list(reasons, "reasons")
        else:
            for r in reasons:
                if type(r) is not str:
                    _str_list(reasons, "reasons")
        # Inlined string-map checks: these two maps are on every event.
        reference = False
        labels = get("labels")
        if labels is None:
            labels = _EMPTY
        elif type(labels) is not dict:
            labels, reference = _str_dict(labels, "labels")
        else:
            for key, value in labels.items():
                if type(value) is not str or type(key) is not str or not key.isascii():
                    labels, reference = _str_dict(labels, "labels")
                    break
        provenance = get("provenance")
        if provenance is None:
            provenance = _EMPTY
        elif type(provenance) is not dict:
            provenance, ref_prov = _str_dict(provenance, "provenance")
            reference |= ref_prov
        else:
            for key, value in provenance.items():
                if type(value) is not str or type(key) is not str or not key.isascii():
                    provenance, ref_prov = _str_dict(provenance, "provenance")
                    reference |= ref_prov
                    break
        detail = get("detail")
        if not detail:
            if detail is not None and type(detail) is not dict:
                raise _fail("detail", "must be a mapping")
            detail = _EMPTY
        elif type(detail) is not dict:
            raise _fail("detail", "must be a mapping")
        elif check_value(detail, "detail"):
            reference = True
        # Keys in sorted order: orjson's sort is much cheaper on already-sorted input.
        content: dict[str, object] = {
            "agent": agent,
            "bundle_digest": bundle_digest,
            "detail": detail,
            "effect": effect,
            "ep": self.enforcement_point,
            "kind": kind,
            "labels": labels,
            "payload": None,
            "payload_digest": payload_digest,
            "provenance": provenance,
            "reasons": reasons,
            "redacted": _NONE_REDACTED,
            "rule_ids": rule_ids,
            "session": session,
            "source": source,
            "system": self.system,
            "time_us": time_us,
            "tool": tool,
            "user": user,
            "v": RECORD_VERSION,
        }
        if "payload" in event:
            if payload_digest is not None:
                raise _fail("payload_digest", "is computed from the payload; do not send both")
            payload = event["payload"]
            reference |= check_value(payload, "payload")
            keep = labels.get("classification") in self.payloads.keep_classifications
            content["payload"] = payload if keep else None
            content["redacted"] = [] if keep else ["payload"]
            # A placeholder of the digest's exact length makes this size check final, so
            # the writer thread can never fail a record that emit accepted.
            content["payload_digest"] = _DIGEST_PLACEHOLDER
            _check_size(canonical.dumps(content, reference=reference))
            return Draft(content, payload, reference)
        return _check_size(canonical.dumps(content, reference=reference))


SafeTime = Annotated[int, msgspec.Meta(ge=0, le=canonical.MAX_SAFE_INTEGER)]


def _fast_fields(system: str, ep: str) -> list[tuple[str, Any, Any]]:
    """Record version 1 for msgspec: fields in sorted order, so they encode sorted.

    UNSET fields are never encoded: `time_ns` is an input only. `ep`, `v` and `redacted`
    default to this log's values; events carrying them take the Python path and fail.
    """
    return [
        ("agent", str | None, None),
        ("bundle_digest", str | None, None),
        ("detail", dict[str, Any], {}),
        ("effect", Literal["allow", "deny", "require_approval"] | None, None),
        ("ep", str, ep),
        ("kind", Annotated[str, msgspec.Meta(min_length=1)], ""),
        ("labels", dict[str, str], {}),
        ("payload", None, None),
        ("payload_digest", str | None, None),
        ("provenance", dict[str, str], {}),
        ("reasons", list[str], []),
        ("redacted", list[str], []),
        ("rule_ids", list[str], []),
        ("session", str | None, None),
        ("source", str | None, None),
        ("system", str, system),
        ("time_ns", Annotated[int, msgspec.Meta(ge=0)] | UnsetType, UNSET),
        ("time_us", SafeTime | UnsetType, UNSET),
        ("tool", str | None, None),
        ("user", str | None, None),
        ("v", int, RECORD_VERSION),
    ]


_convert = msgspec.convert
_encode = msgspec.json.Encoder(order="deterministic").encode


def _has_astral_keys(rec: Any) -> bool:
    keys = [*rec.labels, *rec.provenance]
    return any(canonical.needs_utf16_ordering(k) for k in keys) or (
        bool(rec.detail) and check_value(rec.detail, "detail")
    )


def finish(draft: Draft) -> bytes:
    """Digest a draft's payload and return the record's canonical bytes.

    Runs on the writer thread because it hashes. Cannot fail for a draft `build` returned:
    the value was already encoded and size-checked there.
    """
    content = dict(draft.content)
    payload_bytes = canonical.dumps(draft.payload, reference=draft.reference)
    content["payload_digest"] = "sha256:" + hashlib.sha256(payload_bytes).hexdigest()
    return canonical.dumps(content, reference=draft.reference)
