"""Finding and normalising identifiers inside text: where a value could send things.

E-mail addresses, URLs and their hosts, bare domains, IBANs and long account numbers,
phone numbers, file paths, and numbers (amounts). Normal forms make the same identifier
match however it was written: case-folded, whitespace collapsed, separators removed from
IBANs and phone numbers, URLs without a trailing slash or punctuation. Also recognises
secrets (private keys, cloud and API key formats) so outbound calls never carry them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_WHOLE = 256
"""Strings up to this length are also indexed whole (after normalisation)."""

# Letters are Unicode-aware on purpose: a look-alike address (a Cyrillic "а" in
# "exаmple.com") must be read whole, not cut at the odd letter into a harmless-looking part.
_EMAIL = r"[\w.%+\-]+@[^\W_](?:[\w\-]*[^\W_])?(?:\.[^\W_](?:[\w\-]*[^\W_])?)*\.[^\W\d_]{2,24}"
_URL = r"(?:https?|ftp|file|s3|gs)://[^\s<>\"'`)\]}]+"
_DOMAIN = (
    r"(?<![@\w.\-])(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+"
    r"(?:[^\W\d_]{2,24})(?![\w\-@]|\.\w)"
)
_IBAN = r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b"
# International numbers with a leading +, or North-American style groups; a bare run of
# digits and dashes (a date, an order number) is not taken for a phone number.
_PHONE = (
    r"(?<![\w+])\+\d[\d ().\-]{6,}\d(?!\w)"
    r"|(?<![\w\-])\(?\d{3}\)?[ .\-]\d{3}[ .\-]\d{4}(?![\w\-])"
)
_PATH = r"(?<![\w:/])(?:~|\.{1,2})?/(?:[\w.\-]+/)*[\w.\-]+|[A-Za-z]:\\(?:[\w.\- ]+\\)*[\w.\-]+"
_ACCOUNT = r"(?<![\w.])\d{8,20}(?![\w.])"
# Amounts as people write them: 12,500.00 / 12.500,00 / 940,00 / 940.5 / 94000.
_NUMBER = (
    r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:\.\d{3})+,\d{1,2}"
    r"|\d+,\d{1,2}(?!\d)"
    r"|\d+(?:\.\d+)?)(?![\w]|[.,]\d)"
)

_TLD_LIKE_FILE = frozenset(
    {
        "pdf",
        "txt",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "csv",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "zip",
        "json",
        "yaml",
        "yml",
        "md",
        "py",
        "js",
        "ts",
        "sh",
        "rs",
        "html",
        "htm",
        "exe",
        "log",
        "ppt",
        "pptx",
        "tar",
        "gz",
        "tgz",
        "xml",
        "ini",
        "cfg",
        "toml",
        "lock",
        "bak",
        "tmp",
    }
)
"""File extensions that look like top-level domains; `report.pdf` is not a host."""

_EMAIL_RX = re.compile(_EMAIL)
_URL_RX = re.compile(_URL)
_IBAN_RX = re.compile(_IBAN)
_PHONE_RX = re.compile(_PHONE)
_PATH_RX = re.compile(_PATH)
_DOMAIN_RX = re.compile(_DOMAIN)
_ACCOUNT_RX = re.compile(_ACCOUNT)
_NUMBER_RX = re.compile(_NUMBER)
_HAS_DIGIT = re.compile(r"\d").search
_HAS_IBAN_START = re.compile(r"[A-Z]{2}\d\d").search
_HAS_DOMAIN_SHAPE = re.compile(r"[A-Za-z0-9]\.[A-Za-z]{2}").search

_TRAILING = ".,;:!?)]}>\"'"

DESTINATION_KINDS = frozenset({"email", "url", "domain", "iban", "phone"})
"""Identifier kinds that name where something goes when they appear inside free text.

