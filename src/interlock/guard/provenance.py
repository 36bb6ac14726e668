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
    identifiers,
    scalar_key,
)

TRUSTED = "trusted"
UNTRUSTED = "untrusted"
MODEL = "model"

_WORST = {TRUSTED: 0, MODEL: 1, UNTRUSTED: 2}

_PUNCTUATION = ".,;:!?()[]{}<>\"'`*"
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
    """Where one argument's value came from, and the worst identifier embedded in its text."""

    provenance: str
    embedded: str | None
    embedded_untrusted: tuple[str, ...] = ()


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

    def _identifier(self, kind: str, norm: str) -> str:
        if self._is_trusted(norm):
            return TRUSTED
        if kind in ("email", "url", "domain"):
            host = norm.rsplit("@", 1)[-1] if kind == "email" else norm
            if kind == "url":
                host = norm.split("://", 1)[-1].split("/", 1)[0]
            if self._domain_trusted(host):
                return TRUSTED
            if norm in self.untrusted or host in self.untrusted_domains:
                # An address assembled from pieces still names the attacker's domain.
                return UNTRUSTED
            return MODEL
        return UNTRUSTED if norm in self.untrusted else MODEL

    def origin(
        self, value: object, constants: frozenset[str] = frozenset(), *, scan: bool = True
    ) -> ArgumentOrigin:
        """Provenance of an argument value (nested values too): the worst of its parts.

        With `scan=False` only whole values are looked up, not identifiers inside text: the
        guard does that for arguments no rule can ask about the insides of (non-sensitive
        arguments of tools that do not leave the system), to keep the hot path short.
        """
        if isinstance(value, str | int | float | bool) or value is None:
            prov, emb, bad_ids = self._leaf(value, constants, scan)
            return ArgumentOrigin(prov, emb, tuple(bad_ids))
        overall: str | None = None
        embedded: str | None = None
        bad: list[str] = []
        for leaf in _leaves(value):
            leaf_prov, leaf_embedded, leaf_bad = self._leaf(leaf, constants, scan)
            overall = leaf_prov if overall is None else worst(overall, leaf_prov)
            if leaf_embedded is not None:
                embedded = leaf_embedded if embedded is None else worst(embedded, leaf_embedded)
            bad.extend(leaf_bad)
        return ArgumentOrigin(overall or TRUSTED, embedded, tuple(bad))

    def _leaf(
        self, leaf: object, constants: frozenset[str], scan: bool
    ) -> tuple[str, str | None, list[str]]:
        key = scalar_key(leaf)
        whole: str | None = None
        if key is not None:
            if key in constants or self._is_trusted(key):
                whole = TRUSTED
            elif key in self.untrusted:
                whole = UNTRUSTED
        if not isinstance(leaf, str):
            if key is None:
                return TRUSTED, None, []  # booleans and null carry no destination
            return whole or MODEL, None, []
        if not scan:
            return whole or MODEL, None, []
        embedded: str | None = None
        bad: list[str] = []
        for kind, norm in identifiers(leaf[:MAX_SCAN_CHARS]):
            if kind not in DESTINATION_KINDS:
                continue
            state = self._identifier(kind, norm)
            if state == UNTRUSTED:
                bad.append(norm)
            embedded = state if embedded is None else worst(embedded, state)
        if whole is not None:
            return whole, embedded, bad
        if embedded == UNTRUSTED:
            return UNTRUSTED, embedded, bad
        if embedded == TRUSTED and len(leaf) <= MAX_WHOLE:
            return TRUSTED, embedded, bad
        return MODEL, embedded, bad


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
