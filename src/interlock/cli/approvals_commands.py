"""`interlock approvals list|approve|deny`: the persistent approval queue, for people."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from interlock.cli._output import OutputFormat, print_json, stdout
from interlock.guard.approvals import Approval, SqliteApprovalStore, Status, decide

DEFAULT_QUEUE = Path(".interlock/approvals.db")

app = typer.Typer(help="Review calls that wait for a person's approval.", no_args_is_help=True)

StoreOption = Annotated[
    Path, typer.Option("--store", help="The approval queue (SQLite) the guards share.")
]


def _as_dict(a: Approval, now: float) -> dict[str, object]:
    return {
        "id": a.id,
        "status": a.effective_status(now).value,
        "system": a.system,
        "session": a.session,
        "agent": a.agent,
        "requester": a.requester,
        "tool": a.tool,
        "arguments": a.args_preview,
        "args_digest": a.args_digest,
        "reasons": a.reasons,
        "created_at": _iso(a.created_at),
        "expires_at": _iso(a.expires_at),
        "decided_by": a.decided_by,
        "decided_at": _iso(a.decided_at) if a.decided_at else None,
        "note": a.note,
    }


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


@app.command("list")
def list_approvals(
    store: StoreOption = DEFAULT_QUEUE,
    status: Annotated[
        Status | None, typer.Option("--status", help="Only approvals with this status.")
    ] = Status.PENDING,
    every: Annotated[
        bool, typer.Option("--all", help="Every approval, whatever its status.")
    ] = False,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TEXT,
) -> None:
    """List approvals (pending ones by default), newest first."""
    queue = SqliteApprovalStore(store)
    try:
        items = queue.list(None if every else status)
    finally:
        queue.close()
    now = time.time()
    if output.is_machine():
        print_json([_as_dict(a, now) for a in items])
        return
    if not items:
        stdout.print("no approvals" + ("" if every else f" with status {status}"))
        return
    table = Table(show_lines=True)
    for column in ("id", "status", "requester", "agent", "tool", "arguments", "why", "expires"):
        table.add_column(column, overflow="fold")
    for a in items:
        table.add_row(
            a.id,
            a.effective_status(now).value,
            escape(a.requester),
            escape(a.agent),
            escape(a.tool),
            escape(a.args_preview[:300]),
            escape(a.reasons[:300]),
            _iso(a.expires_at),
        )
    stdout.print(table)


def _decide(store: Path, approval_id: str, approver: str, note: str | None, approve: bool) -> None:
    queue = SqliteApprovalStore(store)
    try:
        decided = decide(queue, approval_id, approver=approver, approve=approve, note=note)
    finally:
        queue.close()
    stdout.print(f"{decided.id}: {decided.status.value} by {escape(approver)}")


@app.command()
def approve(
    approval_id: Annotated[str, typer.Argument(help="The approval id (apr_…).")],
    approver: Annotated[str, typer.Option("--approver", help="Who approves (not the requester).")],
    note: Annotated[str | None, typer.Option("--note")] = None,
    store: StoreOption = DEFAULT_QUEUE,
) -> None:
    """Approve a pending call; the same call then runs once. Exit 2 if it cannot be approved."""
    _decide(store, approval_id, approver, note, approve=True)


@app.command()
def deny(
    approval_id: Annotated[str, typer.Argument(help="The approval id (apr_…).")],
    approver: Annotated[str, typer.Option("--approver", help="Who decides (not the requester).")],
    note: Annotated[str | None, typer.Option("--note")] = None,
    store: StoreOption = DEFAULT_QUEUE,
) -> None:
    """Deny a pending call; the agent's retry of it is denied."""
    _decide(store, approval_id, approver, note, approve=False)


def register(root: typer.Typer) -> None:
    """Add `approvals` to the top-level app."""
    root.add_typer(app, name="approvals")
