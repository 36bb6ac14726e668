"""`interlock evidence ...`: verify, prove, check-proof, query and export the signed log."""

from __future__ import annotations

import csv
import enum
import sys
from pathlib import Path
from typing import Annotated, assert_never

import typer
from rich.table import Table

from interlock.cli import _output
from interlock.errors import EvidenceError, VerificationError
from interlock.evidence import DEFAULT_LOCATION, default_paths
from interlock.evidence.keys import TrustStore
from interlock.evidence.log import read_head
from interlock.evidence.proof import InclusionProof, check_proof, prove
from interlock.evidence.query import COLUMNS, QueryResult, query, query_parquet
from interlock.evidence.store import Store, open_store
from interlock.evidence.verify import verify_store

evidence = typer.Typer(
    help="Verify, prove, query and export the signed evidence log.", no_args_is_help=True
)

StoreOpt = Annotated[
    str,
    typer.Option(
        "--store",
        "-s",
        envvar="INTERLOCK_EVIDENCE",
        help="SQLite file or postgresql:// URL of the evidence store.",
    ),
]
TrustOpt = Annotated[
    Path | None,
    typer.Option(
        "--trust", help="Trust file of public keys [default: keys/trust.json by the store]."
    ),
]
EpOpt = Annotated[str | None, typer.Option("--ep", help="Only this enforcement point's chain.")]
FormatOpt = Annotated[_output.OutputFormat, typer.Option("--format", "-f", help="Output format.")]


_DEFAULT_TRUST = default_paths(DEFAULT_LOCATION).trust


