"""Argument provenance: did a value come from trusted input, only from untrusted content, or
from neither (the model produced it)?

The index holds the normal forms of whole short strings, numbers and identifiers seen so
far, split by trust. Adding an observation costs time proportional to its size; looking up
an argument costs time proportional to the argument, never to the session's length.
A value present in both trusted and untrusted content is trusted: the user (or a trusted
record) vouched for it, whoever else also mentions it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from interlock.guard.identifiers import (
    DESTINATION_KINDS,
    MAX_WHOLE,
    cents_key,
    identifiers,
    looks_spoofed,
    scalar_key,
)

TRUSTED = "trusted"
UNTRUSTED = "untrusted"
MODEL = "model"

_WORST = {TRUSTED: 0, MODEL: 1, UNTRUSTED: 2}

_PUNCTUATION = ".,;:!?()[]{}<>\"'`*#@"
_MIN_WORD = 4
_MAX_WORD = 64

MAX_SCAN_CHARS = 1_000_000
"""Text indexed per observation; content beyond it is not indexed (so never vouched for)."""

MAX_NODES = 100_000
"""Values walked per observation or argument."""


def worst(a: str, b: str) -> str:
    """The less trustworthy of two provenances: untrusted > model > trusted."""
    return a if _WORST[a] >= _WORST[b] else b


@dataclass
class ArgumentOrigin:
    """Where one argument's value came from, and the worst identifier embedded in its text.

    `constructed` is true when an embedded address or link is new but sits on a host only
    untrusted content named (or is a look-alike): data may be riding in it.
    """

    provenance: str
    embedded: str | None
    embedded_untrusted: tuple[str, ...] = ()
    constructed: bool = False


class ProvenanceIndex:
    """Normal forms of observed values by trust; one per session (plus guard-wide directories)."""

    __slots__ = ("parent", "trusted", "trusted_domains", "untrusted", "untrusted_domains")

    def __init__(self, parent: ProvenanceIndex | None = None) -> None:
        self.parent = parent
        self.trusted: set[str] = set()
        self.untrusted: set[str] = set()
        self.trusted_domains: set[str] = set()
        self.untrusted_domains: set[str] = set()

    def add(self, value: object, *, trusted: bool, directory: bool = False) -> None:
        """Index every string and number in `value` (nested), as trusted or untrusted.

        Bare domains listed in a trusted *directory* vouch for every address and URL under
        them; elsewhere a domain vouches only for itself.
        """
        target = self.trusted if trusted else self.untrusted
        budget = MAX_SCAN_CHARS
        for leaf in _leaves(value):
            key = scalar_key(leaf)
            if key is not None:
                target.add(key)
            if isinstance(leaf, str) and budget > 0:
                text = leaf[:budget]
                budget -= len(text)
                # Words too, so an id lifted out of a sentence ("look up ACCT-7788") is
                # still recognised as coming from this content.
                target.update(
                    word
                    for word in (w.strip(_PUNCTUATION) for w in text.casefold().split())
                    if _MIN_WORD <= len(word) <= _MAX_WORD
                )
                for kind, norm in identifiers(text):
                    target.add(norm)
                    if kind == "domain":
                        if trusted and directory and key == norm:
                            self.trusted_domains.add(norm)
                        elif not trusted:
                            self.untrusted_domains.add(norm)

    def _is_trusted(self, norm: str) -> bool:
        index: ProvenanceIndex | None = self
        while index is not None:
            if norm in index.trusted:
                return True
            index = index.parent
        return False

    def _domain_trusted(self, domain: str) -> bool:
        index: ProvenanceIndex | None = self
        while index is not None:
            if index.trusted_domains:
                probe = domain
                while True:
                    if probe in index.trusted_domains:
                        return True
                    _, dot, rest = probe.partition(".")
                    if not dot or "." not in rest:
                        break
                    probe = rest
            index = index.parent
        return False

    def _identifier(self, kind: str, norm: str) -> tuple[str, bool]:
        """Provenance of one identifier, and whether it was built on an untrusted host
        rather than copied (a new URL or address under a host only untrusted content named:
        the shape of data smuggled out in a link)."""
        if looks_spoofed(norm):
            return UNTRUSTED, True
        if self._is_trusted(norm):
            return TRUSTED, False
        if kind in ("email", "url", "domain"):
            if norm in self.untrusted:
                return UNTRUSTED, False
            if kind == "email":
                host = norm.rsplit("@", 1)[-1]
            elif kind == "url":
                host = norm.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]
            else:
                host = norm
            if self._domain_trusted(host):
                return TRUSTED, False
            if host in self.untrusted_domains:
                # An address assembled from pieces still names the attacker's domain.
                return UNTRUSTED, True
            return MODEL, False
        return (UNTRUSTED if norm in self.untrusted else MODEL), False

    def origin(
        self, value: object, constants: frozenset[str] = frozenset(), *, scan: bool = True
    ) -> ArgumentOrigin:
        """Provenance of an argument value (nested values too): the worst of its parts.

        With `scan=False` only whole values are looked up, not identifiers inside text: the
        guard does that for arguments no rule can ask about the insides of (non-sensitive
        arguments of tools that do not leave the system), to keep the hot path short.
        """
        if isinstance(value, str | int | float | bool) or value is None:
            return self._leaf(value, constants, scan)
        parts = [self._leaf(leaf, constants, scan) for leaf in _leaves(value)]
        if not parts:
            return ArgumentOrigin(TRUSTED, None)
        overall = parts[0].provenance
        embedded: str | None = None
        for part in parts:
            overall = worst(overall, part.provenance)
            if part.embedded is not None:
                embedded = part.embedded if embedded is None else worst(embedded, part.embedded)
        return ArgumentOrigin(
            overall,
            embedded,
            tuple(b for part in parts for b in part.embedded_untrusted),
            any(part.constructed for part in parts),
        )

    def _whole(self, key: str | None, constants: frozenset[str]) -> str | None:
        if key is None:
            return None
        if key in constants or self._is_trusted(key):
            return TRUSTED
        if key in self.untrusted:
            return UNTRUSTED
        return None

    def _leaf(self, leaf: object, constants: frozenset[str], scan: bool) -> ArgumentOrigin:
        key = scalar_key(leaf)
        whole = self._whole(key, constants)
        if not isinstance(leaf, str):
            if key is None:
                return ArgumentOrigin(TRUSTED, None)  # booleans and null carry nothing
            if whole is None and isinstance(leaf, int) and not isinstance(leaf, bool):
                # 94000 cents is written "940.00" in an invoice.
                whole = self._whole(cents_key(leaf), constants)
            return ArgumentOrigin(whole or MODEL, None)
        if not scan:
            return ArgumentOrigin(whole or MODEL, None)
        embedded: str | None = None
        bad: list[str] = []
        constructed = False
        residue = leaf.casefold()
        for kind, norm in identifiers(leaf[:MAX_SCAN_CHARS]):
            if kind not in DESTINATION_KINDS:
                continue
            state, built = self._identifier(kind, norm)
            constructed = constructed or built
            if state == UNTRUSTED:
                bad.append(norm)
            embedded = state if embedded is None else worst(embedded, state)
            residue = residue.replace(norm, " ")
        if whole is not None and not constructed:
            return ArgumentOrigin(whole, embedded, tuple(bad), constructed)
        if embedded == UNTRUSTED:
            return ArgumentOrigin(UNTRUSTED, embedded, tuple(bad), constructed)
        # Trusted identifiers vouch for a short value only when nothing address-like is
        # left beside them ("Bob <bob@example.com>", not "x@evil.io bob@example.com").
        if (
            embedded == TRUSTED
            and len(leaf) <= MAX_WHOLE
            and "@" not in residue
            and "://" not in residue
        ):
            return ArgumentOrigin(TRUSTED, embedded, tuple(bad), constructed)
        return ArgumentOrigin(MODEL, embedded, tuple(bad), constructed)


def _leaves(value: object) -> Iterator[object]:
    """Scalars of a nested value, depth-first, bounded by MAX_NODES."""
    stack = [value]
    seen = 0
    while stack and seen < MAX_NODES:
        item = stack.pop()
        seen += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        else:
            yield item
