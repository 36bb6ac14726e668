"""Text and JSON reports of a suite run."""

from __future__ import annotations

import datetime as dt
import json
import platform
from collections.abc import Sequence

from benchmarks.security.model import TECHNIQUES
from benchmarks.security.runner import (
    TARGET_ATTACK_SUCCESS,
    TARGET_UTILITY,
    ScenarioResult,
    Score,
    scores,
)


def _pct(x: float) -> str:
    return f"{100 * x:5.1f} %"


def _row(s: Score) -> str:
    return (
        f"{s.name:<10} {s.benign:>3} {_pct(s.utility):>8} {s.benign_blocked:>4} "
        f"{s.benign_extra_approvals:>4} | {s.attacks:>3} {_pct(s.attack_success):>8} "
        f"{s.attacks_stopped_by_approval:>5} {s.attacks_denied:>5} "
        f"{_pct(s.attack_success_if_approved):>8} {_pct(s.utility_under_attack):>8} "
        f"{s.also_trusted_allowed:>2}/{s.also_trusted:<2}"
    )


def text_report(
    results: Sequence[ScenarioResult],
    *,
    verbose: bool = False,
    packs: Sequence[str] = ("default",),
    plans: str = "declared",
) -> str:
    per_domain, overall = scores(results)
    lines = [
        "Interlock security scenario suite "
        f"(manifest labels + packs {', '.join(packs)}; plans {plans}; "
        f"{dt.date.today().isoformat()})",
        "",
        f"{'domain':<10} {'ben':>3} {'utility':>8} {'blk':>4} {'appr':>4} | {'atk':>3} "
        f"{'success':>8} {'appr':>5} {'deny':>5} {'if-appr':>8} {'UA':>8} {'AT':>5}",
    ]
    lines += [_row(s) for s in per_domain]
    lines.append("-" * len(lines[-1]))
    lines.append(_row(overall))
    lines += [
        "",
        "ben/utility: benign tasks and the share whose every call got its expected outcome;",
        "blk: benign tasks with a call wrongly denied; appr: benign tasks with an unexpected",
        "approval. atk/success: attacks and the share in which at least one malicious call or",
        "answer was allowed; appr: attacks stopped only by an approval request (a person must",
        "refuse it); deny: attacks denied outright; if-appr: attack success if every approval",
        "were rubber-stamped; UA: utility under attack (the user's task still went through);",
        "AT: attacks whose destination is also legitimately in trusted content, allowed/total.",
        "",
    ]
    if verbose:
        lines += _verbose(results)
    failed_benign = [r for r in results if r.kind == "benign" and not r.task_ok]
    succeeded = [r for r in results if r.kind == "attack" and r.attack_succeeded]
    if succeeded:
        lines.append("Successful attacks:")
        lines += [f"  {r.id}{_heldout_tag(r)}: {_malicious_summary(r)}" for r in succeeded]
        lines.append("")
    if failed_benign:
        lines.append("Benign tasks that missed their expected outcome:")
        lines += [f"  {r.id}: {_benign_summary(r)}" for r in failed_benign]
        lines.append("")
    lines.append(
        f"Attack success excluding the {overall.also_trusted} also-trusted attacks: "
        f"{100 * overall.attack_success_provenance_decidable:.1f} % "
        f"({overall.attacks_allowed - overall.also_trusted_allowed}/"
        f"{overall.attacks - overall.also_trusted}); if approvals were rubber-stamped: "
        f"{100 * overall.attack_success_if_approved:.1f} %."
    )
    lines += _heldout_lines(per_domain, overall)
    lines.append("")
    verdict = "MET" if overall.meets_target else "MISSED"
    lines.append(
        f"Target (attack success <= {100 * TARGET_ATTACK_SUCCESS:.0f} %, benign utility >= "
        f"{100 * TARGET_UTILITY:.0f} %): {verdict} – attack success "
        f"{100 * overall.attack_success:.1f} %, utility {100 * overall.utility:.1f} %"
        + ("" if plans == "declared" else f" (plans {plans}: not the target's configuration)")
    )
    return "\n".join(lines)


def _heldout_tag(r: ScenarioResult) -> str:
    return f" [held-out, round {r.scenario.heldout_round}]" if r.scenario.heldout else ""


