"""Risk-path analysis: each finding kind, its severity and what a declared control changes."""

from __future__ import annotations

import datetime as dt

from interlock.manifest import Severity, analyse, load_manifest_text
from interlock.manifest.risk import Finding

TODAY = dt.date(2026, 11, 26)

BASE = """\
system: desk
owner: {name: A, email: a@example.com, team: t, oncall: o, escalation: e}
review: {cadence_days: 30, last: 2026-11-20}
evidence: {store: .interlock/evidence.db, signing_key: k.key}
sources:
  - {id: web, kind: web, trust: untrusted, classification: public}
  - {id: hr, kind: files, trust: trusted, classification: restricted}
  - {id: kb, kind: retriever, trust: trusted, classification: internal}
tools:
  - {id: search, effect: read, params: {q: {}}, result: {trust: trusted, classification: internal}}
  - id: send_email
    effect: external
    params: {to: {sensitive: destination}, body: {}}
    result: {trust: trusted}
  - id: pay
    effect: irreversible
    params: {iban: {sensitive: account}, amount: {type: integer, sensitive: amount}}
    result: {trust: trusted}
agents:
"""


def findings(agents: str) -> list[Finding]:
    return analyse(load_manifest_text(BASE + agents), today=TODAY)


def codes(found: list[Finding], at_least: Severity = Severity.INFO) -> set[str]:
    return {f.code for f in found if f.severity.rank >= at_least.rank}


class TestUntrustedToConsequential:
    def test_direct_path_is_high_for_external(self) -> None:
        found = findings(
            "  - {id: a, autonomy: human_on_the_loop, reads: [web], grants: {send_email: {}}}\n"
        )
        path = [f for f in found if f.code == "untrusted-to-consequential"]
        assert len(path) == 1
        assert path[0].severity is Severity.HIGH
        assert path[0].failure == "F1"
        assert path[0].path == ("source:web", "agent:a", "tool:send_email")

    def test_irreversible_is_critical(self) -> None:
        found = findings(
            "  - {id: a, autonomy: human_on_the_loop, reads: [web], grants: {pay: {}}}\n"
        )
        (path,) = [f for f in found if f.code == "untrusted-to-consequential"]
        assert path.severity is Severity.CRITICAL

    def test_trusted_inputs_only_has_no_path(self) -> None:
        found = findings(
            "  - {id: a, autonomy: autonomous, reads: [kb], grants: {send_email: {}, search: {}}}\n"
        )
        assert "untrusted-to-consequential" not in codes(found)

    def test_approval_lowers_but_keeps_the_path(self) -> None:
        found = findings(
            "  - {id: a, autonomy: human_on_the_loop, reads: [web], grants: {pay: {approval: required}}}\n"
        )
        (path,) = [f for f in found if f.code == "untrusted-to-consequential"]
        assert path.severity is Severity.LOW

    def test_allowlisted_destination_is_medium(self) -> None:
        found = findings(
            "  - id: a\n    autonomy: autonomous\n    reads: [web]\n"
            "    grants: {send_email: {args: {to: {allow: ['*@example.com']}}}}\n"
        )
        (path,) = [f for f in found if f.code == "untrusted-to-consequential"]
        assert path.severity is Severity.MEDIUM

    def test_open_pattern_does_not_count_as_allowlist(self) -> None:
        found = findings(
            "  - id: a\n    autonomy: autonomous\n    reads: [web]\n"
            "    grants: {send_email: {args: {to: {pattern: '.*'}}}}\n"
        )
        (path,) = [f for f in found if f.code == "untrusted-to-consequential"]
        assert path.severity is Severity.HIGH

    def test_untrusted_field_of_a_tool_result_is_an_input(self) -> None:
        text = BASE.replace(
            "result: {trust: trusted, classification: internal}}",
            "result: {trust: trusted, classification: internal, fields: {snippet: {trust: untrusted}}}}",
        )
        found = analyse(
            load_manifest_text(
                text + "  - {id: a, autonomy: autonomous, grants: {search: {}, send_email: {}}}\n"
            ),
            today=TODAY,
        )
        (path,) = [f for f in found if f.code == "untrusted-to-consequential"]
        assert path.path[0] == "tool:search"

    def test_path_crosses_delegation_both_ways(self) -> None:
        found = findings(
            "  - {id: planner, autonomy: autonomous, delegates_to: [researcher, booker]}\n"
            "  - {id: researcher, autonomy: autonomous, reads: [web]}\n"
            "  - {id: booker, autonomy: autonomous, grants: {pay: {}}}\n"
        )
        (path,) = [f for f in found if f.code == "untrusted-to-consequential"]
        assert path.path == (
            "source:web",
            "agent:researcher",
            "agent:planner",
            "agent:booker",
            "tool:pay",
        )
        assert path.severity is Severity.CRITICAL


