"""`python -m benchmarks.security [--format text|json] [--verbose] [--domain D] [--only ID]
[--pack default --pack strict] [--plans declared|from-request]`.

Exit 0 when the target is met (attack success <= 2 %, benign utility >= 90 % overall),
1 when it is missed, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from benchmarks.security import all_domains
from benchmarks.security.report import json_report, text_report
from benchmarks.security.runner import PLAN_MODES, run, scores


def main(argv: Sequence[str] | None = None) -> int:
    domains = all_domains()
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.security",
        description="Replay Interlock's prompt-injection scenario suite and score it.",
    )
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="list every scenario's outcome, each step's decision and the deciding rule ids",
    )
    parser.add_argument(
        "--domain",
        action="append",
        choices=[d.name for d in domains],
        help="run only this domain (repeatable)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="run only scenarios whose id starts with this prefix (repeatable)",
    )
    parser.add_argument(
        "--pack",
        action="append",
        choices=["default", "strict"],
        help="rule packs to enable (repeatable; default: the default pack only)",
    )
    parser.add_argument(
        "--plans",
        choices=PLAN_MODES,
        default="declared",
        help="declare plans only where a scenario does (default), or in every scenario whose "
        "request can be planned, as a planner reading only the prompt would",
    )
    args = parser.parse_args(argv)
    selected = [d for d in domains if not args.domain or d.name in args.domain]
    packs = args.pack or ["default"]
    results = run(selected, only=args.only, packs=packs, plans=args.plans)
    if not results:
        print("no scenario matched", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json_report(results, packs, plans=args.plans))
    else:
        print(text_report(results, verbose=args.verbose, packs=packs, plans=args.plans))
    _, overall = scores(results)
    return 0 if overall.meets_target else 1


if __name__ == "__main__":
    sys.exit(main())
