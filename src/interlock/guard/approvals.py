"""Approvals: a consequential call waits for a person who is not the one asking.

An approval is created pending (id, requester, expiry, the call); an approver other than
the requester approves or denies it; an approval past its expiry is expired (which denies).
The queue is a store with two implementations: in memory for one process, SQLite for a
queue shared with `interlock approvals list|approve|deny`. Approving a call lets the same
call (same session, tool and argument digest) through once.
"""

from __future__ import annotations

import enum
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from interlock.errors import ApprovalError

DEFAULT_TTL_SECONDS = 3600


class Status(enum.StrEnum):
    """Where an approval stands."""

    PENDING = "pending"
    APPROVED = "approved"
    DENIED = "denied"
    EXPIRED = "expired"
    CONSUMED = "consumed"


@dataclass(frozen=True)
class Approval:
    """One request for a person's decision on one call."""

    id: str
    system: str
    session: str
    agent: str
    requester: str
    tool: str
    args_digest: str
    args_preview: str
    reasons: str
    created_at: float
    expires_at: float
    status: Status = Status.PENDING
    decided_by: str | None = None
    decided_at: float | None = None
    note: str | None = None

    def effective_status(self, now: float) -> Status:
        """The status, with a pending approval past its expiry counted as expired."""
        if self.status is Status.PENDING and now >= self.expires_at:
            return Status.EXPIRED
        return self.status


class ApprovalStore(Protocol):
    """Where approvals live; implementations must be safe to call from several threads."""

    def create(self, approval: Approval) -> None:
        """Add a new pending approval."""

    def get(self, approval_id: str) -> Approval | None:
        """The approval with this id, or None."""

    def find(self, session: str, tool: str, args_digest: str) -> Approval | None:
        """The newest approval for this exact call in this session, or None."""

    def update(self, approval: Approval) -> None:
        """Replace the stored approval with the same id."""

    def list(self, status: Status | None = None) -> list[Approval]:
        """Approvals, newest first, optionally only those with `status`."""


def decide(
    store: ApprovalStore,
    approval_id: str,
    *,
    approver: str,
    approve: bool,
    note: str | None = None,
    now: float | None = None,
) -> Approval:
    """Approve or deny a pending approval as `approver`.

    Raises `ApprovalError` when it does not exist, is no longer pending (decided or expired),
    or when the approver is the requester.
    """
    moment = time.time() if now is None else now
    approval = store.get(approval_id)
    if approval is None:
        raise ApprovalError(f"no approval with id {approval_id!r}")
    if not approver.strip():
        raise ApprovalError("an approver must be named")
    status = approval.effective_status(moment)
    if status is Status.EXPIRED:
        store.update(replace(approval, status=Status.EXPIRED))
        raise ApprovalError(f"approval {approval_id} expired at {_iso(approval.expires_at)}")
    if status is not Status.PENDING:
        raise ApprovalError(f"approval {approval_id} is already {status.value}")
    if approver.strip().casefold() == approval.requester.strip().casefold():
        raise ApprovalError(
            f"{approver!r} requested this call and cannot approve it; another person must"
        )
    decided = replace(
        approval,
        status=Status.APPROVED if approve else Status.DENIED,
        decided_by=approver,
        decided_at=moment,
        note=note,
    )
    store.update(decided)
    return decided


def new_approval(
    *,
    system: str,
    session: str,
    agent: str,
    requester: str,
    tool: str,
    args_digest: str,
    args_preview: str,
    reasons: str,
    ttl_seconds: float,
    now: float | None = None,
) -> Approval:
    """A fresh pending approval with a random id."""
    moment = time.time() if now is None else now
    return Approval(
        id="apr_" + uuid.uuid4().hex[:20],
        system=system,
        session=session,
        agent=agent,
        requester=requester,
        tool=tool,
        args_digest=args_digest,
        args_preview=args_preview,
        reasons=reasons,
        created_at=moment,
        expires_at=moment + ttl_seconds,
    )


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


