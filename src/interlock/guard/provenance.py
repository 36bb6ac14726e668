"""Argument provenance: did a value come from trusted input, only from untrusted content, or
from neither (the model produced it)?

The index holds, per trust level, what was observed: whole short strings (normalised), every
token of observed text as written (case-folded, a leading `#`/`@` dropped; words, addresses,
links, ids, numbers), phone numbers in compact form, and the hosts of untrusted addresses and
links; beside them, what the user said, and which record carried each attested value.
Observing costs a few C-level passes over the text; a lookup tries the forms text writes a
value in (punctuation after it, an amount's groupings, an IBAN's groups of four), so it
costs set lookups proportional to the argument, never to the session's length. A value
present in both trusted and untrusted content is trusted: the user (or a trusted record)
vouched for it, whoever else also mentions it — but one the user never said, that untrusted
text names, is marked `steered`.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from interlock.guard.identifiers import (
    MAX_WHOLE,
    looks_spoofed,
    scalar_key,
)

TRUSTED = "trusted"
UNTRUSTED = "untrusted"
MODEL = "model"

_WORST = {TRUSTED: 0, MODEL: 1, UNTRUSTED: 2}
_UNHOSTED_LIMIT = 256
"""Trusted text queued for its hosts before it is drained anyway: bounds a session's memory;
most sessions look a host up, and drain, long before."""

MAX_SCAN_CHARS = 1_000_000
"""Text indexed per observation; content beyond it is not indexed (so never vouched for)."""

MAX_NODES = 100_000
"""Values walked per observation or argument."""

# Tokenising is on the hot path of every observation, so it uses only C-level string
# operations: brackets and quotes become spaces, then split at whitespace.
_SEPARATORS = "<>\"'`()[]{}|;\n\t\r"
_SEPARATOR_TABLE = str.maketrans(dict.fromkeys(_SEPARATORS, " "))
_SEPARATOR_BYTES = bytes.maketrans(_SEPARATORS.encode(), b" " * len(_SEPARATORS))
_HAS_SEPARATOR = re.compile(r"[<>\"'`()\[\]{}|;\n\t\r]").search
_SENTENCE_MARKS = (". ", ", ", ": ", "! ", "? ")
_PHONE = re.compile(r"\+\d[\d ().\-]{6,}\d")
_COMPACT = re.compile(r"[\s().\-]")
_HAS_DIGIT = re.compile(r"\d").search
_HAS_LETTER = re.compile(r"[^\W\d_]").search
_FOUR_DIGITS = re.compile(r"(?:\D*\d){4}").match
_DOMAIN_TOKEN = re.compile(
    r"[^\W_](?:[\w\-]*[^\W_])?(?:\.[^\W_](?:[\w\-]*[^\W_])?)*\.[^\W\d_]{2,24}"
)
_IBAN_TOKEN = re.compile(r"[a-z]{2}\d{2}[a-z0-9]{11,30}")

_FILE_EXTENSIONS = frozenset(
    {
        *("pdf", "txt", "doc", "docx", "xls", "xlsx", "csv", "png", "jpg", "jpeg", "gif"),
        *("zip", "json", "yaml", "yml", "md", "py", "js", "ts", "sh", "rs", "html", "htm"),
        *("exe", "log", "ppt", "pptx", "tar", "gz", "tgz", "xml", "ini", "cfg", "toml"),
        *("lock", "bak", "tmp"),
    }
)
"""Endings that look like top-level domains; `report.pdf` is a file, not a host."""


def worst(a: str, b: str) -> str:
    """The less trustworthy of two provenances: untrusted > model > trusted."""
    return a if _WORST[a] >= _WORST[b] else b


@dataclass(slots=True)
class ArgumentOrigin:
    """Where one argument's value came from, and the worst destination embedded in its text.

    `constructed` is true when an embedded address or link is new but sits on a host only
    untrusted content named (or is a look-alike): data may be riding in it.
    """

    provenance: str
    embedded: str | None
    embedded_untrusted: tuple[str, ...] = ()
    constructed: bool = False
    restricted: bool = False
    """The value carries a distinctive value seen in restricted content."""
    attested: bool = False
    """Trusted only because a system-filled field of third-party content carried it."""
    attested_keys: tuple[str, ...] = ()
    """The normal forms that owe their trust to attested fields (see `attested`)."""
    steered: bool = False
    """An identifier trusted input holds, that the user never said and that untrusted content
    names: the content may be choosing which of the trusted values the call uses."""


_CONST, _VOUCHED, _ATTESTED, _UNTRUSTED, _SAID = 1, 2, 4, 8, 16
"""Where a value was seen (see `ProvenanceIndex._seen`): a grant constant; trusted input that
vouches for it; an attested field; untrusted content; the user's own words."""
_TRUSTED_BITS = _CONST | _VOUCHED | _ATTESTED