def _heldout_lines(per_domain: Sequence[Score], overall: Score) -> list[str]:
    """The held-out attacks (each round written after the guard's latest change at the
    time), reported apart: one line per round."""
    lines = []
    for rnd in overall.heldout_rounds:
        by_domain = ", ".join(
            f"{s.name} {d.allowed}/{d.attacks}"
            for s in per_domain
            for d in s.heldout_rounds
            if d.round == rnd.round
        )
        lines.append(
            f"Held-out attacks, round {rnd.round} (written after commit {rnd.written_after}): "
            f"{rnd.attacks}, attack success {100 * rnd.attack_success:.1f} % "
            f"({rnd.allowed}/{rnd.attacks}); stopped only by an approval: "
            f"{rnd.stopped_by_approval}; denied: {rnd.denied} (allowed per domain: {by_domain})."
        )
    return lines


def _fmt_outcome(o: object) -> str:
    from benchmarks.security.runner import StepOutcome

    assert isinstance(o, StepOutcome)
    what = o.tool or "response"
    rules = ",".join(o.rule_ids) or "-"
    prov = ",".join(f"{k}={v}" for k, v in sorted(o.provenance.items())) or "-"
    tag = "setup" if o.setup else ("attack" if o.malicious else f"expect {o.expect}")
    held = f"; carries withheld data: {', '.join(o.withheld)}" if o.withheld else ""
    return f"{what} [{tag}] -> {o.effect} (rules: {rules}; provenance: {prov}{held})"


def _malicious_summary(r: ScenarioResult) -> str:
    return (
        "; ".join(_fmt_outcome(o) for o in r.malicious_outcomes if o.effect == "allow")
        or (r.error or "").strip().splitlines()[-1]
    )


def _benign_summary(r: ScenarioResult) -> str:
    if r.error:
        return "replay error: " + r.error.strip().splitlines()[-1]
    return "; ".join(_fmt_outcome(o) for o in r.benign_outcomes if not o.ok)


def _verbose(results: Sequence[ScenarioResult]) -> list[str]:
    lines = []
    for r in results:
        if r.kind == "benign":
            status = "ok" if r.task_ok else "MISSED"
        else:
            status = {"allowed": "SUCCEEDED", "approval": "approval", "deny": "denied"}[
                r.stopped_by
            ]
            if r.scenario.also_trusted:
                status += " (also-trusted)"
            if r.scenario.heldout:
                status += f" (held-out, round {r.scenario.heldout_round})"
        lines.append(f"[{r.domain}] {r.id} ({r.kind}): {status}")
        lines.append(f"    rules: {', '.join(r.deciding_rules) or '-'}")
        for o in r.outcomes:
            lines.append(f"    {o.index:>2}. {_fmt_outcome(o)}")
        if r.error:
            lines.append("    error: " + r.error.strip().splitlines()[-1])
    lines.append("")
    return lines


def json_report(
    results: Sequence[ScenarioResult],
    packs: Sequence[str] = ("default",),
    *,
    plans: str = "declared",
) -> str:
    per_domain, overall = scores(results)
    data = {
        "suite": "interlock-security-scenarios",
        "date": dt.date.today().isoformat(),
        "python": platform.python_version(),
        "packs": list(packs),
        "plans": plans,
        "target": {
            "attack_success_rate_max": TARGET_ATTACK_SUCCESS,
            "benign_utility_min": TARGET_UTILITY,
        },
        "meets_target": overall.meets_target,
        "domains": [s.to_dict() for s in per_domain],
        "overall": overall.to_dict(),
        "heldout": {
            "description": "attacks written after the guard's latest change at the time, from "
            "the public docs only, in rounds; also counted in the overall numbers. The top-level "
            "numbers are the total over all rounds, `rounds` gives each round",
            "attacks": overall.heldout,
            "allowed": overall.heldout_allowed,
            "attack_success_rate": round(overall.heldout_attack_success, 4),
            "stopped_by_approval": overall.heldout_stopped_by_approval,
            "denied": overall.heldout_denied,
            "succeeded": [
                r.id
                for r in results
                if r.kind == "attack" and r.scenario.heldout and r.attack_succeeded
            ],
            "rounds": [rnd.to_dict() for rnd in overall.heldout_rounds],
        },
        "techniques": technique_breakdown(results),
        "scenarios": [r.to_dict() for r in results],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def technique_breakdown(results: Sequence[ScenarioResult]) -> dict[str, dict[str, int]]:
    """Per attack technique: how many attacks use it, and how many were allowed / approval."""
    out = {name: {"attacks": 0, "allowed": 0, "approval": 0} for name in TECHNIQUES}
    for r in results:
        if r.kind != "attack":
            continue
        for name in r.scenario.techniques:
            out[name]["attacks"] += 1
            out[name]["allowed"] += r.stopped_by == "allowed"
            out[name]["approval"] += r.stopped_by == "approval"
    return {k: v for k, v in out.items() if v["attacks"]}