Account numbers, paths and numbers inside text are usually references (an order number in
a reply), so they count only when they are a sensitive argument's whole value.
"""


def normalise(text: str) -> str:
    """Case-folded, trimmed, with runs of whitespace collapsed to one space."""
    return " ".join(text.split()).casefold()


def identifiers(text: str) -> list[tuple[str, str]]:
    """(kind, normal form) of each identifier in `text`, plus hosts of URLs and e-mails.

    Kinds overlap (the host of a URL is also a domain); normal forms are what is compared,
    and trusted and untrusted content go through the same extraction, so they agree. Each
    kind's regex runs only when a cheap test says it could match: this is on the guard's
    hot path, and most argument text holds no identifier at all.
    """
    found: list[tuple[str, str]] = []
    if "@" in text:
        for m in _EMAIL_RX.finditer(text):
            found.extend(_normal_forms("email", m.group(0)))
    if "://" in text:
        for m in _URL_RX.finditer(text):
            found.extend(_normal_forms("url", m.group(0)))
    if "/" in text or "\\" in text:
        for m in _PATH_RX.finditer(text):
            found.extend(_normal_forms("path", m.group(0)))
    if "." in text and _HAS_DOMAIN_SHAPE(text):
        for m in _DOMAIN_RX.finditer(text):
            found.extend(_normal_forms("domain", m.group(0)))
    if _HAS_DIGIT(text):
        if _HAS_IBAN_START(text):
            for m in _IBAN_RX.finditer(text):
                found.extend(_normal_forms("iban", m.group(0)))
        for kind, regex in (("phone", _PHONE_RX), ("account", _ACCOUNT_RX), ("number", _NUMBER_RX)):
            for m in regex.finditer(text):
                found.extend(_normal_forms(kind, m.group(0)))
    return found


def _normal_forms(kind: str, raw: str) -> Iterator[tuple[str, str]]:
    if kind == "email":
        address = raw.casefold()
        yield "email", address
        yield "domain", address.rsplit("@", 1)[1]
    elif kind == "url":
        url = raw.rstrip(_TRAILING)
        yield "url", normal_url(url)
        host = _url_host(url)
        if host:
            yield "domain", host
    elif kind in ("iban", "phone"):
        yield kind, re.sub(r"[\s().\-]", "", raw).casefold()
    elif kind == "number":
        yield "number", normal_number(raw)
    elif kind == "domain":
        domain = raw.casefold().rstrip(".")
        labels = domain.split(".")
        # "report.pdf" is a file and "3.OG" a floor number, not hosts.
        if labels[-1] not in _TLD_LIKE_FILE and not all(label.isdigit() for label in labels[:-1]):
            yield "domain", domain
    else:
        yield kind, raw.rstrip(_TRAILING).casefold()


def normal_url(url: str) -> str:
    """A URL's comparable form: case-folded scheme and host, no trailing slash or fragment."""
    url = url.rstrip(_TRAILING)
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    path = path.split("#", 1)[0].rstrip("/")
    return f"{scheme.casefold()}{sep}{host.casefold()}{slash if path else ''}{path}"


def _url_host(url: str) -> str:
    rest = url.split("://", 1)[-1]
    host = rest.split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0]
    return host.casefold().rstrip(".")


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


def cents_key(value: int) -> str:
    """The normal form of an integer read as hundredths (94000 -> "940"): amounts in cents
    are written in text as units."""
    units, cents = divmod(abs(value), 100)
    text = f"{units}.{cents:02d}".rstrip("0").rstrip(".")
    return ("-" if value < 0 else "") + text


def looks_spoofed(identifier: str) -> bool:
    """True when a host label mixes ASCII letters with other scripts' letters: the shape of
    a look-alike ("exаmple.com" with a Cyrillic "а"), never of an honest address."""
    host = identifier.rsplit("@", 1)[-1].split("://", 1)[-1].split("/", 1)[0]
    for label in host.split("."):
        ascii_letters = any("a" <= ch <= "z" for ch in label)
        other_letters = any(ch.isalpha() and not ch.isascii() for ch in label)
        if ascii_letters and other_letters:
            return True
    return False


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
    "PRIVATE KEY",
    "AKIA",
    "ASIA",
    "aws_secret",
    "AIza",
    "gh",
    "github_pat_",
    "xox",
    "sk-",
    "k_live_",
    "eyJ",
    "AccountKey=",
)
"""Every secret format above contains one of these; plain substring tests rule most text out
far faster than the full expression."""


def find_secret(text: str) -> str | None:
    """The kind of the first credential in `text` (never the secret itself), or None."""
    if not any(marker in text for marker in _SECRET_MARKERS):
        return None
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