_PLAIN = {p: ArgumentOrigin(p, None) for p in (TRUSTED, UNTRUSTED, MODEL)}
"""Shared results for values with nothing inside them to report (treated as read-only:
nothing changes an origin after `origin` returns it)."""

_SCALARS = frozenset({str, int, float, bool, type(None)})


def tokens(text: str) -> list[str]:
    """The case-folded tokens of observed text, as the index stores them: words, addresses,
    links, ids and numbers as written, split at whitespace, brackets and quotes.

    A sigil at the start of a token is dropped ("@dana", "#general" index as "dana",
    "general") with two C-level passes. Sentence punctuation stays on the token ("today."):
    stripping it would cost a regular-expression pass over every observation (seven times
    the tokenising itself), so lookups try those few endings instead (`_variants`)."""
    return _spaced(text).split()


def _spaced(text: str) -> str:
    """Observed text case-folded, separators turned into spaces, leading sigils dropped,
    with a space at each end: `split()` gives its tokens."""
    folded = text.casefold()
    # `translate` has a fixed cost of about a microsecond; most short values (ids, addresses,
    # dates) have no separator in them at all.
    if len(folded) > 64 or _HAS_SEPARATOR(folded) is not None:
        folded = _separated(folded)
    return _drop_sigils(" " + folded + " ")


def _drop_sigils(spaced: str) -> str:
    """Prepared text without "#" or "@" at the start of a token.

    Looks for the sigil characters themselves (a C-level `memchr`, about 0.05 µs on 2 KB):
    searching for " #" directly costs 30 times that, because the search stops at every
    space of the text."""
    for sigil in "#@":
        at = spaced.find(sigil)
        while at != -1:
            if spaced[at - 1] == " ":
                return spaced.replace(" #", " ").replace(" @", " ")
            at = spaced.find(sigil, at + 1)
    return spaced


def _separated(text: str) -> str:
    """`text` with brackets, quotes, pipes, semicolons and line breaks turned into spaces.
    ASCII text (most of it) goes through `bytes.translate`, about 2.5 times faster than
    `str.translate` with a mapping."""
    if text.isascii():
        return text.encode("ascii").translate(_SEPARATOR_BYTES).decode("ascii")
    return text.translate(_SEPARATOR_TABLE)


def _linked(spaced: str) -> list[str]:
    """The tokens of prepared text that contain "@" or "://", found by C-level searches
    around each occurrence rather than by looking at every token."""
    found = []
    for mark in ("@", "://"):
        at = spaced.find(mark)
        while at != -1:
            start = spaced.rfind(" ", 0, at) + 1
            end = spaced.find(" ", at)
            found.append(spaced[start:end])
            at = spaced.find(mark, end)
    return found


def argument_tokens(text: str) -> list[str]:
    """Tokens of an argument, with sentence punctuation and sigils stripped."""
    spaced = " " + _separated(text.casefold()) + " "
    for mark in _SENTENCE_MARKS:  # C-level passes; rare leftovers ("now...") are stripped below
        spaced = spaced.replace(mark, " ")
    spaced = spaced.replace(" #", " ").replace(" @", " ")
    words = spaced.split()
    if " #" in spaced or " @" in spaced or any(m in spaced for m in _SENTENCE_MARKS):
        words = [b for w in words if (b := w.rstrip(".,:!?").lstrip("#@"))]
    return words