class MemoryApprovalStore:
    """Approvals for one process, indexed by id and by call."""

    def __init__(self) -> None:
        self._items: dict[str, Approval] = {}
        self._by_call: dict[tuple[str, str, str], str] = {}
        self._lock = threading.Lock()

    def create(self, approval: Approval) -> None:
        """Add a new pending approval (the newest for its call)."""
        with self._lock:
            self._items[approval.id] = approval
            self._by_call[(approval.session, approval.tool, approval.args_digest)] = approval.id

    def get(self, approval_id: str) -> Approval | None:
        """The approval with this id, or None."""
        with self._lock:
            return self._items.get(approval_id)

    def find(self, session: str, tool: str, args_digest: str) -> Approval | None:
        """The newest approval for this exact call in this session, or None."""
        with self._lock:
            approval_id = self._by_call.get((session, tool, args_digest))
            return self._items.get(approval_id) if approval_id is not None else None

    def update(self, approval: Approval) -> None:
        """Replace the stored approval with the same id."""
        with self._lock:
            self._items[approval.id] = approval

    def list(self, status: Status | None = None) -> list[Approval]:
        """Approvals, newest first, optionally only those with `status`."""
        now = time.time()
        with self._lock:
            items = list(self._items.values())
        return sorted(
            (a for a in items if status is None or a.effective_status(now) is status),
            key=lambda a: a.created_at,
            reverse=True,
        )


_COLUMNS = (
    "id",
    "system",
    "session",
    "agent",
    "requester",
    "tool",
    "args_digest",
    "args_preview",
    "reasons",
    "created_at",
    "expires_at",
    "status",
    "decided_by",
    "decided_at",
    "note",
)


class SqliteApprovalStore:
    """Approvals in a SQLite file shared between guards and the `interlock approvals` CLI."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS approvals ("
                "id TEXT PRIMARY KEY, system TEXT NOT NULL, session TEXT NOT NULL,"
                " agent TEXT NOT NULL, requester TEXT NOT NULL, tool TEXT NOT NULL,"
                " args_digest TEXT NOT NULL, args_preview TEXT NOT NULL, reasons TEXT NOT NULL,"
                " created_at REAL NOT NULL, expires_at REAL NOT NULL, status TEXT NOT NULL,"
                " decided_by TEXT, decided_at REAL, note TEXT)"
            )
            self._db.execute(
                "CREATE INDEX IF NOT EXISTS approvals_call ON approvals(session, tool, args_digest)"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise ApprovalError(f"{self.path}: cannot open the approval queue: {exc}") from exc
        self._lock = threading.Lock()

    def _row(self, row: tuple[object, ...] | None) -> Approval | None:
        if row is None:
            return None
        data = dict(zip(_COLUMNS, row, strict=True))
        data["status"] = Status(str(data["status"]))
        return Approval(**data)  # type: ignore[arg-type]

    def _run(self, sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        try:
            with self._lock:
                rows = self._db.execute(sql, params).fetchall()
                self._db.commit()
        except sqlite3.Error as exc:
            raise ApprovalError(f"{self.path}: approval queue error: {exc}") from exc
        return rows

    def create(self, approval: Approval) -> None:
        """Add a new pending approval; raises `ApprovalError` on a database error."""
        values = tuple(
            getattr(approval, c).value if c == "status" else getattr(approval, c) for c in _COLUMNS
        )
        placeholders = ",".join("?" for _ in _COLUMNS)
        self._run(f"INSERT INTO approvals VALUES ({placeholders})", values)  # noqa: S608

    def get(self, approval_id: str) -> Approval | None:
        """The approval with this id, or None."""
        rows = self._run(
            f"SELECT {','.join(_COLUMNS)} FROM approvals WHERE id = ?",  # noqa: S608
            (approval_id,),
        )
        return self._row(rows[0] if rows else None)

    def find(self, session: str, tool: str, args_digest: str) -> Approval | None:
        """The newest approval for this exact call in this session, or None."""
        rows = self._run(
            f"SELECT {','.join(_COLUMNS)} FROM approvals"  # noqa: S608
            " WHERE session = ? AND tool = ? AND args_digest = ?"
            " ORDER BY created_at DESC LIMIT 1",
            (session, tool, args_digest),
        )
        return self._row(rows[0] if rows else None)

    def update(self, approval: Approval) -> None:
        """Replace the stored approval with the same id."""
        self._run(
            "UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, note = ?"
            " WHERE id = ?",
            (
                approval.status.value,
                approval.decided_by,
                approval.decided_at,
                approval.note,
                approval.id,
            ),
        )

    def list(self, status: Status | None = None) -> list[Approval]:
        """Approvals, newest first, optionally only those with `status`."""
        rows = self._run(
            f"SELECT {','.join(_COLUMNS)} FROM approvals ORDER BY created_at DESC",  # noqa: S608
            (),
        )
        now = time.time()
        items = [a for a in (self._row(r) for r in rows) if a is not None]
        return [a for a in items if status is None or a.effective_status(now) is status]

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
