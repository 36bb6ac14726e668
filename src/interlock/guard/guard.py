"""The guard: one compiled policy, shared directories and approvals, and the evidence sink.

`Guard.from_manifest` loads the manifest, rule files and packs once, compiles them, and
opens the evidence sink (the signed log by default). Sessions are cheap; everything they
need is precompiled here.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from interlock.errors import EvidenceError, GuardError
from interlock.evidence.interface import Event, EvidenceSink
from interlock.guard.approvals import (
    DEFAULT_TTL_SECONDS,
    ApprovalStore,
    MemoryApprovalStore,
    SqliteApprovalStore,
)
from interlock.guard.provenance import ProvenanceIndex
from interlock.guard.rule_code import RuleCheck, compile_rules
from interlock.guard.session import FieldPlan, Session
from interlock.manifest import Manifest, load_manifest
from interlock.manifest.load import resolve_manifest_path
from interlock.policy.compile import CallPlan, CompiledPolicy, compile_policy
from interlock.policy.packs import load_pack
from interlock.policy.rules import LoadedRule, load_rules

current_session: contextvars.ContextVar[Session | None] = contextvars.ContextVar(
    "interlock_session", default=None
)
"""The session of the running `with guard.session(...)` block, for wrapped tools."""


class Guard:
    """An enforcement point: decides tool calls for every session of one system."""

    def __init__(
        self,
        policy: CompiledPolicy,
        *,
        sink: EvidenceSink,
        approvals: ApprovalStore | None = None,
        approval_ttl: float = DEFAULT_TTL_SECONDS,
        enforcement_point: str = "local",
    ) -> None:
        self.policy = policy
        self.sink = sink
        self.approvals: ApprovalStore = approvals or MemoryApprovalStore()
        self.approval_ttl = approval_ttl
        self.enforcement_point = enforcement_point
        self.directory_index = ProvenanceIndex()
        self.sink_errors = 0
        self._emit = sink.emit
        self._rule_checks: dict[tuple[str, str], RuleCheck] = {}
        self.field_plans: dict[tuple[int, bool], FieldPlan] = {}
        """Result labels resolved per field, per (source or tool result, forced untrusted)."""
        self._rule_checks_lock = threading.Lock()

    def rule_check(self, plan: CallPlan) -> RuleCheck:
        """The compiled rules of `plan`, built on first use (a plan is used by many calls)."""
        key = (plan.agent.id, plan.tool.id)
        check = self._rule_checks.get(key)
        if check is None:
            with self._rule_checks_lock:
                check = self._rule_checks.get(key)
                if check is None:
                    check = compile_rules(plan.rules, plan.tool.id)
                    self._rule_checks[key] = check
        return check

    @classmethod
    def from_manifest(
        cls,
        manifest: str | Path | Manifest,
        *,
        policies: Sequence[str | Path] = (),
        packs: Sequence[str] = (),
        evidence: str | Path | EvidenceSink | None = None,
        approvals: str | Path | ApprovalStore | None = None,
        approval_ttl: float = DEFAULT_TTL_SECONDS,
        enforcement_point: str = "local",
    ) -> Guard:
        """Load, compile and open everything a guard needs.

        `evidence` is a sink, a path (`.jsonl` for a plain JSON Lines trail, anything else a
        signed log: SQLite file or `postgresql://` URL), or None for the manifest's
        `evidence` block, else the signed log at `.interlock/evidence.db`. `approvals` is a
        store or a SQLite path shared with `interlock approvals`; None keeps them in memory.
        Raises `ManifestError`, `PolicyError`, `EvidenceError` or `SigningKeyError`.
        """
        if isinstance(manifest, Manifest):
            model = manifest
            base = Path.cwd()
        else:
            file = resolve_manifest_path(manifest)
            model = load_manifest(file)
            base = file.parent
        rules: list[LoadedRule] = []
        for name in packs:
            rules.extend(load_pack(name))
        rules.extend(load_rules(policies))
        policy = compile_policy(model, rules)
        sink = _open_sink(evidence, model, enforcement_point, base)
        store: ApprovalStore | None
        if approvals is None or isinstance(approvals, str | Path):
            store = SqliteApprovalStore(approvals) if approvals is not None else None
        else:
            store = approvals
        return cls(
            policy,
            sink=sink,
            approvals=store,
            approval_ttl=approval_ttl,
            enforcement_point=enforcement_point,
        )

    def emit(self, event: Event) -> None:
        """Hand an event to the sink; a failing sink is counted and re-raised (fail loud)."""
        try:
            self._emit(event)
        except EvidenceError:
            self.sink_errors += 1
            raise

    def add_directory(self, source: str, entries: Iterable[object]) -> None:
        """Vouch for identifiers of a trusted directory (contacts, payees, own domains) in
        every session. Raises `GuardError` when `source` is not a trusted directory source.
        """
        declared = self.policy.manifest.source(source)
        if (
            declared is None
            or declared.kind.value != "directory"
            or declared.trust.value != "trusted"
        ):
            raise GuardError(f"{source!r} is not a declared trusted directory source")
        self.directory_index.add(list(entries), trusted=True, directory=True)
        # Sessions read this index from their own threads: leave no queue for them to drain.
        self.directory_index.drain_hosts()

    @contextmanager
    def session(
        self,
        *,
        agent: str,
        user: str | None = None,
        population: str | None = None,
        principal_ids: Iterable[str] = (),
        session_id: str | None = None,
        today: dt.date | None = None,
    ) -> Iterator[Session]:
        """Open a session for one run of `agent` on behalf of `user`.

        `principal_ids` are the user's own identifiers (their address, account): trusted.
        `today` is the user's date in their time zone, for the days their words name
        relative to it ("tomorrow", "next Tuesday"); without it, the UTC date.
        An undeclared agent still gets a session, in which every call is denied.
        """
        active = self.open_session(
            agent=agent,
            user=user,
            population=population,
            principal_ids=principal_ids,
            session_id=session_id,
            today=today,
        )
        token = current_session.set(active)
        try:
            yield active
        finally:
            current_session.reset(token)
            active.close()

    def open_session(
        self,
        *,
        agent: str,
        user: str | None = None,
        population: str | None = None,
        principal_ids: Iterable[str] = (),
        session_id: str | None = None,
        today: dt.date | None = None,
    ) -> Session:
        """A session managed by the caller (close it, or use it as a context manager).
        Raises `GuardError` when a name is not text."""
        names: dict[str, object] = {
            "agent": agent,
            "user": user,
            "population": population,
            "session_id": session_id,
        }
        for field, value in names.items():
            if not isinstance(value, str) and (value is not None or field == "agent"):
                raise GuardError(f"{field} must be text, not {type(value).__name__}")
        return Session(
            self,
            session_id=session_id or "ses_" + uuid.uuid4().hex[:20],
            agent=agent,
            user=user,
            population=population,
            principal_ids=principal_ids,
            today=today,
        )

    def flush(self) -> None:
        """Make every event so far durable in the evidence sink."""
        self.sink.flush()

    def close(self) -> None:
        """Flush and close the evidence sink (and a SQLite approval queue)."""
        self.sink.close()
        closer = getattr(self.approvals, "close", None)
        if callable(closer):
            closer()

    def __enter__(self) -> Guard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_sink(
    evidence: str | Path | EvidenceSink | None, manifest: Manifest, point: str, base: Path
) -> EvidenceSink:
    from interlock.evidence import open_log
    from interlock.evidence.sinks import JsonlSink

    if evidence is not None and not isinstance(evidence, str | Path):
        return evidence
    key: Path | None = None
    if evidence is None and manifest.evidence is not None:
        location: str | Path = manifest.evidence.store
        if not str(location).startswith("postgresql://") and not Path(location).is_absolute():
            location = base / location
        if manifest.evidence.signing_key:
            key = Path(manifest.evidence.signing_key)
            if not key.is_absolute():
                key = base / key
    else:
        location = evidence if evidence is not None else Path(".interlock/evidence.db")
    if str(location).endswith(".jsonl"):
        return JsonlSink(location)
    return open_log(location, system=manifest.system, enforcement_point=point, signing_key=key)