def _variants(token: str) -> tuple[str, str, str, str]:
    """How a token may sit in indexed text: before sentence punctuation (sigils are dropped
    when text is indexed)."""
    return (token, token + ".", token + ",", token + ":")


def _extras(text: str) -> Iterator[str]:
    """Compact forms of phone numbers, which are written with inner spaces."""
    if "+" in text:
        for match in _PHONE.finditer(text):
            yield _COMPACT.sub("", match.group(0))


def _host(token: str) -> str:
    rest = token.split("://", 1)[-1]
    return rest.split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")


def _is_destination(token: str) -> bool:
    """An address, link, host or IBAN: something a value can be sent to."""
    if "://" in token:
        return True
    if "@" in token:
        return "." in token.rsplit("@", 1)[1]
    if "." in token:
        if _DOMAIN_TOKEN.fullmatch(token) is None:
            return False
        labels = token.split(".")
        return labels[-1] not in _FILE_EXTENSIONS and not all(x.isdigit() for x in labels[:-1])
    return len(token) >= 15 and _IBAN_TOKEN.fullmatch(token) is not None


class ProvenanceIndex:
    """Normal forms of observed values by trust; one per session (plus guard-wide directories)."""

    __slots__ = (
        "_unhosted",
        "attested",
        "attested_with",
        "parent",
        "restricted",
        "said",
        "trusted",
        "trusted_domains",
        "trusted_hosts",
        "untrusted",
        "untrusted_domains",
        "untrusted_parents",
    )

    def __init__(self, parent: ProvenanceIndex | None = None) -> None:
        self.parent = parent
        self.trusted: set[str] = set()
        self.untrusted: set[str] = set()
        self.trusted_domains: set[str] = set()
        self.untrusted_domains: set[str] = set()
        self.untrusted_parents: set[str] = set()
        """Parent domains of three labels or more of the hosts in `untrusted_domains`
        ("prereg.checkin.pt" of "name.prereg.checkin.pt"): a new host beside one of those is
        one the content had the agent fill in. Two-label parents are left out: without the
        public suffix list, "co.uk" cannot be told from "evil.io"."""
        self.trusted_hosts: set[str] = set()
        """Hosts of the links and addresses trusted input wrote: a new link on one of them is
        not on a host nobody named (see `_destination`). Filled from `_unhosted` when first
        needed, which is rare: observing trusted text only queues it."""
        self._unhosted: list[str] = []
        """Trusted addresses and links, and prepared trusted text holding some (told apart by
        the space prepared text starts with), whose hosts are not yet in `trusted_hosts`.
        Drained on the first host lookup, or when it reaches `_UNHOSTED_LIMIT` entries, so a
        long session never holds more than that much trusted text here."""
        self.restricted: set[str] = set()
        """Distinctive values (ids, numbers) seen in restricted content: passport numbers,
        salaries, account numbers. Their reappearance in an outbound call is a leak."""
        self.attested: set[str] = set()
        """Trusted values that only system-filled fields of third-party content carried (the
        sender of an e-mail, the organiser of an invite): authentic, but nobody vouched for
        them as a destination."""
        self.said: set[str] = set()
        """What the user's own words and identifiers hold (a subset of `trusted`)."""
        self.attested_with: dict[str, set[str]] = {}
        """For each attested value, the other system-filled values of the records that carried
        it (the message id beside an e-mail's sender): a reply to that record goes back to
        the party who wrote it."""

    def add(
        self,
        value: object,
        *,
        trusted: bool,
        directory: bool = False,
        restricted: bool = False,
        attested: bool = False,
        said: bool = False,
    ) -> list[str]:
        """Index every string and number in `value` (nested), as trusted or untrusted, and
        return the whole-value keys of its scalars.

        Bare domains listed in a trusted *directory* vouch for every address and URL under
        them; elsewhere a domain vouches only for itself. `attested` marks trusted values from
        system-filled fields of third-party content: trusted, but not vouched for. `said`
        marks the user's own words and identifiers.
        """
        if trusted and attested:
            target = self.attested
        else:
            target = self.trusted if trusted else self.untrusted
        if said and trusted:
            self.add(value, trusted=True)
            target = self.said
        budget = MAX_SCAN_CHARS
        keys: list[str] = []
        for leaf in _leaves(value):
            key = scalar_key(leaf)
            if key is not None:
                keys.append(key)
                target.add(key)
                if restricted and _is_distinctive(key):
                    self.restricted.add(key)
            if not isinstance(leaf, str) or budget <= 0:
                continue
            text = leaf[:budget]
            budget -= len(text)
            if (
                key is not None
                and not restricted
                and " " not in key
                and "+" not in key
                and _HAS_SEPARATOR(key) is None
                and key == text.strip().casefold()
            ):
                # One token, already indexed whole (an id, a date, an address): tokenising it
                # again would add the same string. Untrusted addresses and links still name
                # their host; directories still learn bare domains.
                if "@" in key or "://" in key:
                    if trusted:
                        self._queue_hosts(key)
                    else:
                        self._add_untrusted_hosts([_host(key.rstrip(".,:!?"))])
                elif trusted and directory and _is_bare_domain(key):
                    self.trusted_domains.add(key)
                continue
            spaced = _spaced(text)
            words = spaced.split()
            target.update(words)
            if restricted:
                self.restricted.update(_distinctive(w) for w in words if _is_distinctive(w))
            if "+" in text:
                target.update(_extras(text))
            if "@" in spaced or "://" in spaced:
                if trusted:
                    self._queue_hosts(spaced)
                else:
                    self._add_untrusted_hosts([_host(w.rstrip(".,:!?")) for w in _linked(spaced)])
            elif trusted and directory and key is not None and _is_bare_domain(key):
                self.trusted_domains.add(key)
        return keys

    def add_record(self, attested: Iterable[str], system: Iterable[str]) -> None:
        """Remember that one record carried the `attested` values beside the `system` ones."""
        system = frozenset(system)
        for key in attested:
            known = self.attested_with.get(key)
            if known is None:
                self.attested_with[key] = set(system)
            else:
                known |= system

    def user_said(self, key: str) -> bool:
        """Whether the user's own words hold `key` (as written, or before punctuation)."""
        return bool(self.said) and not self.said.isdisjoint(_variants(key))

    def related(self, attested_keys: tuple[str, ...], others: set[str]) -> bool:
        """Whether every attested value came in a record that also carried one of `others`
        (the call refers to the record whose sender it writes to)."""
        attested_with = self.attested_with
        return bool(attested_keys) and all(
            not attested_with.get(k, others).isdisjoint(others) for k in attested_keys
        )

    def _is_trusted(self, norm: str, forms: tuple[str, ...] | None = None) -> bool:
        forms = forms or _variants(norm)
        return self._is_vouched(norm, forms) or (
            bool(self.attested) and _member(norm, self.attested, forms)
        )

    def _is_vouched(self, norm: str, forms: tuple[str, ...] | None = None) -> bool:
        """Trusted by the user's words, a trusted source, a directory or the principal."""
        index: ProvenanceIndex | None = self
        while index is not None:
            if index.trusted:
                forms = forms or _variants(norm)
                if _member(norm, index.trusted, forms):
                    return True
            index = index.parent
        return False

    def _attested_only(self, destinations: list[str]) -> bool:
        """Whether a value not vouched for as a whole owes its trust only to attested fields:
        it has no destination inside, or not all of them are vouched for."""
        return not destinations or not all(
            self._is_vouched(t) or self._domain_trusted(_host(t)) for t in destinations
        )

    def _is_untrusted(self, norm: str, forms: tuple[str, ...] | None = None) -> bool:
        return _member(norm, self.untrusted, forms or _variants(norm))

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

    def _destination(self, token: str) -> tuple[str, bool]:
        """Provenance of one destination token, and whether it was built rather than copied
        (a new link or address under a host only untrusted content named, or a new link with
        parameters on a host nobody named: the shape of data smuggled out in a URL)."""
        forms = _variants(token)
        if self._is_trusted(token, forms) or ("://" in token and self._is_trusted(token + "/")):
            return TRUSTED, False
        if looks_spoofed(token):
            return UNTRUSTED, True
        if self._is_untrusted(token, forms):
            return UNTRUSTED, False
        if "@" not in token and "://" not in token and "." not in token:
            return MODEL, False  # an IBAN-shaped token seen nowhere
        host = _host(token)
        if self._domain_trusted(host):
            return TRUSTED, False
        if host in self.untrusted_domains or self._is_untrusted(host):
            # An address assembled from pieces still names the attacker's host.
            return UNTRUSTED, True
        if self.under_untrusted(host):
            return UNTRUSTED, True  # a new name under it: data can ride in the labels
        # A host that no input named reached the agent some other way: spelled out, encoded
        # (base64, ROT13) in content, or from memory. With parameters, data can ride to it.
        return MODEL, _has_parameters(token) and not self.host_named(host)

    def _add_untrusted_hosts(self, hosts: list[str]) -> None:
        self.untrusted_domains.update(hosts)
        for host in hosts:
            if host.count(".") >= 3:  # most hosts have no parent of three labels
                labels = host.split(".")
                self.untrusted_parents.update(
                    ".".join(labels[i:]) for i in range(1, len(labels) - 2)
                )

    def under_untrusted(self, host: str) -> bool:
        """Whether `host` is a new name under a domain only untrusted content named, or
        beside a host it named ("g48127733.prereg.checkin.pt" when the content gave
        "passport.prereg.checkin.pt"), and trusted input did not name it."""
        parent = host.partition(".")[2]
        while "." in parent:
            if (
                parent in self.untrusted_domains
                or parent in self.untrusted_parents
                or self._is_untrusted(parent)
            ):
                return not self.host_named(host)
            parent = parent.partition(".")[2]
        return False

    def _queue_hosts(self, trusted: str) -> None:
        self._unhosted.append(trusted)
        if len(self._unhosted) >= _UNHOSTED_LIMIT:
            self.drain_hosts()

    def drain_hosts(self) -> None:
        """Move the hosts of the queued trusted text into `trusted_hosts`, and let it go."""
        # Swapped out before reading, so text queued meanwhile waits for the next drain.
        queue, self._unhosted = self._unhosted, []
        for queued in queue:
            tokens = _linked(queued) if queued.startswith(" ") else [queued]
            self.trusted_hosts.update([_host(t.rstrip(".,:!?")) for t in tokens])

    def host_named(self, host: str) -> bool:
        """Whether trusted input named `host`: in a link or address, or on its own."""
        index: ProvenanceIndex | None = self
        while index is not None:
            if index._unhosted:
                index.drain_hosts()
            if host in index.trusted_hosts:
                return True
            index = index.parent
        return self._is_trusted(host)

    def origin(
        self, value: object, constants: frozenset[str] = frozenset(), *, scan: bool = True
    ) -> ArgumentOrigin:
        """Provenance of an argument value (nested values too): the worst of its parts.

        With `scan=False` only whole values are looked up, not destinations inside text: the
        guard does that for arguments no rule can ask about the insides of (non-sensitive
        arguments of read tools), to keep the hot path short.
        """
        native = _native_origin
        if native is not None:
            return native(self, value, constants, scan)
        if type(value) in _SCALARS:
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
            any(part.restricted for part in parts),
            overall == TRUSTED and any(part.attested for part in parts),
            tuple(k for part in parts for k in part.attested_keys),
            any(part.steered for part in parts),
        )

    def _whole(self, keys: list[str], constants: frozenset[str]) -> str | None:
        """TRUSTED if trusted input holds one of `keys` (the forms of one value), else
        UNTRUSTED if untrusted content does, else None."""
        seen = self._seen(keys, constants, full=False)
        if seen & _TRUSTED_BITS:
            return TRUSTED
        return UNTRUSTED if seen & _UNTRUSTED else None

    def _seen(self, keys: list[str], constants: frozenset[str], *, full: bool) -> int:
        """Where the forms of one value (`keys`) were seen, as `_CONST` | `_VOUCHED` |
        `_ATTESTED` | `_UNTRUSTED` | `_SAID` bits.

        On the hot path of every argument: the forms of all keys are tested against each set
        in one C-level `isdisjoint` call. Without `full`, it stops once the value is trusted
        (all `_whole` needs)."""
        if not keys:
            return 0
        seen = 0
        if len(keys) == 1:
            key = keys[0]
            if key in constants:
                seen = _CONST
            forms: tuple[str, ...] = (key, key + ".", key + ",", key + ":")
        else:
            if not constants.isdisjoint(keys):
                seen = _CONST
            forms = tuple([f for key in keys for f in (key, key + ".", key + ",", key + ":")])
        if seen and not full:
            return seen
        index: ProvenanceIndex | None = self
        while index is not None:
            if not index.trusted.isdisjoint(forms):
                seen |= _VOUCHED
                break
            index = index.parent
        if not self.attested.isdisjoint(forms):
            seen |= _ATTESTED
        spaced = [k for k in keys if len(k) >= 15 and k.isalnum()] if len(keys[0]) >= 15 else ()
        for k in spaced:  # an IBAN written in groups of four
            if self._is_vouched(k):
                seen |= _VOUCHED
            elif self.attested and _member(k, self.attested, _variants(k)):
                seen |= _ATTESTED
        if seen and not full:
            return seen
        if not self.untrusted.isdisjoint(forms) or any(
            _spaced_in(k, self.untrusted) for k in spaced
        ):
            seen |= _UNTRUSTED
        if self.said and (
            not self.said.isdisjoint(forms) or any(_spaced_in(k, self.said) for k in spaced)
        ):
            seen |= _SAID
        return seen

    def _leaf(self, leaf: object, constants: frozenset[str], scan: bool) -> ArgumentOrigin:
        if isinstance(leaf, bool) or leaf is None:
            return _PLAIN[TRUSTED]  # booleans and null carry nothing
        if isinstance(leaf, int | float):
            keys = _number_keys(leaf)
            leak = bool(self.restricted) and any(k in self.restricted for k in keys[:1])
            number = self._whole(keys, constants)
            if number != TRUSTED and type(leaf) is int and (bare := _bare_cents_keys(leaf)):
                # "60" read as 6000 cents: only the user's own words (and grant constants)
                # speak in units that way. A bill's `amount_cents: 1990` must not vouch for
                # 199000; text that names the bare number still makes it untrusted.
                if not constants.isdisjoint(bare) or not self.said.isdisjoint(bare):
                    number = TRUSTED
                elif number is None and self._whole(bare, constants) == UNTRUSTED:
                    number = UNTRUSTED
            number = number or MODEL
            return ArgumentOrigin(number, None, restricted=True) if leak else _PLAIN[number]
        if not isinstance(leaf, str):
            return _PLAIN[MODEL]
        keys = [k] if (k := scalar_key(leaf)) is not None else []
        if len(leaf) <= 64 and _HAS_DIGIT(leaf):
            compact = _COMPACT.sub("", leaf).casefold()
            if compact != (keys[0] if keys else "") and len(compact) >= 8 and compact.isalnum():
                keys.append(compact)  # "DE89 3704 0044 …", "+49 (30) 1234-567"
        if not scan:
            return _PLAIN[self._whole(keys, constants) or MODEL]
        seen = self._seen(keys, constants, full=True)
        whole = TRUSTED if seen & _TRUSTED_BITS else UNTRUSTED if seen & _UNTRUSTED else None
        embedded: str | None = None
        bad: list[str] = []
        vouching: list[str] = []
        found: list[str] = []
        constructed = False
        text = leaf[:MAX_SCAN_CHARS]
        restricted = self.restricted
        # Short text without "@", "." or "/" holds no destination (an IBAN has 15 characters
        # or more): unless a restricted value could leak in it, it needs no tokenising.
        if restricted or len(text) >= 15 or "@" in text or "." in text or "/" in text:
            words = argument_tokens(text)
        else:
            words = []
        leak = bool(restricted) and not restricted.isdisjoint(words)
        whole_key = keys[0] if keys else None
        for token in [w for w in words if "." in w or "@" in w or "/" in w or len(w) >= 15]:
            if not _is_destination(token):
                continue
            if token == whole_key and whole == TRUSTED:
                state, built = TRUSTED, False  # the whole value, already looked up
            else:
                state, built = self._destination(token)
            constructed = constructed or built
            if state == UNTRUSTED:
                bad.append(token)
            elif state == TRUSTED:
                vouching.append(token)
            embedded = state if embedded is None else worst(embedded, state)
            found.append(token)
        if "+" in text:
            # A phone number inside text is a destination too ("new number +49 1521 …").
            for phone in _extras(text):
                if phone == whole_key:
                    continue
                state = self._whole([phone], constants) or MODEL
                if state == UNTRUSTED:
                    bad.append(phone)
                elif state == TRUSTED:
                    vouching.append(phone)
                embedded = state if embedded is None else worst(embedded, state)
        # Trust that rests only on attested fields is flagged for rules about confidential
        # flows; it costs nothing in sessions that observed no such field.
        attested = (
            bool(self.attested)
            and (whole == TRUSTED or embedded == TRUSTED)
            and not seen & (_CONST | _VOUCHED)
            and self._attested_only(vouching)
        )
        attested_keys = tuple(dict.fromkeys((*keys, *vouching))) if attested else ()
        if whole == TRUSTED:
            # The value, as a whole, is what trusted input said: nothing in it was built.
            return ArgumentOrigin(
                TRUSTED,
                embedded,
                tuple(bad),
                False,
                leak,
                attested,
                attested_keys,
                # Steered: an identifier the user never said that untrusted content names
                # ("pay the other account on file", "remove that member").
                seen & (_UNTRUSTED | _SAID | _CONST) == _UNTRUSTED and _is_identifier(keys[0]),
            )
        if whole is not None and not constructed:
            return ArgumentOrigin(
                whole, embedded, tuple(bad), constructed, leak, attested, attested_keys
            )
        if embedded == UNTRUSTED:
            return ArgumentOrigin(UNTRUSTED, embedded, tuple(bad), constructed, leak)
        # Trusted destinations vouch for a short value only when nothing address-like is
        # left beside them ("Bob <bob@example.com>", not "x@evil.io bob@example.com").
        if embedded == TRUSTED and len(leaf) <= MAX_WHOLE and _bare_residue(leaf, found):
            return ArgumentOrigin(
                TRUSTED, embedded, tuple(bad), constructed, leak, attested, attested_keys
            )
        return ArgumentOrigin(MODEL, embedded, tuple(bad), constructed, leak)


