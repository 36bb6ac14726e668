"""Calendar dates the user wrote, and the dates that tool arguments carry.

A date an agent passes to a booking or a payment is usually its own rendering ("2026-12-12")
of what the user wrote ("Dec 12–15"), so provenance calls it the model's whichever day it
names. Comparing days closes that gap: the user's words give the days they stated (month
and day; the year is left to the agent), and an argument's ISO date gives the day it asks
for. English month names, with or without ordinals, day-first or month-first, single days
and ranges ("Dec 12–15", "12 to 15 December", "January 1st", "2026-12-12").
"""

from __future__ import annotations

import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_TO = r"\s*(?:[-–—]|to|until|till|through|thru)\s*"

# ASCII matching: with Unicode case folding "Aprİl" would match and fold to no month name.
_MONTH_FIRST = re.compile(
    rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})\b(?:{_TO}(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_DAY})\b)?",
    re.IGNORECASE | re.ASCII,
)
_DAY_FIRST = re.compile(
    rf"\b(?P<d>{_DAY})(?:{_TO}(?P<d2>{_DAY}))?\s+(?:of\s+)?(?P<m>{_MONTH})(?![a-z])",
    re.IGNORECASE | re.ASCII,
)
_ISO_IN_TEXT = re.compile(r"\b\d{4}-(?P<m>\d{2})-(?P<d>\d{2})\b", re.ASCII)
_ISO_VALUE = re.compile(r"\d{4}-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ][0-9:.+\-Z]*)?", re.ASCII)

_LONGEST_RANGE = 31
"""A range over more days than this is not a stay or a trip ("1 to 40 Dec" is a typo)."""


def stated_dates(text: str) -> set[str]:
    """The days `text` names, as "MM-DD"; a range names every day in it."""
    days: set[str] = set()
    for match in _MONTH_FIRST.finditer(text):
        month = _month(match["m"])
        month2 = _month(match["m2"]) if match["m2"] else month
        _add_range(days, month, _day(match["d"]), month2, _day(match["d2"]))
    for match in _DAY_FIRST.finditer(text):
        month = _month(match["m"])
        _add_range(days, month, _day(match["d"]), month, _day(match["d2"]))
    for match in _ISO_IN_TEXT.finditer(text):
        _add_range(days, int(match["m"]), int(match["d"]), 0, None)
    return days


def date_key(value: object) -> str | None:
    """The day an argument asks for, as "MM-DD", when it is an ISO date or date-time."""
    if type(value) is not str or len(value) < 10 or len(value) > 35:
        return None
    match = _ISO_VALUE.fullmatch(value)
    if match is None:
        return None
    month, day = int(match["m"]), int(match["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{month:02d}-{day:02d}"


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").casefold()]


def _day(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text.rstrip("stndrh"))


def _add_range(
    days: set[str], month: int, first: int | None, month2: int, last: int | None
) -> None:
    if first is None or not 1 <= first <= 31:
        return
    days.add(f"{month:02d}-{first:02d}")
    if last is None or not 1 <= last <= 31:
        return
    if month2 in (0, month):
        if first < last <= first + _LONGEST_RANGE:
            days.update(f"{month:02d}-{d:02d}" for d in range(first + 1, last + 1))
    else:
        # Across a month end ("Dec 30 to Jan 2"): both ends and the days up to each.
        days.update(f"{month:02d}-{d:02d}" for d in range(first, 32))
        days.update(f"{month2:02d}-{d:02d}" for d in range(1, last + 1))
