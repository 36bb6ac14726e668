"""Safe YAML reading that remembers where every key and value came from.

Input files are untrusted: size is bounded before reading, bytes must be UTF-8 text, alias
expansion is bounded (a "billion laughs" document is rejected in linear time, before any
expansion happens), duplicate keys are errors, and only plain data types are constructed.
Parsing uses libyaml when available; positions are kept in a side table keyed by the path
of each value, so later validation errors can be located as `file:line:column`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml_rs

from interlock.errors import Problem

MAX_BYTES = 4 * 1024 * 1024
"""Largest input accepted; a manifest or rule file is hand-written, not a data dump."""

MAX_NODES = 1_000_000
"""Largest number of values after alias expansion."""

MAX_DEPTH = 64
"""Deepest nesting accepted."""

Loc = tuple[str | int, ...]

try:
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - libyaml missing: the pure-Python parser is slower
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[valid-type,misc,unused-ignore]
    """Safe loader with YAML 1.2 booleans: only true/false, so `on:` and `no:` stay text."""


# YAML 1.2 core-schema scalars on both reading paths, so a file means the same whether
# it is read fast or with positions: only true/false are booleans (`on:` stays text), no
# sexagesimal or 1.1-style octal integers, exponents without a dot are floats.
_YAML_1_1_SCALARS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag not in _YAML_1_1_SCALARS]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
        r"|[0-9][0-9_]*[eE][-+]?[0-9]+)"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _construct_int(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    text = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    return sign * int(digits, 10)  # YAML 1.2: a leading zero is not octal


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


@dataclass
class Located:
    """A parsed document and the 1-based (line, column) of each key and value by path.

    A document read on the fast path has no positions yet; `located()` re-reads it with
    positions, which callers do only when they have a problem to report.
    """

    file: str
    data: Any
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    text: str | None = None

    def located(self) -> Located:
        """This document with positions recorded (re-parsed if it was read on the fast path)."""
        if self.text is None:
            return self
        return _parse_located(self.text, self.file)

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Position of the value (or its key) at `loc`, or of its nearest located ancestor."""
        marks = self.key_marks if key else self.value_marks
        probe = tuple(loc)
        while probe:
            if probe in marks:
                return marks[probe]
            if not key and probe in self.key_marks:
                return self.key_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), (1, 1))

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        """A `Problem` located at `loc` in this file."""
        line, column = self.where(loc, key=key)
        return Problem(self.file, line, column, format_loc(loc), message)


def format_loc(loc: Loc) -> str:
    """Render a path as people write it: `tools[2].params.to`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class YamlInputError(Exception):
    """Internal: the document cannot be read; carries located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))


