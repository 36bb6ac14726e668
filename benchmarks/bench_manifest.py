"""Benchmark: load and analyse a large generated manifest (500 tools, 50 agents, 100 sources).

The manifest is generated deterministically as YAML text, shaped like a real estate of
agents: ten teams, each a coordinator delegating to four workers (no cycles); tools across a
dozen business domains with a realistic mix of effects, parameters marked sensitive,
per-field result labels where third-party text sits beside system metadata; grants by name
with argument constraints, approvals on most irreversible tools, a few wildcard grants;
budgets, owner, review and evidence.

Each stage is timed separately and together, repeated (default 9 times; at least 7):

* parse      - read the file and build the located YAML tree (positions for errors)
* load       - parse + schema validation + cross-reference checks (`load_manifest`)
* analyse    - graph construction and every risk rule (`analyse`) on the loaded manifest
* total      - load + analyse, as `interlock check` does in-process
* check CLI  - `python -m interlock check FILE --format json` in a new process (imports too)

Usage: python benchmarks/bench_manifest.py [--repeat N] [--seed S] [--keep PATH] [--no-cli]
                                           [--check]
Target: total under 1 s on the reference machine (see docs/PERFORMANCE.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from interlock.located_yaml import read_file
from interlock.manifest import analyse, load_manifest

TARGET_SECONDS = 1.0
AS_OF = dt.date(2026, 11, 26)

# domain -> (result classification, whether its free text is written by third parties)
DOMAINS: dict[str, tuple[str, bool]] = {
    "crm": ("confidential", False),
    "erp": ("confidential", False),
    "billing": ("confidential", False),
    "payments": ("restricted", False),
    "hr": ("restricted", False),
    "mail": ("confidential", True),
    "chat": ("internal", True),
    "docs": ("internal", False),
    "web": ("public", True),
    "ticket": ("internal", True),
    "calendar": ("confidential", True),
    "storage": ("internal", False),
}
VERBS = {
    "read": ["get", "list", "search", "lookup"],
    "write": ["update", "create", "tag", "annotate"],
    "external": ["send", "post", "notify", "fetch"],
    "irreversible": ["pay", "refund", "delete", "transfer"],
}
EFFECT_WEIGHTS = {"read": 55, "write": 25, "external": 12, "irreversible": 8}
SOURCE_KINDS = ["retriever", "database", "directory", "files", "inbox", "web", "api", "chat"]
UNTRUSTED_KINDS = {"inbox", "web", "chat"}
CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"]


def generate(n_tools: int = 500, n_agents: int = 50, n_sources: int = 100, seed: int = 7) -> str:
    """The manifest as YAML text; the same arguments always give the same text."""
    rng = random.Random(seed)
    domains = list(DOMAINS)
    tools = [_tool(rng, i, domains[i % len(domains)]) for i in range(n_tools)]
    sources = [_source(rng, i, domains[i % len(domains)]) for i in range(n_sources)]
    agents = _agents(rng, n_agents, tools, sources)
    document = {
        "system": "bench-estate",
        "description": "Generated estate of agents for the manifest benchmark.",
        "owner": {
            "name": "Bench Owner",
            "email": "owner@example.com",
            "team": "ai-platform",
            "oncall": "ai-platform-oncall",
            "escalation": "security-duty",
        },
        "environment": "production",
        "regions": ["eu-west-1", "us-east-1", "ap-northeast-1"],
        "users": [
            {"population": "internal", "authenticated": True},
            {"population": "customers", "authenticated": True},
        ],
        "models": [
            {"id": "planner-llm", "provider": "anthropic", "name": "claude-sonnet-4"},
            {"id": "worker-llm", "provider": "openai", "name": "gpt-4.1-mini"},
        ],
        "sources": sources,
        "tools": tools,
        "agents": agents,
        "review": {"cadence_days": 30, "last": AS_OF - dt.timedelta(days=10)},
        "evidence": {"store": ".interlock/evidence.db", "signing_key": "keys/bench.key"},
    }
    return yaml.safe_dump(document, sort_keys=False, width=100, allow_unicode=True)


def _tool(rng: random.Random, index: int, domain: str) -> dict[str, Any]:
    effect = rng.choices(list(EFFECT_WEIGHTS), weights=list(EFFECT_WEIGHTS.values()))[0]
    ident = f"{domain}_{rng.choice(VERBS[effect])}_{index:03d}"
    params: dict[str, Any]
    if effect == "read":
        params = {
            "record_id": {"type": "string"},
            "query": {"type": "string", "required": False},
            "limit": {"type": "integer", "required": False},
        }
    elif effect == "write":
        params = {
            "record_id": {"type": "string"},
            "field": {"type": "string"},
            "value": {"type": "string"},
        }
    elif effect == "external":
        target = rng.choice([("to", "destination"), ("channel", "destination"), ("url", "url")])
        params = {
            target[0]: {"type": "string", "sensitive": target[1]},
            "subject": {"type": "string", "required": False},
            "body": {"type": "string"},
        }
    else:
        params = {
            "account": {"type": "string", "sensitive": "account"},
            "amount_cents": {"type": "integer", "sensitive": "amount"},
            "currency": {"type": "string"},
            "reference": {"type": "string"},
        }
    classification, third_party = DOMAINS[domain]
    result: dict[str, Any]
    if effect == "read" and third_party:
        result = {
            "trust": "untrusted",
            "classification": classification,
            "fields": {
                "id": {"trust": "trusted"},
                "created_at": {"trust": "trusted"},
                "author": {"trust": "trusted"},
            },
        }
    elif effect == "read" and rng.random() < 0.3:
        result = {
            "trust": "trusted",
            "classification": classification,
            "fields": {"notes": {"trust": "untrusted"}},
        }
    else:
        result = {"trust": "trusted", "classification": classification}
    tool: dict[str, Any] = {
        "id": ident,
        "description": f"{effect.capitalize()} operation {index} in the {domain} system.",
        "effect": effect,
        "params": params,
        "result": result,
    }
    if effect == "irreversible":
        tool["annotations"] = {"destructiveHint": True}
    elif effect == "read":
        tool["annotations"] = {"readOnlyHint": True}
    return tool


def _source(rng: random.Random, index: int, domain: str) -> dict[str, Any]:
    kind = SOURCE_KINDS[index % len(SOURCE_KINDS)]
    source: dict[str, Any] = {
        "id": f"{kind}-{domain}-{index:03d}",
        "kind": kind,
        "description": f"{kind.capitalize()} over {domain} data.",
        "trust": "untrusted" if kind in UNTRUSTED_KINDS else "trusted",
        "classification": rng.choice(CLASSIFICATIONS),
    }
    if rng.random() < 0.4:
        if source["trust"] == "untrusted":
            source["fields"] = {"sender": {"trust": "trusted"}, "received_at": {"trust": "trusted"}}
        else:
            source["fields"] = {
                "comments": {"trust": "untrusted"},
                "salary": {"classification": "restricted"},
            }
    return source


def _constraint(rng: random.Random, name: str, param: dict[str, Any], agent: int) -> dict:
    sensitive = param.get("sensitive")
    if sensitive == "destination":
        if name == "channel":
            return {"enum": [f"C{agent:03d}{k}" for k in range(3)]}
        return {"allow": ["*@example.com", f"*@team{agent}.example.com"]}
    if sensitive == "url":
        return {"allow": [f"https://api.partner{agent}.example/*"], "max_length": 2048}
    if sensitive == "account":
        return {"pattern": "^ACC-[0-9]{8}$"}
    if sensitive == "amount":
        return {"min": 1, "max": rng.choice([10_000, 50_000, 250_000])}
    if name == "currency":
        return {"enum": ["EUR", "USD", "GBP"]}
    if param.get("type") == "integer":
        return {"min": 1, "max": 100}
    return {"max_length": rng.choice([64, 256, 4000])}


def _grant(rng: random.Random, tool: dict[str, Any], agent: int) -> dict[str, Any]:
    grant: dict[str, Any] = {}
    if tool["effect"] == "irreversible" and rng.random() < 0.7:
        grant["approval"] = "required"
    args = {
        name: _constraint(rng, name, param, agent)
        for name, param in tool["params"].items()
        if param.get("sensitive") or rng.random() < 0.6
    }
    if args:
        grant["args"] = args
    return grant


def _agents(
    rng: random.Random, n_agents: int, tools: list[dict], sources: list[dict]
) -> list[dict[str, Any]]:
    by_domain: dict[str, list[dict]] = {d: [] for d in DOMAINS}
    for tool in tools:
        by_domain[tool["id"].split("_", 1)[0]].append(tool)

    def by_prefix(glob: str) -> list[dict]:
        return [t for t in tools if t["id"].startswith(glob.rstrip("*"))]

    team_size = 5
    agents: list[dict[str, Any]] = []
    for index in range(n_agents):
        team, member = divmod(index, team_size)
        coordinator = member == 0
        ident = f"team{team:02d}-{'coordinator' if coordinator else f'worker{member}'}"
        domains = rng.sample(list(DOMAINS), 2 if coordinator else 3)
        pool = [t for d in domains for t in by_domain[d]]
        chosen = rng.sample(pool, min(len(pool), rng.randint(8, 12) if coordinator else 30))
        grants = {t["id"]: _grant(rng, t, index) for t in chosen}
        wildcard = f"{domains[0]}_get_*"
        if not coordinator and index % 7 == 3 and any(t in pool for t in by_prefix(wildcard)):
            # A few agents still hold a wildcard over one domain's read tools.
            grants[wildcard] = {}
        agent: dict[str, Any] = {
            "id": ident,
            "description": f"{'Coordinates' if coordinator else 'Works for'} team {team}.",
            "model": "planner-llm" if coordinator else "worker-llm",
            "autonomy": rng.choice(["human_approves", "human_on_the_loop", "autonomous"]),
            "reads": [s["id"] for s in rng.sample(sources, rng.randint(3, 8))],
            "grants": grants,
        }
        if coordinator:
            last = min(index + team_size, n_agents)
            agent["delegates_to"] = [f"team{team:02d}-worker{m}" for m in range(1, last - index)]
        capped = [t for t in chosen if t["effect"] in ("external", "irreversible")][:3]
        sums = {f"{t['id']}.amount_cents": 500_000 for t in chosen if t["effect"] == "irreversible"}
        agent["budgets"] = {
            "steps": 50,
            "calls": {t["id"]: 10 for t in capped},
            **({"sums": sums} if sums else {}),
            "max_denials": 5,
        }
        agents.append(agent)
    return agents


Timings = tuple[list[float], list[float]]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(fn: Callable[[], object], repeat: int, *, child: bool = False) -> Timings:
    """Wall-clock and CPU seconds of each of `repeat` calls (CPU of child processes if
    `child`). CPU time is reported too because the machine may be shared: it is what the
    code costs, wall-clock is what a user waits."""
    cpu_clock = _children_cpu if child else time.process_time
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), cpu_clock()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(cpu_clock() - start_cpu)
    return wall, cpu


def cli_check(path: Path) -> None:
    command = [sys.executable, "-m", "interlock", "check", str(path), "--format", "json"]
    result = subprocess.run(
        [*command, "--as-of", AS_OF.isoformat(), "--fail-on", "critical"],
        capture_output=True,
        check=False,
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"interlock check failed: {result.stderr.decode()}")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs per stage (at least 7)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="also write the generated manifest here")
    parser.add_argument("--no-cli", action="store_true", help="skip the new-process timing")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when the total misses the target"
    )
    args = parser.parse_args(argv)
    if args.repeat < 7:
        parser.error("--repeat must be at least 7")

    text = generate(seed=args.seed)
    with tempfile.TemporaryDirectory(prefix="interlock-bench-") as tmp:
        path = Path(tmp) / "interlock.yaml"
        path.write_text(text)
        if args.keep:
            args.keep.write_text(text)
        manifest = load_manifest(path)  # warm-up: imports, pydantic validators
        findings = analyse(manifest, today=AS_OF)
        rows = {
            "parse": measure(lambda: read_file(path), args.repeat),
            "load": measure(lambda: load_manifest(path), args.repeat),
            "analyse": measure(lambda: analyse(manifest, today=AS_OF), args.repeat),
            "total": measure(lambda: analyse(load_manifest(path), today=AS_OF), args.repeat),
        }
        if not args.no_cli:
            rows["check CLI"] = measure(lambda: cli_check(path), args.repeat, child=True)

    grants = sum(len(a.grants) for a in manifest.agents)
    wildcards = sum(1 for a in manifest.agents for key in a.grants if "*" in key)
    delegations = sum(len(a.delegates_to) for a in manifest.agents)
    fields = sum(1 for t in manifest.tools if t.result.fields) + sum(
        1 for s in manifest.sources if s.fields
    )
    by_severity: dict[str, int] = {}
    for finding in findings:
        by_severity[finding.severity.value] = by_severity.get(finding.severity.value, 0) + 1
    print(f"date        {dt.date.today().isoformat()}")
    print(f"machine     {os.cpu_count()} CPUs, {cpu_model()}")
    print(f"python      {platform.python_version()} ({platform.python_implementation()})")
    print(
        f"manifest    {len(manifest.tools)} tools, {len(manifest.agents)} agents, "
        f"{len(manifest.sources)} sources, {grants} grants ({wildcards} wildcard), "
        f"{delegations} delegations, {fields} per-field labels"
    )
    print(f"file        {len(text.encode()):,} bytes, {text.count(chr(10)):,} lines")
    print(
        f"findings    {len(findings):,} ("
        + ", ".join(f"{n} {s}" for s, n in sorted(by_severity.items()))
        + ")"
    )
    print(f"load avg    {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min)")
    print(f"runs        {args.repeat} per stage\n")
    print(f"{'stage':<10} {'wall median':>12} {'wall min':>10} {'CPU median':>11} {'CPU min':>9}")
    for name, (wall, cpu) in rows.items():
        print(
            f"{name:<10} {ms(statistics.median(wall)):>12} {ms(min(wall)):>10} "
            f"{ms(statistics.median(cpu)):>11} {ms(min(cpu)):>9}"
        )
    total = statistics.median(rows["total"][0])
    verdict = "meets" if total < TARGET_SECONDS else "MISSES"
    print(
        f"\ntotal (load + analyse) median {total * 1000:.0f} ms {verdict} the target of "
        f"{TARGET_SECONDS * 1000:.0f} ms"
    )
    return 1 if args.check and total >= TARGET_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
