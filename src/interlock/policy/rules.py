"""Rule files: policy as data, loaded with located errors.

A rule file is a YAML list of rules. A rule applies to tool calls (or responses) of the
tools and agents its globs match; it fires when every native `match` condition holds and
its CEL `when` expression (if any) is true; then it asks for its `effect`. Rules never
carry code. A CEL syntax error is reported with file, line and the expression.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated

import pydantic
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from interlock.errors import PolicyError, Problem
from interlock.located_yaml import Located, YamlInputError, read_file
from interlock.manifest.models import Autonomy, Classification, Effect, Sensitive, Trust
from interlock.manifest.risk import Severity
from interlock.policy.cel import CelProgram, compile_expression
from interlock.policy.decision import Verdict
from interlock.validation import kind_of, schema_problems

RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$")]


class Event(enum.StrEnum):
    """What a rule is about."""

    TOOL_CALL = "tool_call"
    RESPONSE = "response"


class ProvenanceTest(enum.StrEnum):
    """Which argument origins a condition catches."""

    UNTRUSTED = "untrusted"
    NOT_TRUSTED = "not_trusted"
    MODEL = "model"


class Match(BaseModel):
    """Native conditions, compiled to plain Python; every stated condition must hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tool_effect: list[Effect] | None = None
    autonomy: list[Autonomy] | None = None
    session_trust: Trust | None = None
    session_classification: Classification | None = Field(
        default=None, description="Session holds data at least this sensitive."
    )
    sensitive_args: ProvenanceTest | None = Field(
        default=None, description="Some argument marked sensitive in the manifest has this origin."
    )
    sensitive_kinds: list[Sensitive] | None = Field(
        default=None, description="Restrict `sensitive_args` to these kinds."
    )
    embedded_identifiers: ProvenanceTest | None = Field(
        default=None,
        description="An address, link or account inside a text argument has this origin.",
    )
    constructed_links: bool | None = Field(
        default=None,
        description="A new link or address on a host only untrusted content named, or a "
        "look-alike: data may ride in it.",
    )
    attested_destination: bool | None = Field(
        default=None,
        description="A destination, account, URL or path is trusted only because a "
        "system-filled field of third-party content carried it (the sender of an e-mail).",
    )
    unrelated_attested_destination: bool | None = Field(
        default=None,
        description="As `attested_destination`, and the call does not refer to a record that "
        "carried it (forwarding another message to the sender, not replying to theirs).",
    )
    party_destination: bool | None = Field(
        default=None,
        description="A destination, account or path names a party of content read in the "
        "session (a system-filled field of a record whose text is untrusted: its sender, "
        "recipients, organiser, poster), whom the user never named, and the call does not "
        "refer to that record: even when a directory vouches for who they are.",
    )
    repeated_call: bool | None = Field(
        default=None,
        description="The same tool with the same arguments was already allowed in this "
        "session (a second booking, a second payment).",
    )
    unstated_dates: bool | None = Field(
        default=None,
        description="An argument asks for a day (an ISO date) that the user never named and "
        "that no trusted data gave as the whole value (the agent rendered it).",
    )
    steered_args: bool | None = Field(
        default=None,
        description="An argument holds an identifier trusted input holds but the user never "
        "said, and that untrusted content names.",
    )
    restricted_data: bool | None = Field(
        default=None,
        description="An argument carries a distinctive value (id, number) seen in restricted "
        "content.",
    )
    any_args: ProvenanceTest | None = Field(
        default=None, description="Some argument, sensitive or not, has this origin."
    )
    secrets: bool | None = Field(default=None, description="Arguments carry a credential.")
    hidden_text: bool | None = Field(
        default=None,
        description="Text in the arguments that a person reading it would not see: an HTML "
        "comment, zero-width or bidirectional-control characters, Unicode tag characters.",
    )
    outside_plan: bool | None = Field(
        default=None, description="The session declared a plan and this tool is not in it."
    )


class Rule(BaseModel):
    """One rule, as written in a rule file or a pack."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: RuleId
    on: Event = Event.TOOL_CALL
    tools: list[str] = Field(default_factory=lambda: ["*"])
    agents: list[str] = Field(default_factory=lambda: ["*"])
    match: Match | None = None
    when: str | None = None
    effect: Verdict
    severity: Severity = Severity.MEDIUM
    description: str | None = None
    origin: str | None = Field(
        default=None, description="Where the rule came from, e.g. incident/INC-7."
    )


_RULE_LIST = pydantic.TypeAdapter(list[Rule])


class LoadedRule:
    """A validated rule with its compiled `when` and where it was written."""

    __slots__ = ("file", "line", "program", "rule")

    def __init__(self, rule: Rule, program: CelProgram | None, file: str, line: int) -> None:
        self.rule = rule
        self.program = program
        self.file = file
        self.line = line


def load_rules(paths: Iterable[str | Path]) -> list[LoadedRule]:
    """Load every rule file in `paths` (files, or directories of *.yaml / *.yml).

    Raises `PolicyError` carrying every problem found across all files; rule ids must be
    unique across them.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 0, 0, "", "no such rule file or directory"))
    loaded: list[LoadedRule] = []
    for file in files:
        try:
            located = read_file(file)
        except YamlInputError as exc:
            problems.extend(exc.problems)
            continue
        rules, file_problems = parse_rules(located)
        loaded.extend(rules)
        problems.extend(file_problems)
    problems.extend(_duplicate_ids(loaded))
    if problems:
        raise PolicyError(problems)
    return loaded


def parse_rules(located: Located) -> tuple[list[LoadedRule], list[Problem]]:
    """Validate the rules of one parsed file; returns rules and located problems."""
    # Rule files are small; positions are wanted even without errors (duplicate ids).
    try:
        located = located.located()
    except YamlInputError as exc:
        return [], exc.problems
    data = located.data
    if not isinstance(data, list):
        return [], [located.problem((), f"expected a list of rules, got {kind_of(data)}")]
    try:
        parsed = _RULE_LIST.validate_python(data)
    except pydantic.ValidationError as exc:
        return [], list(schema_problems(located, exc, list[Rule]))
    out: list[LoadedRule] = []
    problems: list[Problem] = []
    for index, rule in enumerate(parsed):
        line = located.where((index,))[0]
        program = None
        if rule.when is not None:
            try:
                program = compile_expression(rule.when)
            except ValueError as exc:
                problems.append(
                    located.problem((index, "when"), f"CEL syntax error in {rule.when!r}: {exc}")
                )
                continue
        out.append(LoadedRule(rule, program, located.file, line))
    return out, problems


def _duplicate_ids(rules: Sequence[LoadedRule]) -> Iterable[Problem]:
    seen: dict[str, LoadedRule] = {}
    for loaded in rules:
        first = seen.get(loaded.rule.id)
        if first is not None:
            yield Problem(
                loaded.file,
                loaded.line,
                1,
                "id",
                f"duplicate rule id {loaded.rule.id!r} (first in {first.file}:{first.line})",
            )
        else:
            seen[loaded.rule.id] = loaded
