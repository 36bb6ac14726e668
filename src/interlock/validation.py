"""Turning pydantic validation errors into located problems people can act on.

Each problem says where (file, line, column, field path) and what was expected, in the
product's words rather than the validation library's.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from typing import Any

import pydantic
from pydantic import BaseModel

from interlock.errors import Problem
from interlock.located_yaml import Loc, Located


def schema_problems(
    located: Located, exc: pydantic.ValidationError, root: Any
) -> Iterable[Problem]:
    """Turn pydantic's errors into located problems that say what was expected."""
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        # Pydantic reports errors inside a union once per member; the first is enough here.
        loc = tuple(part for part in loc if not _is_union_tag(part))
        kind = error["type"]
        value = error.get("input")
        if kind == "extra_forbidden":
            yield located.problem(loc, _unknown_key_message(root, loc), key=True)
        elif kind == "missing":
            yield located.problem(loc[:-1], f"missing required key {loc[-1]!r}")
            continue
        elif kind in ("enum", "literal_error"):
            expected = _expected_choices(error.get("ctx", {}).get("expected", ""))
            yield located.problem(loc, f"{_show(value)} is not one of {expected}")
        elif kind == "string_pattern_mismatch":
            yield located.problem(loc, f"{_show(value)} is not a valid {_pattern_name(loc)}")
        elif kind in _EXPECTED:
            yield located.problem(loc, f"expected {_EXPECTED[kind]}, got {_show(value)}")
        else:
            message = error["msg"]
            if message.startswith("Value error, "):
                message = message[len("Value error, ") :]
            yield located.problem(loc, f"{message} (got {_show(value)})")


_EXPECTED = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date without a time",
}


def _is_union_tag(part: str | int) -> bool:
    # pydantic names union members in locations, e.g. 'str', 'int', 'list[str]'.
    return isinstance(part, str) and part in {"str", "int", "bool", "list[str]", "list[int]"}


def _show(value: Any) -> str:
    text = repr(value)
    if isinstance(value, dict | list):
        text = f"a {kind_of(value)}"
    return text if len(text) <= 60 else text[:57] + "..."


def kind_of(value: Any) -> str:
    """A value's type in the words of a YAML author: mapping, list, string, integer…"""
    return {
        dict: "mapping",
        list: "list",
        str: "string",
        int: "integer",
        float: "number",
        bool: "boolean",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


def _expected_choices(expected: str) -> str:
    return expected.replace("'", "").replace(" or ", ", ")


def _pattern_name(loc: Loc) -> str:
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if last == "email":
        return "e-mail address"
    return (
        "id (letters, digits, '_', '.', ':', '-'; no spaces; at most 128 characters)"
        if last != "grants"
        else "tool id or glob"
    )


def _unknown_key_message(root: Any, loc: Loc) -> str:
    key = str(loc[-1])
    allowed = _allowed_keys(root, loc[:-1])
    message = f"unknown key {key!r}"
    if allowed:
        close = difflib.get_close_matches(key, allowed, n=1)
        if close:
            message += f"; did you mean {close[0]!r}?"
        else:
            message += f" (expected one of: {', '.join(sorted(allowed))})"
    return message


def _allowed_keys(root: Any, loc: Loc) -> list[str]:
    """The keys the model at `loc` accepts, found by walking the schema along the path."""
    annotation: Any = root
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    model = _as_model(annotation)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _step(annotation: Any, part: str | int) -> Any:
    model = _as_model(annotation)
    if model is not None:
        if not isinstance(part, str):
            return None
        for name, info in model.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _as_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _as_model(arg)
            if found is not None:
                return found
    return None
