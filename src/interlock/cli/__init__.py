"""The `interlock` command: parse, call the library, map `Error` to exit codes.

Exit codes: 0 success, 1 a policy/verification failure (findings at or above the threshold,
a tampered log), 2 bad input or usage. Command groups live one per module.
"""

from __future__ import annotations

import sys

import click
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
    from interlock.cli import manifest_commands

    manifest_commands.register(app)


_register()


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with its code; `Error`s become a located message and exit 2 (or 1)."""
    try:
        result = app(args=argv, standalone_mode=False)
    except Error as exc:
        _output.stderr.print(f"[bold red]error:[/] {exc.diagnostics()}", markup=True, highlight=False)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    sys.exit(result if isinstance(result, int) else 0)
