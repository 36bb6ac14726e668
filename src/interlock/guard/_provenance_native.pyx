# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled hot path of `ProvenanceIndex.origin` (see `interlock.guard.provenance`).

This module owns the argument side of provenance for the values agents send most: numbers,
booleans, null, and ASCII strings, including the destinations (addresses, links, hosts,
IBANs) inside them, with the index's own sets and the same lookups as the Python code: the
forms of a value over the index chain, the grant constants and the attested, untrusted and
said sets; the tokens of an argument; each embedded destination and its host. Its gain is in
doing that work in C instead of in the interpreter, with no intermediate tuples or strings
beyond the forms looked up. What it leaves out goes to the Python code, value by value:
non-ASCII text (whose Unicode classes the Python regular expressions decide), subclasses of
the scalar types, other objects, and phone numbers inside text (found by the Python pattern).

`ProvenanceIndex._leaf` stays the reference: the results are the same `ArgumentOrigin`
values, which the property tests in tests/unit/guard/test_provenance_native.py check on
random indexes and arguments. `bind` takes what it needs from the Python module, so there
is one definition of every constant and type.
"""

cimport cython
from cpython.set cimport PyAnySet_Check, PySet_Contains, PySet_GET_SIZE
from cpython.dict cimport PyDict_Check
from cpython.list cimport PyList_Check
from cpython.tuple cimport PyTuple_Check
from libc.math cimport fabs, isfinite, round as c_round
from libc.string cimport memchr, memcpy

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object)
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    unsigned char* PyUnicode_1BYTE_DATA(object)
    object PyUnicode_New(Py_ssize_t, Py_UCS4)
    object PyUnicode_Substring(object, Py_ssize_t, Py_ssize_t)
    long long PyLong_AsLongLongAndOverflow(object, int*) except? -1
    double PyFloat_AS_DOUBLE(object)

# Bits of `_seen`, as in the Python module.
cdef enum:
    CONST = 1
    VOUCHED = 2
    ATTESTED = 4
    UNTRUSTED_BIT = 8
    SAID = 16
    TRUSTED_BITS = 7

# Ranks of `worst`: trusted < model < untrusted; R_NONE is "nowhere" (no embedded value).
cdef enum:
    R_NONE = -1
    R_TRUSTED = 0
    R_MODEL = 1
    R_UNTRUSTED = 2

cdef enum:
    KEY_BUFFER = 512  # room for a MAX_WHOLE-character key (`bind` checks)

# Bound from the Python module by `bind`.
cdef object _Origin = None
cdef object _Index = None
cdef tuple _NAMES = None
cdef tuple _PLAINS = None
cdef dict _WORST = None
cdef object _FILE_EXTENSIONS = None
cdef object _extras = None
cdef object _is_identifier = None
cdef object _py_argument_tokens = None
cdef object _py_is_destination = None
cdef object _py_has_parameters = None
cdef object _py_host_named = None
cdef object _py_under_untrusted = None
cdef Py_ssize_t _MAX_SCAN = 0
cdef Py_ssize_t _MAX_NODES = 0
cdef Py_ssize_t _MAX_WHOLE = 0
cdef bint _bound = False


def bind(module):
    """Take the types, constants and helpers of `interlock.guard.provenance` and return the
    compiled `origin(index, value, constants, scan)`."""
    global _Origin, _Index, _NAMES, _PLAINS, _WORST, _FILE_EXTENSIONS, _extras
    global _is_identifier, _py_argument_tokens, _py_is_destination
    global _py_has_parameters, _py_host_named, _py_under_untrusted
    global _MAX_SCAN, _MAX_NODES, _MAX_WHOLE, _bound
    # What this file writes out by hand must still be what the Python module says; if the
    # Python code changed, the compiled code is not used (ImportError: pure Python).
    mirrored = {
        "_SENTENCE_MARKS": (module._SENTENCE_MARKS, (". ", ", ", ": ", "! ", "? ")),
        "_COMPACT": (module._COMPACT.pattern, r"[\s().\-]"),
        "_HAS_DIGIT": (module._HAS_DIGIT.__self__.pattern, r"\d"),
        "_IBAN_TOKEN": (module._IBAN_TOKEN.pattern, r"[a-z]{2}\d{2}[a-z0-9]{11,30}"),
        "_DOMAIN_TOKEN": (
            module._DOMAIN_TOKEN.pattern,
            r"[^\W_](?:[\w\-]*[^\W_])?(?:\.[^\W_](?:[\w\-]*[^\W_])?)*\.[^\W\d_]{2,24}",
        ),
    }
    for name, (actual, expected) in mirrored.items():
        if actual != expected:
            raise ImportError(f"{name} changed; rebuild the compiled provenance code")
    if not module._SEPARATORS.isascii() or module.MAX_WHOLE > KEY_BUFFER:
        raise ImportError("separators or MAX_WHOLE out of the compiled code's range")
    _classes(module._SEPARATORS.encode("ascii"))
    _Origin = module.ArgumentOrigin
    _Index = module.ProvenanceIndex
    _NAMES = (module.TRUSTED, module.MODEL, module.UNTRUSTED)
    _PLAINS = tuple(module._PLAIN[name] for name in _NAMES)
    _WORST = module._WORST
    _FILE_EXTENSIONS = module._FILE_EXTENSIONS
    _extras = module._extras
    _is_identifier = module._is_identifier
    _py_argument_tokens = module.argument_tokens
    _py_is_destination = module._is_destination
    _py_has_parameters = module._has_parameters
    _py_host_named = module.ProvenanceIndex.host_named
    _py_under_untrusted = module.ProvenanceIndex.under_untrusted
    _MAX_SCAN = module.MAX_SCAN_CHARS
    _MAX_NODES = module.MAX_NODES
    _MAX_WHOLE = module.MAX_WHOLE
    _bound = True
    return origin


# --------------------------------------------------------------------------------------------
# Characters (ASCII only: text with anything else goes to the Python code)
# --------------------------------------------------------------------------------------------


cdef enum:
    C_SPACE = 1  # whitespace to `str.split()` and to the pattern class `\s`
    C_GAP = 2  # a space once separators are turned into spaces
    C_BLANK = 4  # splits tokens once separators are turned into spaces
    C_TRAILING = 8  # sentence punctuation `argument_tokens` strips from a token's end
    C_SIGIL = 16  # "#" and "@"
    C_MARKER = 32  # ".", "@" and "/": a token holding one may be a destination
    C_DIGIT = 64
    C_LETTER = 128

cdef unsigned char _CLASS[256]


cdef void _classes(bytes separators) noexcept:
    """Fill `_CLASS` (ASCII; every other byte has no class)."""
    cdef int c
    for c in range(256):
        _CLASS[c] = 0
    for c in b" \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f":
        _CLASS[c] |= C_SPACE | C_BLANK
    _CLASS[32] |= C_GAP
    for c in separators:
        _CLASS[c] |= C_GAP | C_BLANK
    for c in b".,:!?":
        _CLASS[c] |= C_TRAILING
    for c in b"#@":
        _CLASS[c] |= C_SIGIL
    for c in b".@/":
        _CLASS[c] |= C_MARKER
    for c in range(48, 58):
        _CLASS[c] |= C_DIGIT
    for c in range(65, 91):
        _CLASS[c] |= C_LETTER
        _CLASS[c + 32] |= C_LETTER


cdef inline bint _space(unsigned char c) noexcept:
    return _CLASS[c] & C_SPACE


cdef inline bint _alnum(unsigned char c) noexcept:
    return _CLASS[c] & (C_DIGIT | C_LETTER)


cdef inline bint _letter(unsigned char c) noexcept:
    return _CLASS[c] & C_LETTER


cdef inline bint _digit(unsigned char c) noexcept:
    return _CLASS[c] & C_DIGIT


cdef inline unsigned char _lower(unsigned char c) noexcept:
    return c + 32 if 65 <= c <= 90 else c


cdef inline bint _trailing(unsigned char c) noexcept:
    return _CLASS[c] & C_TRAILING


cdef inline bint _sigil(unsigned char c) noexcept:
    return _CLASS[c] & C_SIGIL


cdef inline object _ascii(const unsigned char* data, Py_ssize_t n):
    """A new str of `n` ASCII characters."""
    s = PyUnicode_New(n, 127)
    if n:
        memcpy(PyUnicode_1BYTE_DATA(s), data, n)
    return s


cdef bint _isalnum(str s):
    cdef Py_ssize_t n, i
    cdef const unsigned char* d
    if PyUnicode_IS_ASCII(s):
        n = PyUnicode_GET_LENGTH(s)
        d = PyUnicode_1BYTE_DATA(s)
        if n == 0:
            return False
        for i in range(n):
            if not _alnum(d[i]):
                return False
        return True
    return s.isalnum()


cdef bint _iban(str s):
    """`_IBAN_TOKEN.fullmatch(s)`: two letters a-z, two decimal digits (any script, as the
    pattern's `\\d`), then 11 to 30 of a-z and 0-9."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef Py_UCS4 c
    if n < 15 or n > 34:
        return False
    for i in range(n):
        c = s[i]
        if i < 2:
            if not (97 <= c <= 122):
                return False
        elif i < 4:
            if not c.isdecimal():
                return False
        elif not ((97 <= c <= 122) or (48 <= c <= 57)):
            return False
    return True


cdef bint _domain(const unsigned char* d, Py_ssize_t n, Py_ssize_t last) noexcept:
    """`_DOMAIN_TOKEN.fullmatch` for ASCII, `last` being the index of the last dot: labels of
    letters, digits, `_` and `-` that start and end with a letter or digit, then a last label
    of 2 to 24 letters."""
    cdef Py_ssize_t i, start = 0
    if not 2 <= n - last - 1 <= 24:
        return False
    for i in range(last + 1, n):
        if not _letter(d[i]):
            return False
    for i in range(last + 1):
        if d[i] == 46:
            if i == start or not _alnum(d[start]) or not _alnum(d[i - 1]):
                return False
            start = i + 1
        elif not (_alnum(d[i]) or d[i] == 95 or d[i] == 45):
            return False
    return True


cdef bint _destination_shape(str token) except -1:
    """`_is_destination` for an ASCII token: an address, link, host or IBAN."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(token)
    cdef const unsigned char* d = PyUnicode_1BYTE_DATA(token)
    cdef Py_ssize_t i, at = -1, dot = -1
    for i in range(n):
        if d[i] == 58 and i + 2 < n and d[i + 1] == 47 and d[i + 2] == 47:
            return True
        if d[i] == 64:
            at = i
        elif d[i] == 46:
            dot = i
    if at >= 0:
        return memchr(d + at + 1, 46, n - at - 1) != NULL
    if dot >= 0:
        if not _domain(d, n, dot):
            return False
        if PySet_Contains(_FILE_EXTENSIONS, PyUnicode_Substring(token, dot + 1, n)):
            return False  # `report.pdf` is a file, not a host
        for i in range(dot):
            if d[i] != 46 and not _digit(d[i]):
                return True
        return False  # every label but the last all digits
    return n >= 15 and _iban(token)


def is_destination(str token):
    """`_is_destination(token)`, compiled for ASCII tokens."""
    if PyUnicode_IS_ASCII(token):
        return _destination_shape(token)
    return _py_is_destination(token)


# --------------------------------------------------------------------------------------------
# Forms of a value
# --------------------------------------------------------------------------------------------


cdef object _scalar_key(const unsigned char* d, Py_ssize_t n):
    """`scalar_key` of an ASCII string of at most MAX_WHOLE characters: whitespace collapsed,
    lower-cased, leading sigils dropped; None when nothing is left."""
    cdef unsigned char buf[KEY_BUFFER]
    cdef Py_ssize_t i, k = 0, start = 0
    cdef bint gap = False
    for i in range(n):
        if _space(d[i]):
            gap = k > 0
            continue
        if gap:
            buf[k] = 32
            k += 1
            gap = False
        buf[k] = _lower(d[i])
        k += 1
    while start < k and _sigil(buf[start]):
        start += 1
    if start == k:
        return None
    return _ascii(buf + start, k - start)


cdef object _compact(const unsigned char* d, Py_ssize_t n):
    """`_COMPACT.sub("", text).casefold()` of ASCII text of at most 64 characters."""
    cdef unsigned char buf[KEY_BUFFER]
    cdef Py_ssize_t i, k = 0
    cdef unsigned char c
    for i in range(n):
        c = d[i]
        if _space(c) or c == 40 or c == 41 or c == 46 or c == 45:
            continue
        buf[k] = _lower(c)
        k += 1
    return _ascii(buf, k)


cdef inline object _suffixed(str key, Py_ssize_t n, unsigned char mark):
    s = PyUnicode_New(n + 1, 127)
    cdef unsigned char* d = PyUnicode_1BYTE_DATA(s)
    memcpy(d, PyUnicode_1BYTE_DATA(key), n)
    d[n] = mark
    return s


cdef int _add_variants(list forms, str key) except -1:
    """Append `_variants(key)`: how a token sits in indexed text, before sentence
    punctuation. ASCII keys are written directly (no intermediate strings)."""
    cdef Py_ssize_t n
    forms.append(key)
    if PyUnicode_IS_ASCII(key):
        n = PyUnicode_GET_LENGTH(key)
        forms.append(_suffixed(key, n, 46))
        forms.append(_suffixed(key, n, 44))
        forms.append(_suffixed(key, n, 58))
    else:
        forms.append(key + ".")
        forms.append(key + ",")
        forms.append(key + ":")
    return 0


cdef inline list _variants(str key):
    forms = []
    _add_variants(forms, key)
    return forms


cdef object _amount(const char* digits, int n, char separator, const char* tail):
    """`digits`, then (with a separator) the separator and a two-digit tail, as a str."""
    cdef int m = n + 3 if separator else n
    s = PyUnicode_New(m, 127)
    cdef unsigned char* d = PyUnicode_1BYTE_DATA(s)
    memcpy(d, digits, n)
    if separator:
        d[n] = separator
        d[n + 1] = tail[0]
        d[n + 2] = tail[1]
    return s


cdef int _add_amount_forms(
    list forms, long long units, long long cents, bint bare=True
) except -1:
    """Append `_amount_forms(units, cents)` without repeats: below 1,000 the grouped forms
    are the plain one, and membership does not change with a repeat. Without `bare`, the
    forms of whole units written without cents are left out (`_bare_cents_keys`)."""
    cdef char plain[24]
    cdef char grouped[32]
    cdef char dotted[32]
    cdef char tail[2]
    cdef int r = 0, g = 0, i
    cdef long long u = units
    while True:  # digits, least significant first
        grouped[r] = <char>(48 + u % 10)
        r += 1
        u //= 10
        if u == 0:
            break
    for i in range(r):
        plain[i] = grouped[r - 1 - i]
    for i in range(r):
        if i and (r - i) % 3 == 0:  # f"{units:,}" and its dotted twin
            grouped[g] = 44
            dotted[g] = 46
            g += 1
        grouped[g] = plain[i]
        dotted[g] = plain[i]
        g += 1
    if cents == 0:
        if bare:
            forms.append(_amount(plain, r, 0, NULL))
            if r > 3:
                forms.append(_amount(grouped, g, 0, NULL))
                forms.append(_amount(dotted, g, 0, NULL))
        forms.append(_amount(plain, r, 46, "00"))
        forms.append(_amount(plain, r, 44, "00"))
        if r > 3:
            forms.append(_amount(grouped, g, 46, "00"))
            forms.append(_amount(dotted, g, 44, "00"))
        return 0
    tail[0] = <char>(48 + cents // 10)
    tail[1] = <char>(48 + cents % 10)
    forms.append(_amount(plain, r, 46, tail))
    forms.append(_amount(plain, r, 44, tail))
    if r > 3:
        forms.append(_amount(grouped, g, 46, tail))
        forms.append(_amount(dotted, g, 44, tail))
    return 0


cdef list _number_keys(object value, bint is_float):
    """`_number_keys` of an exact int or float."""
    cdef int overflow = 0
    cdef long long v
    cdef double x, rounded
    cdef long long cents
    if is_float:
        x = PyFloat_AS_DOUBLE(value)
        if not isfinite(x) or fabs(x) >= 1e15 or x < 0:
            return [repr(value)]
        # Python's round(): to the nearest integer, halves to even.
        rounded = c_round(x * 100)
        if fabs(x * 100 - rounded) == 0.5:
            rounded = 2.0 * c_round(x * 100 / 2.0)
        cents = <long long>rounded
        forms = []
        _add_amount_forms(forms, cents // 100, cents % 100)
        return forms
    v = PyLong_AsLongLongAndOverflow(value, &overflow)
    if overflow or v < 0 or v >= 1000000000000000000:
        return [str(value)]
    forms = []
    _add_amount_forms(forms, v, 0)
    _add_amount_forms(forms, v // 100, v % 100, False)
    return forms


cdef list _bare_cents_keys(object value):
    """`_bare_cents_keys` of an exact int."""
    cdef int overflow = 0
    cdef long long v = PyLong_AsLongLongAndOverflow(value, &overflow)
    if overflow or v < 100 or v % 100 or v >= 1000000000000000000:
        return []
    cdef list forms = []
    _add_amount_forms(forms, v // 100, 0)
    return forms[:-4] if v >= 100000 else forms[:-2]


# --------------------------------------------------------------------------------------------
# The index, read once per call
# --------------------------------------------------------------------------------------------


@cython.final
@cython.freelist(8)
cdef class _View:
    """The sets of one index (and its parents') that a call looks up, and the call's
    constants. `ok` is false when something is not the plain structure the compiled code
    expects (a subclass of the index, a set replaced by another type): every value then goes
    to the Python code."""

    cdef object index
    cdef object constants
    cdef bint scan
    cdef bint ok
    cdef list trusted  # the non-empty `trusted` sets along the chain, the session's first
    cdef list domains  # the non-empty `trusted_domains` along it; None until a host is looked up
    cdef object attested, untrusted, said, restricted, untrusted_domains
    cdef bint has_constants, has_attested, has_said, has_restricted


cdef _View _view(object index, object constants, bint scan):
    cdef _View v = _View.__new__(_View)
    v.index = index
    v.constants = constants
    v.scan = scan
    v.trusted = []
    v.domains = None
    v.ok = type(index) is _Index and PyAnySet_Check(constants)
    if not v.ok:
        return v
    v.has_constants = PySet_GET_SIZE(constants) > 0
    cur = index
    while cur is not None:
        s = cur.trusted
        if not PyAnySet_Check(s):
            v.ok = False
            return v
        if PySet_GET_SIZE(s):
            v.trusted.append(s)
        cur = cur.parent
    v.attested = index.attested
    v.untrusted = index.untrusted
    v.said = index.said
    v.restricted = index.restricted
    v.untrusted_domains = index.untrusted_domains
    if not (
        PyAnySet_Check(v.attested) and PyAnySet_Check(v.untrusted) and PyAnySet_Check(v.said)
        and PyAnySet_Check(v.restricted) and PyAnySet_Check(v.untrusted_domains)
    ):
        v.ok = False
        return v
    v.has_attested = PySet_GET_SIZE(v.attested) > 0
    v.has_said = PySet_GET_SIZE(v.said) > 0
    v.has_restricted = PySet_GET_SIZE(v.restricted) > 0
    return v


cdef list _domains(_View v):
    if v.domains is None:
        domains = []
        cur = v.index
        while cur is not None:
            s = cur.trusted_domains
            if s:
                domains.append(s)
            cur = cur.parent
        v.domains = domains
    return v.domains


cdef inline bint _any_in(object words, list forms) except -1:
    for form in forms:
        if PySet_Contains(words, form):
            return True
    return False


cdef bint _spaced_in(str norm, object words) except -1:
    """`_spaced_in`: an IBAN-shaped value written in groups of four."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(norm), i
    if n < 15 or not _isalnum(norm) or not _iban(norm):
        return False
    for i in range(0, n, 4):
        if not PySet_Contains(words, PyUnicode_Substring(norm, i, min(i + 4, n))):
            return False
    return True


cdef bint _member(str norm, object words, list forms) except -1:
    if _any_in(words, forms):
        return True
    return PyUnicode_GET_LENGTH(norm) >= 15 and _isalnum(norm) and _spaced_in(norm, words)


cdef bint _is_vouched(_View v, str norm, list forms) except -1:
    for words in v.trusted:
        if forms is None:
            forms = _variants(norm)
        if _member(norm, words, forms):
            return True
    return False


cdef bint _is_trusted(_View v, str norm, list forms) except -1:
    if forms is None:
        forms = _variants(norm)
    return _is_vouched(v, norm, forms) or (v.has_attested and _member(norm, v.attested, forms))


cdef bint _domain_trusted(_View v, str domain) except -1:
    for words in _domains(v):
        probe = domain
        while True:
            if probe in words:
                return True
            _, dot, rest = probe.partition(".")
            if not dot or "." not in rest:
                break
            probe = rest
    return False


cdef str _host(str token):
    """`_host`: the host of an address or link."""
    cdef Py_ssize_t i
    rest = token
    i = rest.find("://")
    if i >= 0:
        rest = rest[i + 3:]
    i = rest.find("/")
    if i >= 0:
        rest = rest[:i]
    i = rest.find("?")
    if i >= 0:
        rest = rest[:i]
    i = rest.rfind("@")
    if i >= 0:
        rest = rest[i + 1:]
    i = rest.find(":")
    if i >= 0:
        rest = rest[:i]
    return rest.rstrip(".")


cdef int _seen(_View v, list keys, bint full) except -1:
    """`ProvenanceIndex._seen`: where the forms of one value were seen."""
    cdef int seen = 0
    cdef Py_ssize_t n = len(keys)
    if n == 0:
        return 0
    if v.has_constants:
        for key in keys:
            if PySet_Contains(v.constants, key):
                seen = CONST
                break
    if seen and not full:
        return seen
    forms = []
    for key in keys:
        _add_variants(forms, key)
    for words in v.trusted:
        if _any_in(words, forms):
            seen |= VOUCHED
            break
    if v.has_attested and _any_in(v.attested, forms):
        seen |= ATTESTED
    spaced = None
    if PyUnicode_GET_LENGTH(keys[0]) >= 15:
        spaced = [k for k in keys if PyUnicode_GET_LENGTH(k) >= 15 and _isalnum(k)]
        for k in spaced:  # an IBAN written in groups of four
            if _is_vouched(v, k, None):
                seen |= VOUCHED
            elif v.has_attested and _member(k, v.attested, _variants(k)):
                seen |= ATTESTED
    if seen and not full:
        return seen
    if _any_in(v.untrusted, forms):
        seen |= UNTRUSTED_BIT
    elif spaced:
        for k in spaced:
            if _spaced_in(k, v.untrusted):
                seen |= UNTRUSTED_BIT
                break
    if v.has_said:
        if _any_in(v.said, forms):
            seen |= SAID
        elif spaced:
            for k in spaced:
                if _spaced_in(k, v.said):
                    seen |= SAID
                    break
    return seen


cdef int _whole(_View v, list keys) except -2:
    """`ProvenanceIndex._whole` as a rank (R_NONE when seen nowhere)."""
    cdef int seen = _seen(v, keys, False)
    if seen & TRUSTED_BITS:
        return R_TRUSTED
    return R_UNTRUSTED if seen & UNTRUSTED_BIT else R_NONE


cdef int _destination(_View v, str token, bint* built) except -2:
    """`ProvenanceIndex._destination` of an ASCII token (never a look-alike: that takes two
    scripts)."""
    built[0] = False
    forms = _variants(token)
    if _is_trusted(v, token, forms) or ("://" in token and _is_trusted(v, token + "/", None)):
        return R_TRUSTED
    if _member(token, v.untrusted, forms):
        return R_UNTRUSTED
    if "@" not in token and "://" not in token and "." not in token:
        return R_MODEL  # an IBAN-shaped token seen nowhere
    host = _host(token)
    if _domain_trusted(v, host):
        return R_TRUSTED
    if PySet_Contains(v.untrusted_domains, host) or _member(host, v.untrusted, _variants(host)):
        # An address assembled from pieces still names the attacker's host.
        built[0] = True
        return R_UNTRUSTED
    if "." in host and _py_under_untrusted(v.index, host):
        built[0] = True  # a new name under a domain only untrusted content named
        return R_UNTRUSTED
    # A new link with parameters on a host nobody named (rare: the Python code decides).
    built[0] = _py_has_parameters(token) and not _py_host_named(v.index, host)
    return R_MODEL


cdef bint _attested_only(_View v, list destinations) except -1:
    if not destinations:
        return True
    for t in destinations:
        if not (_is_vouched(v, t, None) or _domain_trusted(v, _host(t))):
            return True
    return False


# --------------------------------------------------------------------------------------------
# Tokens of an argument
# --------------------------------------------------------------------------------------------


cdef inline bint _gap_at(const unsigned char* d, Py_ssize_t n, Py_ssize_t i) noexcept:
    # Prepared text has a space at each end.
    return i < 0 or i >= n or _CLASS[d[i]] & C_GAP


cdef inline void _replaced(
    const unsigned char* d,
    Py_ssize_t n,
    Py_ssize_t start,
    Py_ssize_t end,
    Py_ssize_t* first,
    Py_ssize_t* last,
) noexcept:
    """What the replacements of `argument_tokens` leave of the token d[start:end]: each
    `text.replace(mark + " ", " ")` for ". ", ", ", ": ", "! ", "? " in turn, then
    `replace(" #", " ")` and `replace(" @", " ")`.

    A replacement deletes one character next to a space, so it changes only the end of a
    token that a space follows, or the start of one that a space precedes, and it never
    changes what is next to another token: each token can be replayed on its own."""
    cdef Py_ssize_t s = start, e = end
    cdef unsigned char mark
    if _gap_at(d, n, end):
        for mark in b".,:!?":
            if e > s and d[e - 1] == mark:
                e -= 1
    if _gap_at(d, n, start - 1):
        for mark in b"#@":
            if s < e and d[s] == mark:
                s += 1
    first[0] = s
    last[0] = e


cdef inline Py_ssize_t _token_end(const unsigned char* d, Py_ssize_t n, Py_ssize_t i) noexcept:
    while i < n and not _CLASS[d[i]] & C_BLANK:
        i += 1
    return i


cdef inline Py_ssize_t _token_start(const unsigned char* d, Py_ssize_t n, Py_ssize_t i) noexcept:
    while i < n and _CLASS[d[i]] & C_BLANK:
        i += 1
    return i


cdef bint _marks_left(const unsigned char* d, Py_ssize_t n) noexcept:
    """Whether the replaced text still holds a sentence mark before a space or a sigil
    after one (`argument_tokens` then strips every token)."""
    cdef Py_ssize_t i = _token_start(d, n, 0), end, s, e
    while i < n:
        end = _token_end(d, n, i)
        _replaced(d, n, i, end, &s, &e)
        if e > s and (
            (_trailing(d[e - 1]) and _gap_at(d, n, end))
            or (_sigil(d[s]) and _gap_at(d, n, i - 1))
        ):
            return True
        i = _token_start(d, n, end)
    return False


cdef object _lowered(const unsigned char* d, Py_ssize_t n):
    s = PyUnicode_New(n, 127)
    cdef unsigned char* out = PyUnicode_1BYTE_DATA(s)
    cdef Py_ssize_t i
    for i in range(n):
        out[i] = _lower(d[i])
    return s


cdef list _text_tokens(object text, Py_ssize_t n, bint every, object restricted, bint* leak):
    """`argument_tokens` of the first `n` characters of ASCII `text`: every token with
    `every`, else only those that may be a destination (with ".", "@" or "/", or 15
    characters or more). With `restricted`, `leak` tells whether any token is in it.

    Reads the text as the Python code prepares it (case-folded, separators turned into
    spaces, a space at each end) without writing that copy."""
    cdef const unsigned char* d = PyUnicode_1BYTE_DATA(text)
    cdef Py_ssize_t i, end, s, e, j
    cdef bint strip = _marks_left(d, n), candidate
    found = []
    leak[0] = False
    i = _token_start(d, n, 0)
    while i < n:
        end = _token_end(d, n, i)
        _replaced(d, n, i, end, &s, &e)
        i = _token_start(d, n, end)
        if strip:  # `w.rstrip(".,:!?").lstrip("#@")`
            while e > s and _trailing(d[e - 1]):
                e -= 1
            while s < e and _sigil(d[s]):
                s += 1
        if s == e:
            continue  # nothing left of it: `split()` drops it
        candidate = e - s >= 15
        if not candidate:
            for j in range(s, e):
                if _CLASS[d[j]] & C_MARKER:
                    candidate = True
                    break
        if candidate or every or restricted is not None:
            word = _lowered(d + s, e - s)
            if restricted is not None and not leak[0] and PySet_Contains(restricted, word):
                leak[0] = True
            if candidate or every:
                found.append(word)
    return found


def argument_tokens(str text):
    """`argument_tokens(text)`, compiled for ASCII text."""
    cdef bint leak
    if not PyUnicode_IS_ASCII(text):
        return _py_argument_tokens(text)
    return _text_tokens(text, PyUnicode_GET_LENGTH(text), True, None, &leak)


# --------------------------------------------------------------------------------------------
# Origins
# --------------------------------------------------------------------------------------------


cdef object _make(
    int provenance,
    int embedded,
    list bad,
    bint constructed,
    bint restricted,
    bint attested,
    tuple attested_keys,
    bint steered,
):
    if (
        embedded == R_NONE and not bad and not constructed and not restricted and not attested
        and not attested_keys and not steered
    ):
        return _PLAINS[provenance]  # shared, as the Python code shares them: read-only
    return _Origin(
        _NAMES[provenance],
        None if embedded == R_NONE else _NAMES[embedded],
        tuple(bad),
        constructed,
        restricted,
        attested,
        attested_keys,
        steered,
    )


cdef object _number(_View v, object value, bint is_float):
    keys = _number_keys(value, is_float)
    leak = v.has_restricted and PySet_Contains(v.restricted, keys[0])
    number = _whole(v, keys)
    if number != R_TRUSTED and not is_float:
        bare = _bare_cents_keys(value)
        if bare:
            # "60" read as 6000 cents: only the user's words and grant constants vouch.
            if (v.has_constants and not v.constants.isdisjoint(bare)) or (
                v.has_said and not v.said.isdisjoint(bare)
            ):
                number = R_TRUSTED
            elif number == R_NONE and _whole(v, bare) == R_UNTRUSTED:
                number = R_UNTRUSTED
    if number == R_NONE:
        number = R_MODEL
    if leak:
        return _Origin(_NAMES[number], None, restricted=True)
    return _PLAINS[number]


cdef object _text(_View v, str leaf):
    """`ProvenanceIndex._leaf` of an ASCII string."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(leaf), tn, i
    cdef const unsigned char* d = PyUnicode_1BYTE_DATA(leaf)
    cdef bint digit = False, leak = False, constructed = False, built
    cdef bint attested, steered
    cdef int seen, whole, state, embedded = R_NONE
    keys = []
    whole_key = None
    if n <= _MAX_WHOLE:
        whole_key = _scalar_key(d, n)
        if whole_key is not None:
            keys.append(whole_key)
    if n <= 64:
        for i in range(n):
            if _digit(d[i]):
                digit = True
                break
        if digit:
            compact = _compact(d, n)
            if (
                compact != (whole_key if whole_key is not None else "")
                and PyUnicode_GET_LENGTH(compact) >= 8
                and _isalnum(compact)
            ):
                keys.append(compact)  # "DE89 3704 0044 …", "+49 (30) 1234-567"
    if not v.scan:
        whole = _whole(v, keys)
        return _PLAINS[R_MODEL if whole == R_NONE else whole]
    seen = _seen(v, keys, True)
    whole = R_TRUSTED if seen & TRUSTED_BITS else R_UNTRUSTED if seen & UNTRUSTED_BIT else R_NONE
    tn = n if n <= _MAX_SCAN else _MAX_SCAN
    if (
        v.has_restricted or tn >= 15 or memchr(d, 64, tn) != NULL or memchr(d, 46, tn) != NULL
        or memchr(d, 47, tn) != NULL
    ):
        candidates = _text_tokens(
            leaf, tn, False, v.restricted if v.has_restricted else None, &leak
        )
    else:
        candidates = []
    bad = []
    vouching = []
    found = []
    for token in candidates:
        if not _destination_shape(token):
            continue
        if whole == R_TRUSTED and token == whole_key:
            state = R_TRUSTED  # the whole value, already looked up
        else:
            state = _destination(v, token, &built)
            constructed = constructed or built
        if state == R_UNTRUSTED:
            bad.append(token)
        elif state == R_TRUSTED:
            vouching.append(token)
        embedded = state if state > embedded else embedded
        found.append(token)
    if memchr(d, 43, tn) != NULL:
        # A phone number inside text is a destination too ("new number +49 1521 …").
        for phone in _extras(leaf if n <= _MAX_SCAN else leaf[:_MAX_SCAN]):
            if phone == whole_key:
                continue
            state = _whole(v, [phone])
            if state == R_NONE:
                state = R_MODEL
            if state == R_UNTRUSTED:
                bad.append(phone)
            elif state == R_TRUSTED:
                vouching.append(phone)
            embedded = state if state > embedded else embedded
    attested = (
        v.has_attested
        and (whole == R_TRUSTED or embedded == R_TRUSTED)
        and not seen & (CONST | VOUCHED)
        and _attested_only(v, vouching)
    )
    attested_keys = tuple(dict.fromkeys(keys + vouching)) if attested else ()
    if whole == R_TRUSTED:
        # Steered: an identifier the user never said that untrusted content names.
        steered = (seen & (UNTRUSTED_BIT | SAID | CONST)) == UNTRUSTED_BIT and _is_identifier(
            keys[0]
        )
        return _make(R_TRUSTED, embedded, bad, False, leak, attested, attested_keys, steered)
    if whole != R_NONE and not constructed:
        return _make(whole, embedded, bad, constructed, leak, attested, attested_keys, False)
    if embedded == R_UNTRUSTED:
        return _make(R_UNTRUSTED, embedded, bad, constructed, leak, False, (), False)
    if embedded == R_TRUSTED and n <= _MAX_WHOLE and _bare_residue(leaf, found):
        return _make(R_TRUSTED, embedded, bad, constructed, leak, attested, attested_keys, False)
    return _make(R_MODEL, embedded, bad, constructed, leak, False, (), False)


cdef bint _bare_residue(str text, list destinations):
    residue = text.lower()  # ASCII: the same as casefold
    for token in destinations:
        residue = residue.replace(token, " ")
    return "@" not in residue and "://" not in residue


cdef object _leaf(_View v, object leaf):
    """One scalar's origin: compiled for the types it covers, else the Python reference."""
    t = type(leaf)
    if v.ok:
        if t is str:
            if PyUnicode_IS_ASCII(leaf):
                return _text(v, <str>leaf)
        elif leaf is None or t is bool:
            return _PLAINS[R_TRUSTED]  # booleans and null carry nothing
        elif t is int:
            return _number(v, leaf, False)
        elif t is float:
            return _number(v, leaf, True)
    return v.index._leaf(leaf, v.constants, v.scan)


cdef inline object _worse(object a, object b):
    return a if _WORST[a] >= _WORST[b] else b


def origin(index, value, constants=frozenset(), scan=True):
    """`ProvenanceIndex.origin(value, constants, scan=scan)` of `index`."""
    cdef _View v
    cdef Py_ssize_t walked = 0
    if not _bound:
        raise RuntimeError("bind() the provenance module first")
    v = _view(index, constants, bool(scan))
    t = type(value)
    if t is str or t is int or t is float or t is bool or value is None:
        return _leaf(v, value)
    # `_leaves`: scalars of a nested value, depth-first, bounded by MAX_NODES.
    parts = []
    stack = [value]
    while stack and walked < _MAX_NODES:
        item = stack.pop()
        walked += 1
        if PyDict_Check(item):
            stack.extend(item.values())
        elif PyList_Check(item) or PyTuple_Check(item):
            stack.extend(item)
        else:
            parts.append(_leaf(v, item))
    if not parts:
        return _Origin(_NAMES[R_TRUSTED], None)
    overall = parts[0].provenance
    embedded = None
    untrusted = []
    attested_keys = []
    constructed = restricted = attested = steered = False
    for part in parts:
        overall = _worse(overall, part.provenance)
        if part.embedded is not None:
            embedded = part.embedded if embedded is None else _worse(embedded, part.embedded)
        untrusted.extend(part.embedded_untrusted)
        attested_keys.extend(part.attested_keys)
        constructed = constructed or part.constructed
        restricted = restricted or part.restricted
        attested = attested or part.attested
        steered = steered or part.steered
    return _Origin(
        overall,
        embedded,
        tuple(untrusted),
        bool(constructed),
        bool(restricted),
        overall == _NAMES[R_TRUSTED] and bool(attested),
        tuple(attested_keys),
        bool(steered),
    )
