"""The manifest schema: the declared shape of one AI system, as frozen pydantic models.

Every model forbids unknown keys, so a typo is an error rather than a silently ignored
setting. These names are the product's public language: they appear in `interlock.yaml`,
in the JSON Schema editors validate against, and in every finding and evidence record.
Cross-references (a grant of a declared tool, an agent reading a declared source) are
checked by `interlock.manifest.load`, which can locate them in the file.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"),
]
"""Ids of systems, tools, sources, agents, models: no spaces, no globs, at most 128 chars."""

GrantKey = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9_.:*?-]{1,128}$"),
]
"""A tool id, or a glob over tool ids (a wildcard grant, which analysis reports)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Trust(enum.StrEnum):
    """Who controls the content: the organisation and the user (trusted) or third parties."""

    TRUSTED = "trusted"
    UNTRUSTED = "untrusted"

    @property
    def rank(self) -> int:
        """Order for joins: untrusted dominates."""
        return 0 if self is Trust.TRUSTED else 1


class Classification(enum.StrEnum):
    """How sensitive data is; joins take the highest."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    RESTRICTED = "restricted"

    @property
    def rank(self) -> int:
        """Order for joins: public < internal < confidential < restricted."""
        return _CLASSIFICATION_RANK[self]

    @property
    def is_private(self) -> bool:
        """Confidential or restricted: data whose leaving the system is a breach."""
        return self.rank >= 2


_CLASSIFICATION_RANK = {
    Classification.PUBLIC: 0,
    Classification.INTERNAL: 1,
    Classification.CONFIDENTIAL: 2,
    Classification.RESTRICTED: 3,
}


class Effect(enum.StrEnum):
    """What a tool does to the world, from harmless to final."""

    READ = "read"
    WRITE = "write"
    EXTERNAL = "external"
    IRREVERSIBLE = "irreversible"

    @property
    def is_consequential(self) -> bool:
        """External and irreversible effects leave the system or cannot be undone."""
        return self in (Effect.EXTERNAL, Effect.IRREVERSIBLE)


class Autonomy(enum.StrEnum):
    """How much a person sees before an agent acts."""

    HUMAN_APPROVES = "human_approves"
    HUMAN_ON_THE_LOOP = "human_on_the_loop"
    AUTONOMOUS = "autonomous"


class Environment(enum.StrEnum):
    """Where the system runs."""

    DEVELOPMENT = "development"
    PILOT = "pilot"
    STAGING = "staging"
    PRODUCTION = "production"


class Population(enum.StrEnum):
    """Who talks to the system."""

    INTERNAL = "internal"
    CUSTOMERS = "customers"
    PUBLIC = "public"


class SourceKind(enum.StrEnum):
    """What a data source is; `directory` marks a list of known-good identifiers."""

    RETRIEVER = "retriever"
    DATABASE = "database"
    DIRECTORY = "directory"
    FILES = "files"
    INBOX = "inbox"
    WEB = "web"
    API = "api"
    CHAT = "chat"


class ParamType(enum.StrEnum):
    """JSON type of a tool parameter."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    ARRAY = "array"
    OBJECT = "object"


class Sensitive(enum.StrEnum):
    """Why a parameter matters: where things go, or how much moves."""

    DESTINATION = "destination"
    ACCOUNT = "account"
    URL = "url"
    PATH = "path"
    AMOUNT = "amount"


class ApprovalMode(enum.StrEnum):
    """Whether a granted call waits for a person."""

    NONE = "none"
    REQUIRED = "required"


class Owner(_Model):
    """Who answers for the live system, day and night."""

    name: str | None = None
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    team: str | None = None
    oncall: str | None = None
    escalation: str | None = None


class UserPopulation(_Model):
    """One population of people who reach the system."""

    population: Population
    authenticated: bool = False
    description: str | None = None


class ModelRef(_Model):
    """A model the system calls."""

    id: Identifier
    provider: str | None = None
    name: str | None = None
    hosting: str | None = None


class Label(_Model):
    """Trust and classification of a value; unset fields inherit from the enclosing label."""

    trust: Trust | None = None
    classification: Classification | None = None


class FieldLabels(Label):
    """Labels for a source or tool result, with per-field overrides.

    System-filled metadata (a sender, a record id) can be trusted while the free text
    beside it is not: `fields` says so per top-level field name.
    """

    fields: dict[str, Label] = Field(default_factory=dict)


class Source(_Model):
    """Data that enters the system outside tool calls: retrievers, directories, feeds."""

    id: Identifier
    kind: SourceKind = SourceKind.RETRIEVER
    description: str | None = None
    trust: Trust
    classification: Classification
    fields: dict[str, Label] = Field(default_factory=dict)


class Param(_Model):
    """One tool parameter: its JSON type and whether it is a sensitive destination or amount."""

    type: ParamType = ParamType.STRING
    description: str | None = None
    required: bool = True
    sensitive: Sensitive | None = None


