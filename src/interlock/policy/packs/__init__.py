"""Built-in rule packs, enabled by name (`packs=["default"]`)."""

from __future__ import annotations

from importlib import resources

from interlock.errors import PolicyError, Problem
from interlock.located_yaml import YamlInputError, parse_bytes
from interlock.policy.rules import LoadedRule, parse_rules

AVAILABLE = ("default", "strict")


def load_pack(name: str) -> list[LoadedRule]:
    """The rules of the built-in pack `name`; raises `PolicyError` for an unknown name."""
    if name not in AVAILABLE:
        raise PolicyError(
            [Problem(f"pack:{name}", 0, 0, "", f"unknown pack (available: {', '.join(AVAILABLE)})")]
        )
    raw = resources.files(__package__).joinpath(f"{name}.yaml").read_bytes()
    try:
        located = parse_bytes(raw, f"pack:{name}")
    except YamlInputError as exc:  # pragma: no cover - the shipped packs are tested
        raise PolicyError(exc.problems) from None
    rules, problems = parse_rules(located)
    if problems:  # pragma: no cover - the shipped packs are tested
        raise PolicyError(problems)
    return rules
