"""Decisions are data: what the policy said about one call or response, and why.

The evaluator never raises for a deny or for a rule that failed at run time; it returns a
`Decision` whose `errors` say what went wrong (and a failed rule denies: fail closed).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Verdict(enum.StrEnum):
    """The three outcomes; combining takes the strictest (deny > require_approval > allow)."""

    ALLOW = "allow"
    REQUIRE_APPROVAL = "require_approval"
    DENY = "deny"

    @property
    def strictness(self) -> int:
        """Order for combining: allow < require_approval < deny."""
        return _STRICTNESS[self]


_STRICTNESS = {Verdict.ALLOW: 0, Verdict.REQUIRE_APPROVAL: 1, Verdict.DENY: 2}
_EFFECTS = {v: str(v.value) for v in Verdict}


@dataclass
class Decision:
    """The outcome of one check.

    `effect` is the verdict as a string ("allow" | "deny" | "require_approval") so callers can
    compare without importing the enum; `reasons` and `rule_ids` list every rule that pushed
    the verdict to where it is; `errors` lists rules that failed to evaluate (they deny).
    """

    verdict: Verdict
    reasons: list[str] = field(default_factory=list)
    rule_ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    approval_id: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    tool: str | None = None

    @property
    def effect(self) -> str:
        """The verdict as plain text: "allow", "deny" or "require_approval"."""
        # A dict lookup: an enum's `.value` goes through a descriptor, five times slower.
        return _EFFECTS[self.verdict]

    @property
    def allowed(self) -> bool:
        """True only when the call may run now."""
        return self.verdict is Verdict.ALLOW

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON output and evidence."""
        return {
            "effect": self.effect,
            "tool": self.tool,
            "reasons": list(self.reasons),
            "rule_ids": list(self.rule_ids),
            "errors": list(self.errors),
            "approval_id": self.approval_id,
            "provenance": dict(self.provenance),
        }


class Outcome:
    """Accumulates rule hits while a check runs; any deny wins, then require_approval."""

    __slots__ = ("errors", "reasons", "rule_ids", "verdict")

    def __init__(self) -> None:
        self.verdict = Verdict.ALLOW
        self.reasons: list[str] = []
        self.rule_ids: list[str] = []
        self.errors: list[str] = []

    def hit(self, verdict: Verdict, rule_id: str, reason: str) -> None:
        """Record that `rule_id` asks for `verdict` because of `reason`."""
        if verdict is Verdict.ALLOW:
            return
        if _STRICTNESS[verdict] > _STRICTNESS[self.verdict]:
            self.verdict = verdict
        self.rule_ids.append(rule_id)
        self.reasons.append(reason)

    def error(self, rule_id: str, message: str) -> None:
        """A rule could not be evaluated: deny, and say why."""
        self.errors.append(f"{rule_id}: {message}")
        self.hit(Verdict.DENY, rule_id, f"rule {rule_id} failed to evaluate ({message}); denied")

    def decision(self, tool: str | None, provenance: dict[str, str]) -> Decision:
        """Hand the accumulated lists over to a `Decision`; the outcome is spent after this
        (a check makes one outcome per call, and copying the lists is a third of its cost)."""
        return Decision(
            self.verdict, self.reasons, self.rule_ids, self.errors, None, provenance, tool
        )
