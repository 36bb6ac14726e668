"""Shared helpers for provider adapters."""

from __future__ import annotations

from dataclasses import dataclass

from interlock.policy.decision import Decision, Verdict


@dataclass(frozen=True)
class CallDecision:
    """The guard's decision on one provider tool call, with the call's id and name."""

    call_id: str | None
    name: str | None
    decision: Decision


def field(item: object, name: str) -> object:
    """`item[name]` for dicts, `item.name` for SDK objects, None when absent."""
    if isinstance(item, dict):
        return item.get(name)
    return getattr(item, name, None)


def malformed(call_id: str | None, name: str | None, why: str) -> CallDecision:
    """A deny for a call the adapter could not read."""
    return CallDecision(call_id, name, Decision(Verdict.DENY, [why], ["guard.bad-input"]))
