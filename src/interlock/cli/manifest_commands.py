"""`interlock check`, `interlock graph` and `interlock schema`: the declared system."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated, assert_never

import orjson
import typer
from rich.markup import escape
from rich.table import Table

from interlock.cli._output import OutputFormat, print_json, stdout
from interlock.errors import ManifestError, Problem
from interlock.manifest import Graph, Manifest, Severity, analyse, load_manifest
from interlock.manifest.load import resolve_manifest_path


class GraphFormat(enum.StrEnum):
    """Graph renderings."""

    MERMAID = "mermaid"
    DOT = "dot"
    JSON = "json"


class SchemaName(enum.StrEnum):
    """Schemas `interlock schema` can print."""

    MANIFEST = "manifest"


def check(
    paths: Annotated[
        list[Path], typer.Argument(help="Manifest files or directories holding interlock.yaml.")
    ],
    fail_on: Annotated[
        Severity, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this.")
    ] = Severity.HIGH,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = (
        OutputFormat.TEXT
    ),
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge review dates as of this day (YYYY-MM-DD)."),
    ] = None,
) -> None:
    """Validate manifests and list their risk findings.

    Exit 0 when clean, 1 when a finding is at or above --fail-on, 2 on bad input.
    """
    today = _parse_day(as_of)
    results: list[dict[str, object]] = []
    failing = False
    problems: list[Problem] = []
    for path in paths:
        try:
            file = resolve_manifest_path(path)
            manifest = load_manifest(file)
        except ManifestError as exc:
            problems.extend(exc.problems)
            continue
        findings = analyse(manifest, today=today)
        failing |= any(f.severity.rank >= fail_on.rank for f in findings)
        results.append(
            {
                "manifest": str(file),
                "system": manifest.system,
                "findings": [f.to_dict() for f in findings],
            }
        )
    if problems:
        # Bad input wins over findings: the report of a file we could not read is not a pass.
        raise ManifestError(problems)
    if output.is_machine():
        print_json({"fail_on": fail_on.value, "failed": failing, "results": results})
    else:
        for result in results:
            _print_findings(result, fail_on)
    if failing:
        raise typer.Exit(1)


def _parse_day(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ManifestError(
            [Problem("--as-of", 0, 0, "", f"{text!r} is not a date (YYYY-MM-DD)")]
        ) from None


_COLOURS = {
    "critical": "bold red",
    "high": "red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}


def _print_findings(result: dict[str, object], fail_on: Severity) -> None:
    findings = result["findings"]
    assert isinstance(findings, list)
    stdout.print(f"[bold]{result['system']}[/]  [dim]{result['manifest']}[/]")
    if not findings:
        stdout.print("  [green]no findings[/]\n")
        return
    summary = Table(box=None, pad_edge=False, show_header=True, header_style="dim")
    summary.add_column("severity")
    for group in ("F1", "F2", "F3", "F4", "F5", "F6", "F7"):
        summary.add_column(group, justify="right")
    for severity in reversed(Severity):
        row = [
            sum(1 for f in findings if f["severity"] == severity and f["failure"] == g)
            for g in ("F1", "F2", "F3", "F4", "F5", "F6", "F7")
        ]
        if any(row):
            summary.add_row(
                f"[{_COLOURS[severity]}]{severity.value}[/]", *(str(n) if n else "·" for n in row)
            )
    stdout.print(summary)
    stdout.print()
    for f in findings:
        sev = str(f["severity"])
        stdout.print(
            f"[{_COLOURS[sev]}]{sev.upper():8}[/] {f['failure']}  {escape(str(f['title']))}",
            highlight=False,
        )
        stdout.print(f"         [dim]id[/]   {f['id']}", highlight=False)
        path = escape(" → ".join(f["path"]))
        stdout.print(f"         [dim]path[/] {path}", highlight=False)
        stdout.print(f"         [dim]fix[/]  {escape(str(f['fix']))}", highlight=False)
    at_or_above = sum(1 for f in findings if Severity(f["severity"]).rank >= fail_on.rank)
    stdout.print(f"\n{len(findings)} finding(s), {at_or_above} at or above {fail_on.value}\n")


def graph(
    path: Annotated[Path, typer.Argument(help="Manifest file or directory.")],
    output: Annotated[GraphFormat, typer.Option("--format", help="mermaid, dot or json.")] = (
        GraphFormat.MERMAID
    ),
) -> None:
    """Print the component graph: sources and tool results into agents, agents to tools."""
    built = Graph.build(load_manifest(path))
    match output:
        case GraphFormat.MERMAID:
            typer.echo(built.to_mermaid(), nl=False)
        case GraphFormat.DOT:
            typer.echo(built.to_dot(), nl=False)
        case GraphFormat.JSON:
            print_json(
                {
                    "system": built.manifest.system,
                    "nodes": [{"id": n, "kind": k} for n, k in built.nodes.items()],
                    "edges": [{"from": e.src, "to": e.dst, "kind": e.kind} for e in built.edges],
                }
            )
        case _:
            assert_never(output)


def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which schema.")] = SchemaName.MANIFEST,
) -> None:
    """Print a JSON Schema, for editors to validate files as people type."""
    match name:
        case SchemaName.MANIFEST:
            document = Manifest.model_json_schema(by_alias=True)
            document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            document["title"] = "Interlock manifest (interlock.yaml)"
        case _:
            assert_never(name)
    typer.echo(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode())


def register(app: typer.Typer) -> None:
    """Add the manifest commands to the top-level app."""
    app.command()(check)
    app.command()(graph)
    app.command()(schema)