class QueryFormat(enum.StrEnum):
    """How `evidence query` prints rows."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class ExportFormat(enum.StrEnum):
    """What `evidence export` writes."""

    JSONL = "jsonl"
    PARQUET = "parquet"


def _trust(store: str, trust: Path | None) -> TrustStore:
    path = trust if trust is not None else default_paths(store).trust
    return TrustStore.load(path)


def _only_chain(st: Store, ep: str | None) -> str:
    eps = st.enforcement_points()
    if ep is not None:
        if ep not in eps:
            raise EvidenceError(f"{st.location}: no chain for enforcement point {ep!r}")
        return ep
    if len(eps) != 1:
        found = ", ".join(eps) or "none"
        raise EvidenceError(f"{st.location}: choose a chain with --ep (found: {found})")
    return eps[0]


@evidence.command("verify")
def verify_cmd(
    store: StoreOpt = DEFAULT_LOCATION,
    trust: TrustOpt = None,
    ep: EpOpt = None,
    head: Annotated[
        Path | None,
        typer.Option(help="Head witness to check against [default: the store's, if present]."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (0 = none) [default: all cores].")
    ] = None,
    fmt: FormatOpt = _output.OutputFormat.TEXT,
) -> None:
    """Check every link, checkpoint signature and root, and sequence continuity.

    Exits 1 naming the first bad record when anything is wrong.
    """
    st = open_store(store, readonly=True)
    try:
        trust_store = _trust(store, trust)
        head_path = head if head is not None else default_paths(store).head
        witness = None
        if head_path is not None and (head is not None or head_path.exists()):
            witness = read_head(head_path)
        reports = verify_store(st, trust_store, ep=ep, head=witness, workers=workers)
    finally:
        st.close()
    if fmt.is_machine():
        _output.print_json(
            [
                {
                    "ep": r.ep,
                    "ok": not r.problems,
                    "records": r.records,
                    "checkpoints": r.checkpoints,
                    "signed_size": r.signed_size,
                    "key_ids": sorted(r.key_ids),
                    "first_problem": None if r.first_problem is None else str(r.first_problem),
                    "problems": [str(p) for p in sorted(r.problems)],
                    "seconds": round(r.seconds, 3),
                }
                for r in reports
            ]
        )
    else:
        for r in reports:
            mark = "[green]ok[/]" if not r.problems else "[bold red]FAILED[/]"
            rate = r.records / r.seconds if r.seconds else 0.0
            _output.stdout.print(
                f"{mark} chain {r.ep}: {r.records} records, {r.checkpoints} checkpoints, "
                f"signed through {r.signed_size} by {', '.join(sorted(r.key_ids)) or 'no key'} "
                f"({r.seconds:.2f}s, {rate:,.0f} records/s)",
                highlight=False,
            )
            for p in sorted(r.problems)[:20]:
                _output.stdout.print(f"  {p}", highlight=False, markup=False)
    for r in reports:
        r.raise_for_problems()


@evidence.command("prove")
def prove_cmd(
    seq: Annotated[int, typer.Argument(help="Sequence number of the record to prove.")],
    store: StoreOpt = DEFAULT_LOCATION,
    ep: EpOpt = None,
    checkpoint: Annotated[
        int | None,
        typer.Option(help="Tree size of the checkpoint to prove against [default: latest]."),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the proof here.")] = None,
) -> None:
    """Print an inclusion proof of record SEQ that checks without the rest of the log."""
    st = open_store(store, readonly=True)
    try:
        proof = prove(st, _only_chain(st, ep), seq, tree_size=checkpoint)
    finally:
        st.close()
    if out is None:
        _output.print_json(proof.to_json())
    else:
        import orjson

        out.write_bytes(orjson.dumps(proof.to_json(), option=orjson.OPT_INDENT_2) + b"\n")
        _output.stderr.print(f"wrote proof of record {seq} to {out}", highlight=False)


@evidence.command("check-proof")
def check_proof_cmd(
    proof_file: Annotated[
        Path, typer.Argument(help="Proof file from `evidence prove` ('-' = stdin).")
    ],
    trust: Annotated[
        Path, typer.Option("--trust", help="Trust file of public keys.")
    ] = _DEFAULT_TRUST,
) -> None:
    """Check an inclusion proof offline against the trust file; exits 1 if it does not hold."""
    if str(proof_file) == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = proof_file.read_bytes()
        except OSError as exc:
            raise EvidenceError(f"{proof_file}: cannot read proof: {exc.strerror}") from exc
    try:
        proof = InclusionProof.loads(data)
    except VerificationError as exc:
        # A malformed file is bad input, not a failed proof.
        raise EvidenceError(f"{proof_file}: {exc}") from exc
    check_proof(proof, TrustStore.load(trust))
    cp = proof.checkpoint
    _output.stdout.print(
        f"ok: record {proof.seq} of chain {proof.ep} is in the checkpoint of size "
        f"{cp.tree_size} signed by {cp.key_id}",
        highlight=False,
    )


def _print_rows(result: QueryResult, fmt: QueryFormat) -> None:
    match fmt:
        case QueryFormat.JSON:
            _output.print_json([dict(zip(result.columns, row, strict=True)) for row in result.rows])
        case QueryFormat.CSV:
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(result.columns)
            writer.writerows(result.rows)
        case QueryFormat.TABLE:
            table = Table(*result.columns)
            for row in result.rows:
                table.add_row(*("" if v is None else str(v) for v in row))
            _output.stdout.print(table)
            _output.stderr.print(f"{len(result.rows)} rows", highlight=False)
        case _:
            assert_never(fmt)


@evidence.command("query")
def query_cmd(
    sql: Annotated[str, typer.Argument(help="One SELECT over the `evidence` view.")],
    store: StoreOpt = DEFAULT_LOCATION,
    ep: EpOpt = None,
    parquet: Annotated[
        Path | None, typer.Option(help="Query a Parquet export with DuckDB instead of the store.")
    ] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.TABLE,
) -> None:
    """Run SQL over a read-only `evidence` view with typed columns (see `evidence columns`)."""
    if parquet is not None:
        result = query_parquet(parquet, sql)
    else:
        st = open_store(store, readonly=True)
        try:
            result = query(st, sql, ep=ep)
        finally:
            st.close()
    _print_rows(result, fmt)


@evidence.command("columns")
def columns_cmd() -> None:
    """List the columns of the `evidence` view."""
    table = Table("column", "type", "meaning")
    for name, sqltype, _, meaning in COLUMNS:
        table.add_row(name, sqltype, meaning)
    _output.stdout.print(table)


@evidence.command("export")
def export_cmd(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.JSONL,
    store: StoreOpt = DEFAULT_LOCATION,
    ep: EpOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (JSONL defaults to stdout).")
    ] = None,
) -> None:
    """Export records as JSON Lines (exact, re-verifiable) or Parquet (typed columns)."""
    from interlock.evidence.export import export_jsonl, export_parquet

    st = open_store(store, readonly=True)
    try:
        match fmt:
            case ExportFormat.JSONL:
                if out is None:
                    n = export_jsonl(st, sys.stdout.buffer, ep=ep)
                    sys.stdout.buffer.flush()
                else:
                    with out.open("wb") as f:
                        n = export_jsonl(st, f, ep=ep)
            case ExportFormat.PARQUET:
                if out is None:
                    raise EvidenceError("--format parquet needs --out FILE")
                n = export_parquet(st, out, ep=ep)
            case _:
                assert_never(fmt)
    finally:
        st.close()
    _output.stderr.print(f"exported {n} records", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the `evidence` command group to `app`."""
    app.add_typer(evidence, name="evidence")
