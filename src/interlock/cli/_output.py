"""Output plumbing shared by the command modules: format choice and the two consoles."""

from __future__ import annotations

import enum
import sys
from typing import Any, assert_never

import orjson
from rich.console import Console

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)


class OutputFormat(enum.StrEnum):
    """How a command prints its result: rich text for people, stable JSON for machines."""

    TEXT = "text"
    JSON = "json"

    def is_machine(self) -> bool:
        """True for formats meant for programs rather than people."""
        match self:
            case OutputFormat.TEXT:
                return False
            case OutputFormat.JSON:
                return True
            case _:
                assert_never(self)


def print_json(value: Any) -> None:
    """Write `value` as indented JSON with sorted keys, so output diffs stay stable."""
    sys.stdout.write(
        orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n"
    )
