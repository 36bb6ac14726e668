"""The `EvidenceSink` plug point every enforcement point writes to, and the event it carries.

An event is a flat-ish mapping built by the guard on its hot path. `emit` must be a hand-off:
it may copy the event onto a queue but must never do I/O, hashing or signing on the caller's
thread, because the guard's latency budget (microseconds) includes it. A sink never drops an
event silently: it blocks (back-pressure) or counts and records an overflow.

Event keys (all values JCS-safe: str, bool, None, int within +/-2**53, lists and dicts of
those; never floats):

    kind            "session_start" | "observe" | "tool_call" | "response" | "approval"
                    | "session_end" | "breaker"
    time_ns         int, wall clock when the guard saw it
    system          manifest system id
    session         session id
    agent           agent id or None
    user            principal id or None
    tool            tool id (tool_call, and observe of a tool result) or None
    source          source id (observe) or None
    effect          "allow" | "deny" | "require_approval" | None
    rule_ids        list[str] of the rules that decided
    reasons         list[str], human-readable
    labels          {"trust": str, "classification": str} of the session after the event
    provenance      {arg path: "trusted" | "untrusted" | "model"} for tool calls
    bundle_digest   digest of the policy the decision was made under, or None
    payload_digest  "sha256:<hex>" of the canonical payload, or None
    detail          dict of kind-specific extras (approval id, approver, budget counters…)

Optional keys the signed log (`interlock.evidence.EvidenceLog`) also accepts:

    payload         the raw payload (JCS-safe); the log digests it and keeps it only for
                    classifications it is configured to keep, else records it as redacted
    time_us         microseconds since the epoch, instead of time_ns

Any other key, or a value outside the record schema, is refused with an error naming the
field. `emit` is a hand-off on the caller's thread, so the signed log checks events on its
writer thread and records a refused one as an `evidence_rejected` record (counted in
`stats().rejected`) instead of raising into the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

Event = Mapping[str, object]


@runtime_checkable
class EvidenceSink(Protocol):
    """Where enforcement points hand their events."""

    def emit(self, event: Event) -> None:
        """Hand `event` off; never blocks on I/O in the common case, never drops silently."""

    def flush(self) -> None:
        """Make every event emitted so far durable; raises `EvidenceError` on failure."""

    def close(self) -> None:
        """Flush and release resources; emitting after close raises `EvidenceError`."""
