"""Normal forms of values, and the credential formats outbound calls must never carry.

Normal forms make the same value match however it was written: case-folded, whitespace
collapsed, channel and mention sigils dropped, numbers without grouping and with a dot for
decimals. Look-alike hosts (letters
of two scripts in one label) are recognised so they are never vouched for.
"""

from __future__ import annotations

import re
import unicodedata

MAX_WHOLE = 256
"""Strings up to this length are also indexed whole (after normalisation)."""


def normalise(text: str) -> str:
    """Case-folded, trimmed, with runs of whitespace collapsed to one space."""
    return " ".join(text.split()).casefold()


def normal_number(raw: str) -> str:
    """A number's comparable form: no thousands separators, a dot for decimals, no trailing
    zero decimals. The last of "," and "." is the decimal separator when both appear; a
    lone comma is decimal when one or two digits follow it (940,00), else thousands."""
    text = raw.replace(" ", "")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        text = f"{head.replace(',', '')}.{tail}" if len(tail) <= 2 else text.replace(",", "")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, dot, fraction = text.partition(".")
    return (whole.lstrip("0") or "0") + dot + fraction


def looks_spoofed(identifier: str) -> bool:
    """True when a host label mixes letters of two scripts (Latin and Cyrillic, say): the
    shape of a look-alike ("exаmple.com" with a Cyrillic "а"), not of an honest address.
    Accented Latin letters ("café.fr") are one script."""
    if identifier.isascii():
        return False
    host = identifier.rsplit("@", 1)[-1].split("://", 1)[-1].split("/", 1)[0]
    for label in host.split("."):
        scripts = {_script(ch) for ch in label if ch.isalpha()}
        if len(scripts) > 1:
            return True
    return False


def _script(letter: str) -> str:
    # The first word of a letter's Unicode name is its script ("LATIN SMALL LETTER A").
    return unicodedata.name(letter, "UNKNOWN").split(" ", 1)[0]


def scalar_key(value: object) -> str | None:
    """The normal form of a scalar argument value as a whole, or None when it has none."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return normal_number(str(value))
    if isinstance(value, float):
        return normal_number(repr(value)) if value == value else None  # NaN has no form
    if isinstance(value, str) and len(value) <= MAX_WHOLE:
        # "#team-updates" and "@dana" name the same channel and person as without the sigil.
        text = normalise(value).lstrip("#@")
        return text or None
    return None


_SECRETS = re.compile(
    r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----"
    r"|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"  # AWS access key id
    r"|\baws_secret_access_key\s*[=:]\s*[A-Za-z0-9/+]{40}\b"
    r"|\bAIza[0-9A-Za-z_\-]{35}\b"  # Google API key
    r"|\bgh[pousr]_[A-Za-z0-9]{36,}\b"  # GitHub tokens
    r"|\bgithub_pat_[A-Za-z0-9_]{40,}\b"
    r"|\bxox[abprs]-[A-Za-z0-9\-]{10,}\b"  # Slack tokens
    r"|\bsk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}\b"  # OpenAI / Anthropic style keys
    r"|\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b"  # Stripe live keys
    r"|\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}"  # JWT
    r"|\bAccountKey=[A-Za-z0-9+/=]{40,}"  # Azure storage connection string
)


_SECRET_MARKERS = (
    *("PRIVATE KEY", "AKIA", "ASIA", "aws_secret", "AIza", "github_pat_", "xox", "sk-"),
    *("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "k_live_", "eyJ", "AccountKey="),
)
"""Every secret format above contains one of these literals. Substring tests (C-level, a
fast search each) rule most text out at half the cost of one alternation pattern."""

_GATED_MARKERS = (
    ("_", ("aws_secret", "github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "k_live_")),
    ("A", ("AKIA", "ASIA", "AIza", "AccountKey=")),
    ("V", ("PRIVATE KEY",)),
    ("J", ("eyJ",)),
    ("x", ("xox",)),
    ("-", ("sk-",)),
)
"""The markers grouped by a character each of them contains. Looking for one character is a
`memchr`, ten times cheaper than a substring search; prose rarely has "_", "V" or "J", so
most groups are ruled out at that cost (2.4 -> 0.6 µs on a 300-character message)."""


_HIDDEN_CHARACTERS = re.compile(
    "[\u200b\u2060\ufeff\u180e]"  # zero-width space, word joiner, BOM, Mongolian vowel sep.
    "|[\u202a-\u202e\u2066-\u2069]"  # bidirectional embeddings, overrides and isolates
    "|[\U000e0000-\U000e007f]"  # tag characters: invisible ASCII ("ASCII smuggling")
    # Variation selectors: one after a character picks its form (an emoji's colour); in a
    # run, or from the supplementary block, they render as nothing and can spell bytes.
    "|[\ufe00-\ufe0f\U000e0100-\U000e01ef]{2,}"
)
"""Characters that change no visible glyph. Joiners that emoji sequences and Persian or Indic
scripts need (U+200C, U+200D), and a single variation selector, are not among them."""


def find_hidden(text: str) -> str | None:
    """What in `text` a person reading it would not see, or None: an HTML comment (mail and
    markdown renderers drop it) or an invisible character."""
    if "<!--" in text:
        return "HTML comment"
    if text.isascii():
        return None  # every hidden character is outside ASCII
    found = _HIDDEN_CHARACTERS.search(text)
    if found is None:
        return None
    code = ord(found.group(0)[0])
    if 0xFE00 <= code <= 0xFE0F or code >= 0xE0100:
        return "variation selectors"
    if code >= 0xE0000:
        return "tag characters"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "bidirectional control"
    return "zero-width character"


_SHORTEST_SECRET = 15
"""No text shorter than this can hold a match of `_SECRETS` (a Slack token: "xoxb-" and ten
characters); tests/unit/guard/test_identifiers.py checks it against the pattern."""


def find_secret(text: str) -> str | None:
    """The kind of the first credential in `text` (never the secret itself), or None."""
    if len(text) < _SHORTEST_SECRET:
        return None  # most arguments are ids, codes and names: no marker scan at all
    for gate, markers in _GATED_MARKERS:
        if gate in text:
            for marker in markers:
                if marker in text:
                    return _secret_kind(text)
    return None


def _secret_kind(text: str) -> str | None:
    """The kind of the first credential in `text` that carries a marker, or None."""
    match = _SECRETS.search(text)
    if match is None:
        return None
    found = match.group(0)
    if "PRIVATE KEY" in found:
        return "private key"
    for prefix, kind in (
        ("AKIA", "AWS access key"),
        ("ASIA", "AWS access key"),
        ("aws_secret", "AWS secret key"),
        ("AIza", "Google API key"),
        ("gh", "GitHub token"),
        ("github_pat", "GitHub token"),
        ("xox", "Slack token"),
        ("sk-", "API key"),
        ("sk_live", "Stripe key"),
        ("rk_live", "Stripe key"),
        ("eyJ", "JSON web token"),
        ("AccountKey", "Azure storage key"),
    ):
        if found.startswith(prefix):
            return kind
    return "credential"  # pragma: no cover - every alternative above has a prefix