def read_file(path: Path, display: str | None = None) -> Located:
    """Read and parse one YAML file; raises `YamlInputError` with a located problem."""
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlInputError([Problem(name, 0, 0, "", f"cannot read: {exc.strerror}")]) from exc
    if size > MAX_BYTES:
        raise YamlInputError(
            [
                Problem(
                    name,
                    0,
                    0,
                    "",
                    f"file is {size / 1_048_576:.1f} MiB; the limit is "
                    f"{MAX_BYTES // 1_048_576} MiB",
                )
            ]
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlInputError([Problem(name, 0, 0, "", f"cannot read: {exc.strerror}")]) from exc
    return parse_bytes(raw, name)


def parse_bytes(raw: bytes, name: str) -> Located:
    """Parse YAML bytes from a file called `name`; raises `YamlInputError`."""
    if len(raw) > MAX_BYTES:
        raise YamlInputError(
            [Problem(name, 0, 0, "", f"input is {len(raw)} bytes; the limit is {MAX_BYTES}")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlInputError(
            [
                Problem(
                    name,
                    line,
                    column,
                    "",
                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); is this a binary file?",
                )
            ]
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise YamlInputError(
            [Problem(name, line, 0, "", "contains a NUL byte; is this a binary file?")]
        )
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise YamlInputError([Problem(name, 1, 1, "", "file is empty")])
    if "&" not in text:
        # Without anchors there are no aliases, hence no expansion bomb: read the data
        # directly. Positions are recorded only if a problem must be located.
        fast = _parse_fast(text)
        if fast is not None:
            return Located(name, fast, text=text)
    return _parse_located(text, name)


_QUOTED_DATE = re.compile(r"""['"]\s*\d{4}-\d\d?-\d\d?""").search
"""The fast parser reads a quoted date ('2026-01-01') as a date, not as the text it is."""


def _parse_fast(text: str) -> Any:
    """Plain data from a Rust YAML 1.2 parser, or None when only the careful path may read it.

    libyaml through PyYAML spends about half a second on a 400 KB manifest building Python
    node objects; this parser takes a few tens of milliseconds. It is used only where both
    readings agree: no anchors or merge keys (handled by PyYAML), duplicate keys refused,
    text keys, bounded depth. Anything else goes to the careful path, which also locates
    every problem.
    """
    if "<<" in text or _QUOTED_DATE(text) is not None:
        return None
    try:
        data: Any = yaml_rs.loads(text, parse_datetime=True)
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError, OverflowError, RecursionError):
        return None
    if data is None or _too_deep(data):
        return None
    return data


def _too_deep(data: Any) -> bool:
    """Whether the fast reading must be discarded: too deep, odd keys, or scalars the two
    parsers read differently."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(item, dt.time | dt.datetime):
            # The careful path reads times, and date-times without seconds
            # ("2026-01-01T10:00"), as text; let it decide.
            return True
        if isinstance(item, dict):
            if any(isinstance(k, bool) or not isinstance(k, str | int) for k in item):
                return True
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def _parse_located(text: str, name: str) -> Located:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or exc.context or "invalid YAML"
        raise YamlInputError([Problem(name, line, column, "", f"not valid YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise YamlInputError([Problem(name, 0, 0, "", f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise YamlInputError([Problem(name, 1, 1, "", "file is empty")])
    located = Located(name, None)
    _check_expansion(node, name)
    located.data = _Builder(located, loader).build(node, (), 0)
    return located


def _check_expansion(root: yaml.Node, name: str) -> None:
    """Reject documents whose aliases expand past MAX_NODES, without expanding them."""
    sizes: dict[int, int] = {}
    # Iterative post-order walk; aliases reuse node objects, so memoising by id keeps it linear.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > MAX_NODES:
                mark = node.start_mark
                raise YamlInputError(
                    [
                        Problem(
                            name,
                            mark.line + 1,
                            mark.column + 1,
                            "",
                            f"aliases expand to more than {MAX_NODES:,} values; refusing to load",
                        )
                    ]
                )
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_path:
            mark = node.start_mark
            raise YamlInputError(
                [Problem(name, mark.line + 1, mark.column + 1, "", "recursive alias")]
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield key_node
            yield value_node


class _Builder:
    """Turns composed nodes into plain Python data, recording positions by path."""

    def __init__(self, located: Located, loader: yaml.SafeLoader) -> None:
        self.located = located
        self.loader = loader

    def fail(self, node: yaml.Node, loc: Loc, message: str) -> YamlInputError:
        mark = node.start_mark
        return YamlInputError(
            [Problem(self.located.file, mark.line + 1, mark.column + 1, format_loc(loc), message)]
        )

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(node, loc, f"nested deeper than {MAX_DEPTH} levels")
        self.located.value_marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            try:
                return self.loader.construct_object(node, deep=True)
            # Explicit tags reach converters that raise plain errors (`!!int abc`).
            except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
                raise self.fail(node, loc, f"cannot read value: {exc}") from None
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*loc, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            explicit = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
            try:
                self.loader.flatten_mapping(node)
            except yaml.YAMLError as exc:
                raise self.fail(node, loc, f"bad merge key: {exc}") from None
            out: dict[Any, Any] = {}
            from_merge: set[Any] = set()
            for key_node, value_node in node.value:
                key = self.build(key_node, (*loc, "<key>"), depth + 1)
                if not isinstance(key, str | int) or isinstance(key, bool):
                    raise self.fail(key_node, loc, f"keys must be text, not {key!r}")
                merged = id(key_node) not in explicit
                if key in out and not (key in from_merge or merged):
                    first = self.located.key_marks.get((*loc, key), (0, 0))
                    raise self.fail(
                        key_node,
                        (*loc, key),
                        f"duplicate key {key!r} (first at line {first[0]})",
                    )
                if key in out and merged:
                    continue  # an explicit key or an earlier merge already set it
                if merged:
                    from_merge.add(key)
                else:
                    from_merge.discard(key)
                self.located.key_marks[(*loc, key)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                out[key] = self.build(value_node, (*loc, key), depth + 1)
            return out
        raise self.fail(node, loc, "unsupported YAML node")  # pragma: no cover
