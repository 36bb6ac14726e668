"""Days the user wrote, and the day a date argument asks for."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interlock.guard.dates import date_key, relative_offsets, stated_dates

THURSDAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Book Hotel Lumen in Lisbon for Dec 12–15 for two.", {"12-12", "12-13", "12-14", "12-15"}),
        ("Reserve a table on Dec 13 at 20:00.", {"12-13"}),
        ("a small car from Dec 12 to Dec 15", {"12-12", "12-13", "12-14", "12-15"}),
        ("monthly from January 1st", {"01-01"}),
        ("12–15 December, please", {"12-12", "12-13", "12-14", "12-15"}),
        ("on the 3rd of March", {"03-03"}),
        ("Sept. 4th", {"09-04"}),
        ("Dec 30 to Jan 2", {"12-30", "12-31", "01-01", "01-02"}),
        ("pay it on 2026-11-30", {"11-30"}),
        # Not dates: a verb, numbers without a month, a range nobody books.
        ("may I book the room?", set()),
        ("2 nights for 546 EUR, 12-15 guests", set()),
        ("Dec 1 to 40", {"12-01"}),
        ("next Tuesday at 10:00", set()),
    ],
)
def test_stated_dates(text: str, days: set[str]) -> None:
    assert stated_dates(text) == days


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("2026-12-11", "12-11"),
        ("2026-12-11T15:00:00Z", "12-11"),
        ("2026-12-11 10:00", "12-11"),
        ("2026-13-01", None),
        ("2026-12-32", None),
        ("Dec 12", None),
        ("2026-12-11 is the day", None),
        (20261211, None),
        (None, None),
    ],
)
def test_date_key(value: object, key: str | None) -> None:
    assert date_key(value) == key


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_the_day_written_out_is_the_day_an_argument_asks_for(day: dt.date) -> None:
    key = date_key(day.isoformat())
    assert key is not None
    for written in (
        day.strftime("%b %d"),
        day.strftime("%B %d"),
        f"{day.day} {day.strftime('%B')}",
        f"the {day.day}th of {day.strftime('%b')}",
        day.isoformat(),
    ):
        assert key in stated_dates(f"please book it for {written}, thanks"), written


@given(st.text())
def test_any_text_gives_days_or_none(text: str) -> None:
    # The user's words reach this unfiltered: Unicode look-alikes ("Aprİl 3") must not raise.
    for day in stated_dates(text):
        month, _, dom = day.partition("-")
        assert 1 <= int(month) <= 12 and 1 <= int(dom) <= 31


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("pay it today", {"11-26"}),
        ("book a table tonight", {"11-26"}),
        ("move it to tomorrow", {"11-27"}),
        ("the day after tomorrow works", {"11-28"}),
        ("in 3 days", {"11-29"}),
        ("in two days", {"11-28"}),
        ("on Friday at 10", {"11-27"}),
        ("Mon. morning", {"11-30"}),
        # Said on a Thursday, "Thursday" is today or a week on; "next" is either coming one.
        ("Thursday", {"11-26", "12-03"}),
        ("next Tuesday at 10:00", {"12-01", "12-08"}),
        ("next thursday", {"12-03", "12-10"}),
        ("this weekend", {"11-28", "11-29"}),
        ("next weekend", {"11-28", "11-29", "12-05", "12-06"}),
        ("tomorrow and Dec 12", {"11-27", "12-12"}),
        # Everyday words that are also weekday abbreviations.
        ("we sat down on the sun deck, wed in June", set()),
        ("the mondays team", set()),
    ],
)
def test_days_relative_to_the_users_today(text: str, days: set[str]) -> None:
    assert stated_dates(text, THURSDAY) == days
    # Without the user's today they name nothing (except absolute dates).
    assert stated_dates(text) == (days & {"12-12"})


def test_weekend_said_on_a_sunday_is_today_or_the_next() -> None:
    sunday = dt.date(2026, 11, 29)
    assert stated_dates("this weekend", sunday) == {"11-29", "12-05", "12-06"}
    assert stated_dates("next weekend", sunday) == {"12-05", "12-06", "12-12", "12-13"}


@given(st.text(), st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_relative_days_of_any_text_are_near(text: str, today: dt.date) -> None:
    # A relative day is at most "in 99 days" or two weeks on; the words never raise.
    assert all(0 <= n <= 99 for n in relative_offsets(text, today))
    stated_dates(text, today)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_a_weekday_names_its_next_occurrence(today: dt.date) -> None:
    for ahead in range(7):
        day = today + dt.timedelta(days=ahead)
        key = date_key(day.isoformat())
        named = stated_dates(f"on {day.strftime('%A')}", today)
        assert key in named
        # The day after, where content moving the date by one would land, is not named.
        assert date_key((day + dt.timedelta(days=1)).isoformat()) not in named


def test_unicode_look_alikes_of_month_names_are_not_months() -> None:
    assert stated_dates("Aprİl 3 and ſept 4") == set()
    assert date_key("٢٠٢٦-١٢-١١") is None