class Annotations(_Model):
    """Tool hints in the Model Context Protocol's vocabulary (informative, never trusted)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    title: str | None = None
    read_only: bool | None = Field(default=None, alias="readOnlyHint")
    destructive: bool | None = Field(default=None, alias="destructiveHint")
    idempotent: bool | None = Field(default=None, alias="idempotentHint")
    open_world: bool | None = Field(default=None, alias="openWorldHint")


class Tool(_Model):
    """A tool an agent can call, what it does to the world, and what its results carry."""

    id: Identifier
    description: str | None = None
    effect: Effect
    containment: bool = Field(
        default=False,
        description="The tool takes reach away (blocks a card, revokes a token, locks an "
        "account): a quarantined session may still call it.",
    )
    params: dict[str, Param] = Field(default_factory=dict)
    result: FieldLabels = Field(
        default_factory=lambda: FieldLabels(
            trust=Trust.UNTRUSTED, classification=Classification.INTERNAL
        )
    )
    annotations: Annotations | None = None

    @field_validator("containment")
    @classmethod
    def _containment_stays_inside(cls, value: bool, info: ValidationInfo) -> bool:
        # A quarantined session keeps calling containment tools, so one that sends data out
        # would be an exit the breaker cannot close; a read tool is never quarantined.
        effect = info.data.get("effect")
        if value and effect not in (None, Effect.WRITE, Effect.IRREVERSIBLE):
            raise ValueError(
                f"containment applies to write and irreversible tools, not {effect}: "
                "a read tool is never quarantined and an external one sends data out"
            )
        return value

    @property
    def sensitive_params(self) -> dict[str, Sensitive]:
        """Parameters marked as destinations, accounts, URLs, paths or amounts."""
        return {name: p.sensitive for name, p in self.params.items() if p.sensitive}


class Constraint(_Model):
    """Limits on one argument of a granted tool; every stated limit must hold."""

    const: str | int | bool | None = None
    enum: list[str | int] | None = None
    pattern: str | None = None
    allow: list[str] | None = Field(
        default=None, description="Glob allowlist, e.g. '*@example.com'."
    )
    deny: list[str] | None = Field(default=None, description="Glob denylist, checked first.")
    min: int | None = None
    max: int | None = None
    max_length: int | None = Field(default=None, ge=0)

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(
                    f"pattern {value!r} is not a valid regular expression: {exc}"
                ) from exc
        return value

    @property
    def is_empty(self) -> bool:
        """True when the constraint limits nothing."""
        return all(
            getattr(self, name) is None
            for name in ("const", "enum", "pattern", "allow", "min", "max", "max_length")
        )


class Grant(_Model):
    """Permission for an agent to call one tool (or, as a wildcard, many), and on what terms."""

    approval: ApprovalMode = ApprovalMode.NONE
    args: dict[str, Constraint] = Field(default_factory=dict)

    @property
    def constrained_args(self) -> set[str]:
        """Names of arguments with at least one real limit."""
        return {name for name, c in self.args.items() if not c.is_empty}


class Budgets(_Model):
    """Per-session limits that contain a cascade: steps, calls per tool, sums of amounts."""

    steps: int | None = Field(default=None, ge=1)
    calls: dict[Identifier, int] = Field(default_factory=dict)
    sums: dict[str, int] = Field(
        default_factory=dict, description="'tool.param' -> maximum total of that amount."
    )
    max_denials: int | None = Field(default=None, ge=1)
    max_errors: int | None = Field(default=None, ge=1)


class Agent(_Model):
    """An agent: its model, how autonomous it is, what it may read, call and delegate to."""

    id: Identifier
    description: str | None = None
    model: Identifier | None = None
    autonomy: Autonomy
    reads: list[Identifier] = Field(default_factory=list)
    grants: dict[GrantKey, Grant] = Field(default_factory=dict)
    delegates_to: list[Identifier] = Field(default_factory=list)
    budgets: Budgets | None = None


class Review(_Model):
    """How often people look at the live system, and when they last did."""

    cadence_days: int = Field(ge=1, le=366)
    last: dt.date | None = None


class EvidenceConfig(_Model):
    """Where decisions are recorded and with which key they are signed."""

    store: str
    signing_key: str | None = None
    payloads: bool = Field(
        default=False, description="Keep raw payloads (redacted by classification)."
    )


class Manifest(_Model):
    """One AI system, as declared by its owners: `interlock.yaml`."""

    system: Identifier
    description: str | None = None
    owner: Owner | None = None
    environment: Environment = Environment.PRODUCTION
    regions: list[str] = Field(default_factory=list)
    users: list[UserPopulation] = Field(default_factory=list)
    models: list[ModelRef] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    tools: list[Tool] = Field(default_factory=list)
    agents: list[Agent] = Field(default_factory=list)
    review: Review | None = None
    evidence: EvidenceConfig | None = None

    def tool(self, tool_id: str) -> Tool | None:
        """The declared tool with this id, or None."""
        return next((t for t in self.tools if t.id == tool_id), None)

    def source(self, source_id: str) -> Source | None:
        """The declared source with this id, or None."""
        return next((s for s in self.sources if s.id == source_id), None)

    def agent(self, agent_id: str) -> Agent | None:
        """The declared agent with this id, or None."""
        return next((a for a in self.agents if a.id == agent_id), None)