def _has_parameters(token: str) -> bool:
    """Whether a link carries a query string with parameters (`?name=value`)."""
    return "://" in token and "=" in token.partition("?")[2]


def _bare_residue(text: str, destinations: list[str]) -> bool:
    """Whether nothing address-like is left in `text` once its `destinations` are cut out."""
    residue = text.casefold()
    for token in destinations:
        residue = residue.replace(token, " ")
    return "@" not in residue and "://" not in residue


def _member(norm: str, words: set[str], forms: tuple[str, ...]) -> bool:
    """Whether `norm` sits in indexed `words`, as written or in one of its variant `forms`
    (`isdisjoint` tests them all in one C-level call)."""
    if not words.isdisjoint(forms):
        return True
    return len(norm) >= 15 and norm.isalnum() and _spaced_in(norm, words)


def _is_identifier(key: str) -> bool:
    """A value that names one thing: an address, link, host or account, or an id that mixes
    letters and digits or has four digits (not a word, a currency or a small number)."""
    if _is_destination(key):
        return True
    if _FOUR_DIGITS(key) is not None:
        return True
    return len(key) >= 5 and _HAS_DIGIT(key) is not None and _HAS_LETTER(key) is not None


def _is_distinctive(token: str) -> bool:
    """A token specific enough that seeing it again means the same datum: four digits or
    more (ids, account and passport numbers, amounts), not words or short numbers."""
    return _FOUR_DIGITS(token) is not None


