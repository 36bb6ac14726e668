"""The `interlock` command: parse, call the library, map `Error` to exit codes.

Exit codes: 0 success, 1 a policy/verification failure (findings at or above the threshold,
a tampered log), 2 bad input or usage. Command groups live one per module.
"""

from __future__ import annotations

import sys

import typer

from interlock.cli import _output
from interlock.errors import Error

app = typer.Typer(
    name="interlock",
    help="Keep AI systems safe after the pilot: manifests, risk paths, guard, evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # One module per command group; each adds its commands to `app`.
    from interlock.cli import approvals_commands, manifest_commands

    manifest_commands.register(app)
    approvals_commands.register(app)
    from interlock.cli import evidence_commands, keys_commands

    evidence_commands.register(app)
    keys_commands.register(app)


_register()


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with its code; an `Error` becomes a located message, not a traceback."""
    try:
        app(args=argv)
    except Error as exc:
        for line in exc.diagnostics().splitlines() or [type(exc).__name__]:
            _output.stderr.print(f"error: {line}", markup=False, highlight=False)
        sys.exit(exc.exit_code)
