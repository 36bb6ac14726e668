"""A guard session: one agent run, its labels, its provenance index, counters and approvals.

The session label is the join of everything observed (trust: trusted < untrusted;
classification: public < internal < confidential < restricted) and never decreases (F3).
`check_tool` decides one call against the compiled plan for (agent, tool): grant and
argument constraints, rules and packs, approvals, budgets and the breaker. It never
raises for bad input: a call it cannot understand is denied with the reason. Every
observe, check and approval hands an event to the evidence sink and does nothing slower
on the caller's thread.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard

from interlock.guard.approvals import Status, new_approval
from interlock.guard.arguments import digest as payload_digest_of
from interlock.guard.arguments import parse_args, preview, strings
from interlock.guard.dates import stated_dates
from interlock.guard.facts import CallFacts, ResponseFacts
from interlock.guard.provenance import (
    UNTRUSTED,
    ProvenanceIndex,
)
from interlock.manifest.models import (
    Classification,
    Effect,
    FieldLabels,
    Label,
    ParamType,
    Source,
    Trust,
)
from interlock.policy.cel import CelRuntimeError
from interlock.policy.compile import CallPlan, CompiledRule
from interlock.policy.decision import Decision, Outcome, Verdict

if TYPE_CHECKING:
    from interlock.guard.guard import Guard

_CLASSES = list(Classification)
_TYPES: dict[ParamType, tuple[type, ...]] = {
    ParamType.STRING: (str,),
    ParamType.INTEGER: (int,),
    ParamType.NUMBER: (int, float),
    ParamType.BOOLEAN: (bool,),
    ParamType.ARRAY: (list, tuple),
    ParamType.OBJECT: (dict,),
}


class Session:
    """One agent run under the guard. Use as a context manager; see `Guard.session`."""

    def __init__(
        self,
        guard: Guard,
        *,
        session_id: str,
        agent: str,
        user: str | None,
        population: str | None,
        principal_ids: Iterable[str],
        today: dt.date | None = None,
    ) -> None:
        self.guard = guard
        self.id = session_id
        self.agent = agent
        self.user = user
        self.population = population
        self.index = ProvenanceIndex(parent=guard.directory_index)
        self.trust_rank = 0
        self.class_rank = 0
        self.steps = 0
        self.denials = 0
        self.errors = 0
        self.calls: dict[str, int] = {}
        self.allowed_calls: set[tuple[str, str | None]] = set()
        """(tool, argument digest) of every call allowed so far: the same call again is a
        repetition (a second booking, a second payment)."""
        self.sums: dict[tuple[str, str], int | float] = {}
        self.quarantined: str | None = None
        self.planned: frozenset[str] | None = None
        self.stated_dates: set[str] = set()
        """The days ("MM-DD") the user's own words named (`guard.dates`)."""
        self.today = today
        """The user's own date, for the days their words name relative to it ("tomorrow");
        without it, the UTC date when they speak, which near midnight can be a day off in
        their time zone (the call then waits for approval instead of passing)."""
        self.closed = False
        self._result_taint: dict[str, bool] = {}
        self._labels_key: tuple[int, int] | None = None
        self._labels: dict[str, str] = {}
        self._lock = threading.Lock()
        self._budget = guard.policy.budgets.get(agent)
        known = guard.policy.manifest.agent(agent) is not None
        self._unknown_agent = not known
        principals = list(principal_ids)
        if principals:
            self.index.add(principals, trusted=True, said=True)
        self._emit("session_start", detail={"principal_ids": len(principals)})

    # -- context manager -------------------------------------------------------------------

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the session; later checks are denied. Idempotent."""
        if self.closed:
            return
        self.closed = True
        self._emit("session_end", detail={"steps": self.steps, "denials": self.denials})

    # -- labels ----------------------------------------------------------------------------

    @property
    def trust(self) -> Trust:
        """Trusted until anything untrusted has been observed; then untrusted for good."""
        return Trust.UNTRUSTED if self.trust_rank else Trust.TRUSTED

    @property
    def classification(self) -> Classification:
        """The most sensitive classification observed so far."""
        return _CLASSES[self.class_rank]

    @property
    def tainted(self) -> bool:
        """Whether untrusted content has entered this session."""
        return self.trust_rank > 0

    def labels(self) -> dict[str, str]:
        """The session label as plain data (a fresh dict whenever the label changes)."""
        key = (self.trust_rank, self.class_rank)
        if key != self._labels_key:
            self._labels_key = key
            self._labels = {"trust": self.trust.value, "classification": self.classification.value}
        return self._labels

    def plan(self, tools: Iterable[str]) -> None:
        """Declare the tools this request needs, before reading untrusted input.

        Once the session is tainted, a call outside the plan is decided by the policy's
        `outside_plan` rules (the default pack denies it). Declaring a plan after taint is
        refused (the plan would be the content's choice), by raising `GuardError`, as is a
        plan that is not a collection of declared tool names.
        """
        from interlock.errors import GuardError

        if self.tainted:
            raise GuardError("a plan must be declared before the session reads untrusted input")
        given: object = tools  # typed for callers, but checked: frameworks pass what they have
        if isinstance(given, str) or not isinstance(given, Iterable):
            raise GuardError(f"a plan is a list of tool names, not {type(given).__name__}")
        planned: set[str] = set()
        declared = self.guard.policy.tools
        for name in given:
            if not isinstance(name, str):
                raise GuardError(f"a plan names tools as text, not {type(name).__name__}")
            if name not in declared:
                raise GuardError(f"the plan names {name!r}, which the manifest does not declare")
            planned.add(name)
        self.planned = frozenset(planned)
        self._emit("plan", detail={"tools": sorted(self.planned)})

    # -- observe ---------------------------------------------------------------------------

    def observe_user(self, text: object) -> None:
        """Record the user's own words: trusted, and they vouch for what they name."""
        with self._lock:
            self.index.add(text, trusted=True, said=True)
            today = self.today or dt.datetime.now(dt.UTC).date()
            for words in strings(text):
                self.stated_dates |= stated_dates(words, today)
        self._emit("observe", source="user", payload=text)

    def observe(self, name: object, value: object) -> dict[str, str]:
        """Record content from a declared source or a tool's result, labelled by the manifest.

        Per-field labels apply to the top-level fields of a mapping (and of each mapping in
        a list). A tool result is at least as untrusted as the arguments of the call that
        produced it. Unknown names are untrusted and restricted (fail closed). Returns the
        label of the observation as plain data.
        """
        if _is_text(name):
            source = self.guard.policy.sources.get(name)
            tool = None if source is not None else self.guard.policy.tools.get(name)
        else:
            # A name that is not text (the model's) names nothing declared: fail closed, even
            # when its repr spells a declared id ("5" for 5). The event keeps the repr.
            name, source, tool = repr(name)[:200], None, None
        directory = source is not None and source.kind.value == "directory"
        spec: Source | FieldLabels
        if source is not None:
            spec = source
        elif tool is not None:
            spec = tool.result
        else:
            spec = _UNDECLARED
        error: str | None = None
        with self._lock:
            forced_untrusted = self._result_taint.pop(name, False) if tool is not None else False
            try:
                trust_rank, class_rank = self._index_labelled(
                    value, self._field_labels(spec, forced_untrusted), directory
                )
            except Exception as exc:  # a guard bug must not become the agent's crash
                # Fail closed: content the guard could not index is untrusted and restricted,
                # and vouches for nothing.
                trust_rank, class_rank = Trust.UNTRUSTED.rank, Classification.RESTRICTED.rank
                error = f"{type(exc).__name__}: {exc}"
            self.trust_rank = max(self.trust_rank, trust_rank)
            self.class_rank = max(self.class_rank, class_rank)
        label = {
            "trust": "untrusted" if trust_rank else "trusted",
            "classification": _CLASSES[class_rank].value,
        }
        self._emit(
            "observe",
            tool=name if tool is not None else None,
            source=name if tool is None else None,
            payload=value,
            detail={
                "observed": label,
                "declared": source is not None or tool is not None,
                **({"error": error} if error else {}),
            },
        )
        return label

    async def aobserve(self, name: object, value: object) -> dict[str, str]:
        """Async twin of `observe` (CPU-only, microseconds: no thread hop needed)."""
        return self.observe(name, value)

    async def aobserve_user(self, text: object) -> None:
        """Async twin of `observe_user`."""
        self.observe_user(text)

    def observe_error(self, tool: object, error: object) -> None:
        """Record that a tool call failed; repeated errors trip the session's breaker."""
        with self._lock:
            self.errors += 1
            budget = self._budget
            if budget and budget.max_errors is not None and self.errors >= budget.max_errors:
                self._trip(f"{self.errors} tool errors reached the limit of {budget.max_errors}")
        self._emit(
            "observe",
            tool=tool if _is_text(tool) else None,
            detail={"error": (error if _is_text(error) else repr(error))[:500]},
        )

    def _field_labels(self, spec: Source | FieldLabels, forced_untrusted: bool) -> FieldPlan:
        # Resolved once per guard: the specs belong to its compiled manifest and live as long
        # as it does (so their ids stay theirs); `_UNDECLARED` lives forever.
        cache = self.guard.field_plans
        key = (id(spec), forced_untrusted)
        plan = cache.get(key)
        if plan is None:
            plan = cache[key] = resolve_field_labels(spec, forced_untrusted)
        return plan

    def _index_labelled(self, value: object, labels: FieldPlan, directory: bool) -> tuple[int, int]:
        by_field, default = labels
        if not by_field or not _has_mapping(value):
            self.index.add(
                value, trusted=default.trusted, directory=directory, restricted=default.restricted
            )
            return default.trust_rank, default.class_rank
        trust_rank = 0
        class_rank = 0
        items = value if isinstance(value, list) else [value]
        index = self.index
        for item in items:
            if not isinstance(item, Mapping):
                index.add(
                    item,
                    trusted=default.trusted,
                    directory=directory,
                    restricted=default.restricted,
                )
                trust_rank = max(trust_rank, default.trust_rank)
                class_rank = max(class_rank, default.class_rank)
                continue
            # Fields with the same label are indexed together: one pass per label, not per field.
            groups: dict[FieldLabel, list[object]] = {}
            for key, sub in item.items():
                label = by_field.get(key if type(key) is str else str(key), default)
                group = groups.get(label)
                if group is None:
                    groups[label] = [sub]
                else:
                    group.append(sub)
            # Which record carried each attested value (a reply may go back to its sender):
            # the whole-value keys `add` computes anyway, kept for records with such fields.
            attested_keys: list[str] = []
            system_keys: list[str] = []
            for label, values in groups.items():
                if label.trust_rank > trust_rank:
                    trust_rank = label.trust_rank
                if label.class_rank > class_rank:
                    class_rank = label.class_rank
                keys = index.add(
                    values,
                    trusted=label.trusted,
                    directory=directory,
                    restricted=label.restricted,
                    attested=label.attested,
                )
                if label.trusted:
                    system_keys += keys
                    if label.attested:
                        attested_keys += keys
            if attested_keys:
                index.add_record(attested_keys, system_keys)
        return trust_rank, class_rank

    # -- check -----------------------------------------------------------------------------

    def check_tool(self, tool: object, args: object = None) -> Decision:
        """Decide whether the agent may call `tool` with `args` now.

        Never raises for bad input: arguments that are not a JSON object (or a JSON string
        of one), too large, too deep, of the wrong types, an unknown tool or agent, or a
        closed session, all give a deny with the reason.
        """
        started = time.perf_counter_ns()
        name = tool if _is_text(tool) else None
        with self._lock:
            try:
                decision, digest, approval_event = self._decide(tool, args)
            except Exception as exc:  # a guard bug must not become the agent's crash
                # Fail closed: no decision could be safely reached, so the call is denied.
                decision, digest, approval_event = (
                    _deny(
                        name,
                        "guard.internal-error",
                        f"the guard could not decide ({type(exc).__name__}); denied",
                    ),
                    None,
                    None,
                )
                decision.errors.append(f"{type(exc).__name__}: {exc}")
        self._emit(
            "tool_call",
            tool=name,
            decision=decision,
            payload_digest=digest,
            detail={"latency_ns": time.perf_counter_ns() - started},
        )
        if approval_event is not None:
            self._emit("approval", tool=name, decision=decision, detail=approval_event)
        return decision

    async def acheck_tool(self, tool: object, args: object = None) -> Decision:
        """Async twin of `check_tool`."""
        return self.check_tool(tool, args)

    def _decide(
        self, tool: object, raw_args: object
    ) -> tuple[Decision, str | None, dict[str, object] | None]:
        name = tool if _is_text(tool) else None
        if self.closed:
            return _deny(name, "guard.session-closed", "the session is closed"), None, None
        if self._unknown_agent:
            return (
                _deny(name, "guard.unknown-agent", f"agent {self.agent!r} is not declared"),
                None,
                None,
            )
        if not _is_text(tool):
            return _deny(None, "guard.bad-input", "the tool name is not text"), None, None
        args, problem = parse_args(raw_args)
        if args is None:
            self._count_denial()
            return _deny(tool, "guard.bad-input", problem or "bad arguments"), None, None
        plan = self.guard.policy.plan(self.agent, tool)
        if plan is None:
            self._count_denial()
            return _deny(tool, "guard.unknown-tool", f"tool {tool!r} is not declared"), None, None
        if not plan.granted:
            self._count_denial()
            return (
                _deny(tool, "grant.missing", f"agent {self.agent!r} is not granted {tool!r}"),
                None,
                None,
            )
        digest = payload_digest_of(args)
        outcome = Outcome()
        self._check_arguments(plan, args, outcome)
        index, constants, scanned = self.index, plan.constants, plan.scanned
        origins = {}
        provenance = {}
        untrusted_argument = False
        for name, value in args.items():
            o = origins[name] = index.origin(value, constants, scan=name in scanned)
            p = provenance[name] = o.provenance
            if p == UNTRUSTED:
                untrusted_argument = True
            if o.embedded is not None and o.embedded != p:
                provenance[f"{name}#embedded"] = o.embedded
        if plan.rules:
            facts = CallFacts(self, plan, args, origins, digest)
            self.guard.rule_check(plan)(facts, outcome)
            if facts.rescanned:  # a full scan may have found an argument untrusted after all
                untrusted_argument = any(o.provenance == UNTRUSTED for o in origins.values())
        if plan.approval:
            outcome.hit(
                Verdict.REQUIRE_APPROVAL,
                "grant.approval",
                f"the grant of {tool!r} requires approval",
            )
        self._check_budget(plan, args, outcome)
        # A containment tool (a card freeze, a token revocation) is what a person needs most
        # once content has tripped the breaker, so quarantine leaves it to the other rules.
        if (
            self.quarantined is not None
            and plan.tool.effect is not Effect.READ
            and not plan.tool.containment
        ):
            outcome.hit(
                Verdict.DENY, "guard.quarantined", f"session quarantined: {self.quarantined}"
            )
        decision = outcome.decision(tool, provenance)
        approval_event = None
        if decision.verdict is Verdict.REQUIRE_APPROVAL:
            approval_event = self._approval(plan, args, digest, decision)
        self.steps += 1
        if decision.verdict is Verdict.ALLOW:
            self._count_call(plan, args)
            self.allowed_calls.add((tool, digest))
            self._result_taint[tool] = untrusted_argument
        elif decision.verdict is Verdict.DENY:
            self._count_denial()
        return decision, digest, approval_event

    def _check_arguments(self, plan: CallPlan, args: Mapping[str, Any], outcome: Outcome) -> None:
        for name in args:
            if name not in plan.params:
                outcome.hit(
                    Verdict.DENY,
                    "grant.unknown-argument",
                    f"argument {name!r} is not a declared parameter of {plan.tool.id!r}",
                )
        for name, spec in plan.params.items():
            if name not in args:
                if spec.required:
                    outcome.hit(
                        Verdict.DENY, "grant.missing-argument", f"argument {name!r} is required"
                    )
                continue
            value = args[name]
            types = _TYPES[spec.type]
            if not isinstance(value, types) or (
                isinstance(value, bool) and spec.type is not ParamType.BOOLEAN
            ):
                outcome.hit(
                    Verdict.DENY,
                    "grant.argument-type",
                    f"argument {name!r} must be {spec.type.value}, got {type(value).__name__}",
                )
                continue
            for kind, check in spec.checks:
                problem = check(value)
                if problem is not None:
                    outcome.hit(
                        Verdict.DENY,
                        f"grant.{kind}",
                        f"argument {name!r} {problem} (grant of {plan.tool.id!r})",
                    )

    def _apply(
        self, rule: CompiledRule, facts: CallFacts | ResponseFacts, outcome: Outcome
    ) -> None:
        for test in rule.tests:
            if not facts.holds(test):
                return
        if rule.program is not None:
            try:
                if not rule.program.evaluate(facts.resolve):
                    return
            except CelRuntimeError as exc:
                outcome.error(rule.id, str(exc))
                return
        outcome.hit(rule.verdict, rule.id, rule.description)

    def _check_budget(self, plan: CallPlan, args: Mapping[str, Any], outcome: Outcome) -> None:
        budget = self._budget
        if budget is None:
            return
        tool = plan.tool.id
        if budget.steps is not None and self.steps + 1 > budget.steps:
            self._trip(f"step budget of {budget.steps} exhausted")
            outcome.hit(Verdict.DENY, "budget.steps", f"the session used its {budget.steps} steps")
        limit = budget.calls.get(tool)
        if limit is not None and self.calls.get(tool, 0) + 1 > limit:
            outcome.hit(
                Verdict.DENY, "budget.calls", f"{tool!r} may be called {limit} times per session"
            )
        for (sum_tool, param), cap in budget.sums.items():
            if sum_tool != tool:
                continue
            value = args.get(param)
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            total = self.sums.get((tool, param), 0) + value
            if total > cap:
                outcome.hit(
                    Verdict.DENY,
                    "budget.sum",
                    f"{tool}.{param} would total {total}, over the session budget of {cap}",
                )

    def _count_call(self, plan: CallPlan, args: Mapping[str, Any]) -> None:
        tool = plan.tool.id
        self.calls[tool] = self.calls.get(tool, 0) + 1
        budget = self._budget
        if budget is None:
            return
        for sum_tool, param in budget.sums:
            value = args.get(param)
            if sum_tool == tool and isinstance(value, int | float) and not isinstance(value, bool):
                self.sums[(tool, param)] = self.sums.get((tool, param), 0) + value

    def _count_denial(self) -> None:
        self.denials += 1
        budget = self._budget
        if budget and budget.max_denials is not None and self.denials >= budget.max_denials:
            self._trip(f"{self.denials} denials reached the limit of {budget.max_denials}")

    def _trip(self, reason: str) -> None:
        if self.quarantined is None:
            self.quarantined = reason
            self._emit("breaker", detail={"reason": reason})

    def _approval(
        self, plan: CallPlan, args: Mapping[str, Any], digest: str, decision: Decision
    ) -> dict[str, object]:
        store = self.guard.approvals
        now = time.time()
        existing = store.find(self.id, plan.tool.id, digest)
        if existing is not None:
            status = existing.effective_status(now)
            if status is Status.APPROVED:
                store.update(replace(existing, status=Status.CONSUMED))
                decision.verdict = Verdict.ALLOW
                decision.approval_id = existing.id
                decision.reasons.append(f"approved by {existing.decided_by} ({existing.id})")
                return {
                    "approval_id": existing.id,
                    "status": "consumed",
                    "approver": existing.decided_by,
                }
            if status is Status.DENIED:
                decision.verdict = Verdict.DENY
                decision.approval_id = existing.id
                decision.reasons.append(f"denied by approver {existing.decided_by} ({existing.id})")
                decision.rule_ids.append("approval.denied")
                return {
                    "approval_id": existing.id,
                    "status": "denied",
                    "approver": existing.decided_by,
                }
            if status is Status.EXPIRED:
                if existing.status is Status.PENDING:
                    store.update(replace(existing, status=Status.EXPIRED))
                decision.verdict = Verdict.DENY
                decision.approval_id = existing.id
                decision.reasons.append(f"approval {existing.id} expired without a decision")
                decision.rule_ids.append("approval.expired")
                return {"approval_id": existing.id, "status": "expired"}
            if status is Status.PENDING:
                decision.approval_id = existing.id
                return {"approval_id": existing.id, "status": "pending"}
        approval = new_approval(
            system=self.guard.policy.manifest.system,
            session=self.id,
            agent=self.agent,
            requester=self.user or self.agent,
            tool=plan.tool.id,
            args_digest=digest,
            args_preview=preview(args),
            reasons="; ".join(decision.reasons),
            ttl_seconds=self.guard.approval_ttl,
            now=now,
        )
        store.create(approval)
        decision.approval_id = approval.id
        return {
            "approval_id": approval.id,
            "status": "pending",
            "requester": approval.requester,
            "expires_at": int(approval.expires_at),
        }

    # -- responses -------------------------------------------------------------------------

    def check_response(self, text: object) -> Decision:
        """Decide whether `text` may be shown to the user (secrets, exfiltration links)."""
        outcome = Outcome()
        if self.closed:
            outcome.hit(Verdict.DENY, "guard.session-closed", "the session is closed")
        elif not _is_text(text):
            outcome.hit(Verdict.DENY, "guard.bad-input", "the response is not text")
        else:
            origin = self.index.origin(text)
            facts = ResponseFacts(self, text, origin)
            for rule in self.guard.policy.response_rules.get(self.agent, ()):
                self._apply(rule, facts, outcome)
        decision = outcome.decision(None, {})
        self._emit(
            "response",
            decision=decision,
            payload_digest=payload_digest_of(text) if _is_text(text) else None,
        )
        return decision

    async def acheck_response(self, text: object) -> Decision:
        """Async twin of `check_response`."""
        return self.check_response(text)

    # -- evidence --------------------------------------------------------------------------

    def _emit(
        self,
        kind: str,
        *,
        tool: str | None = None,
        source: str | None = None,
        decision: Decision | None = None,
        payload: object = None,
        payload_digest: str | None = None,
        detail: dict[str, object] | None = None,
    ) -> None:
        if payload is not None and payload_digest is None:
            payload_digest = payload_digest_of(payload)
        self.guard.emit(
            {
                "kind": kind,
                "time_ns": time.time_ns(),
                "system": self.guard.policy.manifest.system,
                "session": self.id,
                "agent": self.agent,
                "user": self.user,
                "tool": tool,
                "source": source,
                "effect": decision.effect if decision else None,
                "rule_ids": list(decision.rule_ids) if decision else [],
                "reasons": list(decision.reasons) if decision else [],
                # Shared, never mutated: `labels()` replaces the dict when the label changes.
                "labels": self.labels(),
                "provenance": dict(decision.provenance) if decision else {},
                "bundle_digest": self.guard.policy.digest,
                "payload_digest": payload_digest,
                "detail": detail or {},
            }
        )


def _deny(tool: str | None, rule_id: str, reason: str) -> Decision:
    return Decision(Verdict.DENY, [reason], [rule_id], [], None, {}, tool)


def _is_text(value: object) -> TypeGuard[str]:
    # The public methods take `object`: agents pass whatever the model produced.
    return isinstance(value, str)


class FieldLabel(NamedTuple):
    """One field's label, resolved: what indexing needs, nothing to look up per value."""

    trusted: bool
    restricted: bool
    attested: bool
    """Trusted, but a system-filled field of third-party content: authentic, not vouched for."""
    trust_rank: int
    class_rank: int


FieldPlan = tuple[dict[str, FieldLabel], FieldLabel]
"""The labels of named fields, and the label of every other field (and of the whole)."""

_UNDECLARED = FieldLabels(trust=Trust.UNTRUSTED, classification=Classification.RESTRICTED)
"""What an undeclared name is labelled: untrusted and restricted (fail closed)."""


def resolve_field_labels(spec: Source | FieldLabels, forced_untrusted: bool) -> FieldPlan:
    """The labels of a source or a tool's result resolved per field."""
    default_trust = spec.trust or Trust.UNTRUSTED
    default_class = spec.classification or Classification.INTERNAL
    if forced_untrusted:
        default_trust = Trust.UNTRUSTED

    def resolve(label: Label | None) -> FieldLabel:
        trust = (label.trust if label and label.trust else None) or default_trust
        if forced_untrusted:
            trust = Trust.UNTRUSTED
        cls = (label.classification if label and label.classification else None) or default_class
        trusted = trust is Trust.TRUSTED
        return FieldLabel(
            trusted,
            cls is Classification.RESTRICTED,
            # A trusted field of third-party content (an e-mail's sender) is authentic, not
            # vouched for: the sender may be the attacker.
            trusted and default_trust is Trust.UNTRUSTED,
            trust.rank,
            cls.rank,
        )

    return {name: resolve(label) for name, label in spec.fields.items()}, resolve(None)


def _has_mapping(value: object) -> bool:
    if isinstance(value, Mapping):
        return True
    return isinstance(value, list) and any(isinstance(v, Mapping) for v in value)