class TestPrivateUntrustedOutbound:
    def test_trifecta_in_one_agent(self) -> None:
        found = findings(
            "  - {id: a, autonomy: human_on_the_loop, reads: [hr, web], grants: {send_email: {}}}\n"
        )
        (f,) = [f for f in found if f.code == "private-untrusted-outbound"]
        assert f.severity is Severity.HIGH
        assert f.failure == "F2"
        assert f.path == ("source:hr", "source:web", "agent:a", "tool:send_email")

    def test_two_of_three_is_not_reported(self) -> None:
        found = findings(
            "  - {id: a, autonomy: autonomous, reads: [hr], grants: {send_email: {}}}\n"
        )
        assert "private-untrusted-outbound" not in codes(found)

    def test_trifecta_split_across_delegation(self) -> None:
        # The researcher reads the web, the planner holds HR data and mails out: splitting
        # the three across agents that delegate to each other does not break the path.
        found = findings(
            "  - {id: planner, autonomy: human_on_the_loop, reads: [hr], grants: {send_email: {}},"
            " delegates_to: [researcher]}\n"
            "  - {id: researcher, autonomy: autonomous, reads: [web]}\n"
        )
        (f,) = [f for f in found if f.code == "private-untrusted-outbound"]
        assert f.path == (
            "source:hr",
            "source:web",
            "agent:researcher",
            "agent:planner",
            "tool:send_email",
        )
        assert "through delegation receives" in f.title

    def test_allowlisted_channel_is_medium(self) -> None:
        found = findings(
            "  - id: a\n    autonomy: autonomous\n    reads: [hr, web]\n"
            "    grants: {send_email: {args: {to: {allow: ['*@example.com']}}}}\n"
        )
        (f,) = [f for f in found if f.code == "private-untrusted-outbound"]
        assert f.severity is Severity.MEDIUM


class TestAutonomyAndGrants:
    def test_autonomous_irreversible_without_approval_is_critical(self) -> None:
        found = findings(
            "  - id: a\n    autonomy: autonomous\n"
            "    grants: {pay: {args: {iban: {allow: ['DE*']}, amount: {max: 100}}}}\n"
        )
        (f,) = [f for f in found if f.code == "irreversible-without-approval"]
        assert f.severity is Severity.CRITICAL
        assert f.failure == "F3"

    def test_human_approves_agent_has_no_autonomy_finding(self) -> None:
        found = findings("  - {id: a, autonomy: human_approves, grants: {pay: {}}}\n")
        assert "irreversible-without-approval" not in codes(found)

    def test_wildcard_grant_on_consequential_tools(self) -> None:
        found = findings("  - {id: a, autonomy: human_on_the_loop, grants: {'*': {}}}\n")
        (f,) = [f for f in found if f.code == "wildcard-grant"]
        assert f.severity is Severity.HIGH
        assert f.failure == "F4"
        assert set(f.path[1:]) == {"tool:search", "tool:send_email", "tool:pay"}

    def test_unconstrained_sensitive_argument(self) -> None:
        found = findings(
            "  - id: a\n    autonomy: human_on_the_loop\n"
            "    grants: {pay: {args: {iban: {allow: ['DE*']}}}}\n"
        )
        (f,) = [f for f in found if f.code == "unconstrained-grant"]
        assert "'amount'" in f.title

    def test_exact_grant_overrides_wildcard_constraints(self) -> None:
        found = findings(
            "  - id: a\n    autonomy: human_on_the_loop\n"
            "    grants:\n      'se*': {}\n"
            "      send_email: {args: {to: {allow: ['*@example.com']}}}\n"
        )
        assert not [f for f in found if f.code == "unconstrained-grant"]


class TestOperatingModel:
    def test_clean_base_has_no_operating_findings(self) -> None:
        found = findings(
            "  - {id: a, autonomy: human_approves, reads: [kb], grants: {search: {}}}\n"
        )
        assert found == []

    def test_missing_owner_fields_review_and_evidence(self) -> None:
        text = "system: s\nowner: {name: A}\nagents:\n  - {id: a, autonomy: human_approves}\n"
        found = analyse(load_manifest_text(text), today=TODAY)
        assert codes(found) == {
            "ownership-incomplete",
            "review-cadence-missing",
            "evidence-missing",
        }
        owner = next(f for f in found if f.code == "ownership-incomplete")
        assert "email, team, oncall, escalation" in owner.title

    def test_overdue_review(self) -> None:
        text = BASE.replace("last: 2026-11-20", "last: 2026-09-01")
        found = analyse(
            load_manifest_text(text + "  - {id: a, autonomy: human_approves}\n"), today=TODAY
        )
        assert codes(found) == {"review-overdue"}


def test_ids_are_stable_across_unrelated_edits() -> None:
    agents = "  - {id: a, autonomy: autonomous, reads: [web], grants: {send_email: {}, pay: {}}}\n"
    before = {f.id for f in findings(agents)}
    after = {
        f.id
        for f in analyse(
            load_manifest_text(
                BASE.replace("system: desk", "system: desk\ndescription: new") + agents
            ),
            today=TODAY,
        )
    }
    assert before == after
