"""`interlock keys ...`: generate, list and rotate the Ed25519 keys that sign evidence."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from interlock.cli import _output
from interlock.evidence import DEFAULT_LOCATION, default_paths
from interlock.evidence import keys as _keys

keys = typer.Typer(help="Manage the keys that sign evidence checkpoints.", no_args_is_help=True)

_DEFAULTS = default_paths(DEFAULT_LOCATION)
KeyOpt = Annotated[Path, typer.Option("--key", help="Private key file (created 0600).")]
TrustOpt = Annotated[Path, typer.Option("--trust", help="Trust file of public keys.")]


def _when(us: int | None) -> str:
    if us is None:
        return ""
    return datetime.fromtimestamp(us // 1_000_000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@keys.command("generate")
def generate_cmd(
    key: KeyOpt = _DEFAULTS.key,
    trust: TrustOpt = _DEFAULTS.trust,
    note: Annotated[str, typer.Option(help="A note stored with the public key.")] = "",
) -> None:
    """Create a signing key (refuses to overwrite one) and trust its public key."""
    created = _keys.generate(key, trust, note=note)
    _output.stdout.print(
        f"generated {created.key_id} at {key}; trusted in {trust}", highlight=False
    )


@keys.command("list")
def list_cmd(
    trust: TrustOpt = _DEFAULTS.trust,
    fmt: Annotated[
        _output.OutputFormat, typer.Option("--format", "-f")
    ] = _output.OutputFormat.TEXT,
) -> None:
    """List trusted public keys, with when each was added and retired."""
    store = _keys.TrustStore.load(trust)
    entries = store.keys()
    if fmt.is_machine():
        _output.print_json(
            [
                {
                    "key_id": k.key_id,
                    "added_us": k.added_us,
                    "retired_us": k.retired_us,
                    "status": "retired" if k.retired_us is not None else "active",
                    "note": k.note,
                }
                for k in entries
            ]
        )
        return
    table = Table("key id", "status", "added", "retired", "note")
    for k in entries:
        status = "retired" if k.retired_us is not None else "active"
        table.add_row(k.key_id, status, _when(k.added_us), _when(k.retired_us), k.note)
    _output.stdout.print(table)


@keys.command("rotate")
def rotate_cmd(
    key: KeyOpt = _DEFAULTS.key,
    trust: TrustOpt = _DEFAULTS.trust,
    note: Annotated[str, typer.Option(help="A note stored with the new public key.")] = "",
) -> None:
    """Replace the signing key; the old public key stays trusted for what it signed before."""
    old_id, new = _keys.rotate(key, trust, note=note)
    _output.stdout.print(
        f"rotated {old_id} -> {new.key_id}; {old_id} is retired (verifies checkpoints "
        "signed before now). Restart writers to pick up the new key.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add the `keys` command group to `app`."""
    app.add_typer(keys, name="keys")