def _distinctive(token: str) -> str:
    return token.rstrip(".,:!?")


def _spaced_in(norm: str, words: set[str]) -> bool:
    """Whether an IBAN-shaped value was written in groups of four ("DE89 3704 0044 …")."""
    if len(norm) < 15 or not norm.isalnum() or _IBAN_TOKEN.fullmatch(norm) is None:
        return False
    return all(norm[i : i + 4] in words for i in range(0, len(norm), 4))


def _number_keys(value: int | float) -> list[str]:
    """The ways a number is written in text. Observed text is indexed as written, so the
    argument's forms are generated instead: 12500 is "12500", "12,500", "12.500",
    "12500.00"…; an integer is also read as cents when written with them ("125,00"), and
    without them only by the user (`_bare_cents_keys`)."""
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) >= 1e15:
            return [repr(value)]  # beyond any amount; compared as written
        cents = round(value * 100)
        return _amount_forms(cents // 100, cents % 100) if value >= 0 else [repr(value)]
    if value < 0 or value >= 10**18:
        return [str(value)]
    as_cents = _amount_forms(value // 100, value % 100)
    return [*_amount_forms(value, 0), *(as_cents[3:] if value % 100 == 0 else as_cents)]


def _bare_cents_keys(value: int) -> list[str]:
    """An integer read as cents and written as whole units without them ("60" for 6000,
    "1,990" for 199000): what a person says, and what a number in structured data looks
    like, so only the user's words vouch for it."""
    if value < 100 or value % 100 or value >= 10**18:
        return []
    return _amount_forms(value // 100, 0)[:3]


def _amount_forms(units: int, cents: int) -> list[str]:
    grouped = f"{units:,}"
    dotted = grouped.replace(",", ".")
    if cents == 0:
        return [
            str(units),
            grouped,
            dotted,
            f"{units}.00",
            f"{units},00",
            f"{grouped}.00",
            f"{dotted},00",
        ]
    tail = f"{cents:02d}"
    return [f"{units}.{tail}", f"{units},{tail}", f"{grouped}.{tail}", f"{dotted},{tail}"]


def _is_bare_domain(text: str) -> bool:
    return "@" not in text and "://" not in text and _DOMAIN_TOKEN.fullmatch(text) is not None


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


_Origin = Callable[[ProvenanceIndex, object, frozenset[str], bool], ArgumentOrigin]


def _accelerator() -> _Origin | None:
    """The compiled `origin` (interlock.guard._provenance_native), or None for pure Python: when
    the extension was not built (no C compiler at install) or INTERLOCK_PURE_PYTHON is set.
    It covers numbers and ASCII text and hands everything else back to `_leaf`; this module
    stays the reference its results are tested against."""
    if os.environ.get("INTERLOCK_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        from interlock.guard import _provenance_native

        return _provenance_native.bind(sys.modules[__name__])
    except (ImportError, AttributeError):
        # Not built, or built from code that no longer matches this module (a constant it
        # mirrors changed or was renamed): the Python code decides the same, more slowly, and
        # tests/unit/guard/test_provenance_native.py fails so the mismatch is seen.
        return None


_native_origin = _accelerator()

ACCELERATED = _native_origin is not None
"""Whether `ProvenanceIndex.origin` runs compiled (False: pure Python)."""
