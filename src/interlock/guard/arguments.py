"""Reading tool-call arguments the agent supplied: parse, bound, digest.

Arguments come from a model and are untrusted input: JSON text is parsed, size and depth are
bounded before anything walks them, and evidence carries their digest, not their content.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

MAX_ARG_BYTES = 1_000_000
"""Largest argument document accepted (as JSON); bigger calls are denied, not parsed."""

MAX_ARG_DEPTH = 32
"""Deepest argument nesting accepted."""

_FLAT_SCALARS = frozenset({int, float, bool, type(None)})


def parse_args(raw: object) -> tuple[dict[str, Any] | None, str | None]:
    """Arguments as a dict within size and depth limits, or None and why not."""
    if raw is None:
        return {}, None
    if isinstance(raw, str | bytes | bytearray):
        if len(raw) > MAX_ARG_BYTES:
            return None, f"arguments are {len(raw):,} bytes; the limit is {MAX_ARG_BYTES:,}"
        try:
            raw = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            return None, f"arguments are not valid JSON: {exc}"
    if not isinstance(raw, Mapping):
        return None, f"arguments must be a JSON object, got {type(raw).__name__}"
    # Flat arguments of short scalars (the common case) need no walk.
    flat = len(raw) <= 64
    if flat:
        for k, v in raw.items():
            kind = type(v)
            if type(k) is not str or not (
                (kind is str and len(v) <= 65_536) or kind in _FLAT_SCALARS
            ):
                flat = False
                break
    problem = None if flat else _bounded(raw)
    if problem is not None:
        return None, problem
    return dict(raw), None


def _bounded(value: object) -> str | None:
    """Why `value` is too large or too deep to decide on, or None when it is fine."""
    size = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_ARG_DEPTH:
            return f"arguments are nested deeper than {MAX_ARG_DEPTH} levels"
        if isinstance(item, Mapping):
            for key, sub in item.items():
                if not isinstance(key, str):
                    return "argument names must be text"
                size += len(key)
                stack.append((sub, depth + 1))
        elif isinstance(item, list | tuple):
            size += len(item)
            stack.extend((sub, depth + 1) for sub in item)
        elif isinstance(item, str):
            size += len(item)
        elif item is None or isinstance(item, bool | int | float):
            size += 8
        else:
            return f"argument value of type {type(item).__name__} is not JSON data"
        if size > MAX_ARG_BYTES:
            return f"arguments exceed {MAX_ARG_BYTES:,} bytes"
    return None


def digest(value: object) -> str:
    """`sha256:<hex>` of the value's canonical JSON (sorted keys)."""
    try:
        canonical = orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except TypeError:
        canonical = repr(value).encode()
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


def preview(args: Mapping[str, Any]) -> str:
    """The arguments as JSON for a person reviewing an approval, cut at 2,000 characters."""
    text = orjson.dumps(args, option=orjson.OPT_SORT_KEYS).decode()
    return text if len(text) <= 2000 else text[:1997] + "..."


def strings(value: object) -> Iterable[str]:
    """Every string inside a nested value."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
