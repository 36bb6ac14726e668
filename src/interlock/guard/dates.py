"""Calendar dates the user wrote, and the dates that tool arguments carry.

A date an agent passes to a booking or a payment is usually its own rendering ("2026-12-12")
of what the user wrote ("Dec 12–15"), so provenance calls it the model's whichever day it
names. Comparing days closes that gap: the user's words give the days they stated (month
and day; the year is left to the agent), and an argument's ISO date gives the day it asks
for. English month names, with or without ordinals, day-first or month-first, single days
and ranges ("Dec 12–15", "12 to 15 December", "January 1st", "2026-12-12").

Days relative to the user's today ("today", "tomorrow", "the day after tomorrow", "in 3 days",
"Friday", "next Tuesday", "this weekend") need that today, which only the integration knows
(the user's time zone): given one, they name the days they can mean. "next Tuesday" names
both the coming Tuesday and the one after, because people use it for either.
"""

from __future__ import annotations

import datetime as dt
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

_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday",),  # not "wed", nor "sat" or "sun" below: everyday words
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday",),
            ("sunday",),
        )
    )
    for name in names
}
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_WEEKDAY = "(?:" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + ")"
_RELATIVE = re.compile(
    r"\b(?:"
    r"(?P<today>today|tonight)"
    r"|(?P<after>(?:the\s+)?day\s+after\s+tomorrow)"
    r"|(?P<tomorrow>tomorrow)"
    rf"|in\s+(?P<count>\d{{1,2}}|{'|'.join(_COUNTS)})\s+days?"
    rf"|(?:(?P<which>this|coming|next|on)\s+)?(?:(?P<weekend>weekend)|(?P<weekday>{_WEEKDAY})\.?)"
    r")\b",
    re.IGNORECASE | re.ASCII,
)


def stated_dates(text: str, today: dt.date | None = None) -> set[str]:
    """The days `text` names, as "MM-DD"; a range names every day in it. With the user's
    `today`, relative days count too."""
    days: set[str] = set()
    if today is not None:
        days.update(_key(today + dt.timedelta(days=n)) for n in relative_offsets(text, today))
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


def relative_offsets(text: str, today: dt.date) -> set[int]:
    """How many days after `today` each relative day in `text` can be."""
    offsets: set[int] = set()
    weekday = today.weekday()
    for match in _RELATIVE.finditer(text):
        if match["today"]:
            offsets.add(0)
        elif match["after"]:
            offsets.add(2)
        elif match["tomorrow"]:
            offsets.add(1)
        elif match["count"]:
            count = match["count"].casefold()
            offsets.add(int(count) if count.isdigit() else _COUNTS[count])
        else:
            is_next = (match["which"] or "").casefold() == "next"
            if match["weekend"]:
                first = (5 - weekday) % 7  # the coming Saturday (today, on a Saturday)
                found = {first, first + 1} if weekday != 6 else {0, first, first + 1}
            else:
                first = (_WEEKDAYS[match["weekday"].casefold()] - weekday) % 7
                found = {first, 7} if first == 0 else {first}
            if is_next:
                # "next Friday" on a Monday: this week's, for many; the week after, for others.
                found = {n for n in found if n > 0} | {n + 7 for n in found}
            offsets |= found
    return offsets


def _key(day: dt.date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


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
