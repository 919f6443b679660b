"""The other calendars (events/calendars.py): published dates, the libraries against each
other and against our own day numbers, round trips, and the documented days."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronology.calendars import (
    SUPPORTED,
    CalendarDay,
    Observed,
    OutOfRange,
    calendar_anniversaries,
    from_calendar,
    is_julian_leap_year,
    julian_day_number,
    julian_observed_day,
    observed_day,
    to_calendar,
)
from chronology.dates import civil_from_day_number, day_number

KOREAN, CHINESE = Observed.KOREAN_LUNAR, Observed.CHINESE_LUNAR
REFORM = (date(1582, 10, 1), date(1582, 10, 20))
HEBREW, ISLAMIC = Observed.HEBREW, Observed.ISLAMIC

# Published dates: KASI's Chuseok and Seollal, Pesach (15 Nisan), 1 Ramadan (Umm al-Qura).
PUBLISHED = [
    (KOREAN, CalendarDay(2023, 8, 15), date(2023, 9, 29)),  # Chuseok
    (KOREAN, CalendarDay(2024, 8, 15), date(2024, 9, 17)),
    (KOREAN, CalendarDay(2025, 8, 15), date(2025, 10, 6)),
    (KOREAN, CalendarDay(2026, 8, 15), date(2026, 9, 25)),
    (KOREAN, CalendarDay(2023, 1, 1), date(2023, 1, 22)),  # Seollal
    (KOREAN, CalendarDay(2024, 1, 1), date(2024, 2, 10)),
    (KOREAN, CalendarDay(2025, 1, 1), date(2025, 1, 29)),
    (KOREAN, CalendarDay(2027, 1, 1), date(2027, 2, 7)),
    (KOREAN, CalendarDay(2028, 1, 1), date(2028, 1, 27)),
    (CHINESE, CalendarDay(2024, 1, 1), date(2024, 2, 10)),  # Chinese New Year
    (CHINESE, CalendarDay(2027, 1, 1), date(2027, 2, 6)),
    (CHINESE, CalendarDay(2028, 1, 1), date(2028, 1, 26)),
    (HEBREW, CalendarDay(5783, 1, 15), date(2023, 4, 6)),  # Pesach
    (HEBREW, CalendarDay(5784, 1, 15), date(2024, 4, 23)),
    (HEBREW, CalendarDay(5785, 1, 15), date(2025, 4, 13)),
    (HEBREW, CalendarDay(5786, 1, 15), date(2026, 4, 2)),
    (HEBREW, CalendarDay(5784, 7, 1), date(2023, 9, 16)),  # Rosh Hashanah
    (ISLAMIC, CalendarDay(1444, 9, 1), date(2023, 3, 23)),  # 1 Ramadan
    (ISLAMIC, CalendarDay(1445, 9, 1), date(2024, 3, 11)),
    (ISLAMIC, CalendarDay(1446, 9, 1), date(2025, 3, 1)),
    (ISLAMIC, CalendarDay(1447, 9, 1), date(2026, 2, 18)),
]


@pytest.mark.parametrize(("calendar", "day", "gregorian"), PUBLISHED)
def test_published_dates(calendar, day, gregorian):
    assert from_calendar(calendar, day) == gregorian
    assert to_calendar(calendar, gregorian) == day


def test_the_korean_lunar_calendar_is_not_the_chinese_one():
    """KASI reckons at 135°E, China at 120°E: new moons near midnight fall on different
    days. Seollal and the Chinese New Year differ in 2027 and 2028."""
    differ = {
        day.year
        for day in _days(date(2020, 1, 1), date(2030, 12, 31))
        if to_calendar(KOREAN, day) != to_calendar(CHINESE, day)
    }
    assert {2027, 2028} <= differ


def test_the_two_lunar_libraries_agree_on_most_days():
    days = list(_days(date(1950, 1, 1), date(2049, 12, 31), step=7))
    agree = sum(to_calendar(KOREAN, d) == to_calendar(CHINESE, d) for d in days)
    assert agree / len(days) > 0.95


@pytest.mark.parametrize("calendar", list(SUPPORTED))
def test_round_trips_over_the_supported_years(calendar):
    first, last = SUPPORTED[calendar]
    first, last = max(first, date(1000, 1, 1)), min(last, date(2200, 1, 1))
    for day in [*_days(first, last, step=89), first, last, *_days(*REFORM)]:
        if SUPPORTED[calendar][0] <= day <= SUPPORTED[calendar][1]:
            assert from_calendar(calendar, to_calendar(calendar, day)) == day


def test_the_days_the_gregorian_reform_skipped_follow_on_in_the_lunar_month():
    """KASI's library refuses 5-14 October 1582; proleptic Gregorian days go on."""
    days = [to_calendar(KOREAN, day) for day in _days(date(1582, 10, 4), date(1582, 10, 15))]
    assert [d.day for d in days] == list(range(days[0].day, days[0].day + 12))


@pytest.mark.parametrize("calendar", list(SUPPORTED))
def test_outside_the_tables_is_refused_naming_the_range(calendar):
    first, last = SUPPORTED[calendar]
    if first > date(1, 1, 1):
        with pytest.raises(OutOfRange, match=f"supported from {first.isoformat()}"):
            to_calendar(calendar, first - timedelta(days=1))
    if last < date(9999, 12, 31):
        with pytest.raises(OutOfRange, match=f"to {last.isoformat()}"):
            to_calendar(calendar, last + timedelta(days=1))


def test_days_that_do_not_exist_are_refused():
    assert from_calendar(HEBREW, CalendarDay(5785, 13, 1)) is None  # no Adar II: common year
    assert from_calendar(KOREAN, CalendarDay(2023, 3, 1, leap=True)) is None  # leap month is 2
    month_of_29 = next(
        m for m in range(1, 13) if from_calendar(ISLAMIC, CalendarDay(1446, m, 30)) is None
    )
    assert from_calendar(ISLAMIC, CalendarDay(1446, month_of_29, 29)) is not None


# --- The documented days ----------------------------------------------------------------


@pytest.mark.parametrize("calendar", [KOREAN, CHINESE, ISLAMIC])
def test_a_30th_falls_on_the_29th_in_years_whose_month_has_29_days(calendar):
    base = 1400 if calendar is ISLAMIC else 2000
    origin = next(
        CalendarDay(base, m, 30)
        for m in range(1, 13)
        if from_calendar(calendar, CalendarDay(base, m, 30))
    )
    short = next(
        y
        for y in range(origin.year + 1, origin.year + 40)
        if from_calendar(calendar, CalendarDay(y, origin.month, 30)) is None
    )
    assert observed_day(calendar, origin, short) == from_calendar(
        calendar, CalendarDay(short, origin.month, 29)
    )


def test_a_leap_month_is_kept_in_the_regular_month_of_its_number():
    origin = CalendarDay(2023, 2, 10, leap=True)  # 2023 has a leap second month
    assert from_calendar(KOREAN, origin) is not None
    assert observed_day(KOREAN, origin, 2024) == from_calendar(KOREAN, CalendarDay(2024, 2, 10))


def test_adar_between_leap_and_common_hebrew_years():
    adar_ii = CalendarDay(5784, 13, 14)  # Purim of a leap year
    assert observed_day(HEBREW, adar_ii, 5785) == date(2025, 3, 14)  # Adar, common year
    adar = CalendarDay(5785, 12, 14)  # Purim of a common year
    assert observed_day(HEBREW, adar, 5787) == from_calendar(HEBREW, CalendarDay(5787, 13, 14))


def test_lunar_anniversaries_once_per_lunar_year_in_a_window():
    origin = date(1953, 7, 27)
    found = calendar_anniversaries(KOREAN, origin, date(2000, 1, 1), date(2029, 12, 31))
    years = [years for years, _ in found]
    assert years == list(range(years[0], years[0] + len(years)))  # each year once, in order
    assert len(found) == 30
    lunar = to_calendar(KOREAN, origin)
    assert all(to_calendar(KOREAN, day).day in (lunar.day, 29) for _, day in found)


def test_hijri_anniversaries_can_fall_twice_in_one_gregorian_year():
    origin = from_calendar(ISLAMIC, CalendarDay(1400, 1, 1))  # 1 Muharram 1400
    found = calendar_anniversaries(ISLAMIC, origin, date(2008, 1, 1), date(2008, 12, 31))
    assert found == [(29, date(2008, 1, 10)), (30, date(2008, 12, 29))]  # 1429 and 1430


# --- Julian -----------------------------------------------------------------------------


def test_every_day_of_1582_to_1923_converts_both_ways():
    """The Julian day numbers against our own proleptic Gregorian ones, day by day over
    the centuries the two calendars were both in use."""
    julian_day = julian_day_number(1582, 1, 1)
    year, month, day = 1582, 1, 1
    while year < 1924:
        gregorian = civil_from_day_number(julian_day)
        assert day_number(*gregorian) == julian_day == julian_day_number(year, month, day)
        if day <= 28:  # the same label in both calendars: the gap between them
            gap = 10 + sum((year, month) >= (century, 3) for century in (1700, 1800, 1900))
            assert julian_day - day_number(year, month, day) == gap
        julian_day += 1
        year, month, day = _next_julian(year, month, day)


def test_the_october_revolution():
    assert civil_from_day_number(julian_day_number(1917, 10, 25)) == (1917, 11, 7)
    assert julian_observed_day(10, 25, 2025, leap_day_on_march_1=False) == date(2025, 11, 7)


def test_julian_leap_days():
    assert is_julian_leap_year(1700) and is_julian_leap_year(-44) and not is_julian_leap_year(1)
    assert julian_observed_day(2, 29, 1701, leap_day_on_march_1=False) == date(1701, 3, 11)
    assert julian_observed_day(2, 29, 1701, leap_day_on_march_1=True) == date(1701, 3, 12)


@given(st.integers(min_value=-9999, max_value=9999), st.integers(1, 12), st.integers(1, 31))
def test_julian_day_numbers_count_days(year, month, day):
    from chronology.calendars import julian_days_in_month

    day = min(day, julian_days_in_month(year, month))
    following = _next_julian(year, month, day)
    assert julian_day_number(*following) == julian_day_number(year, month, day) + 1


def _next_julian(year, month, day):
    from chronology.calendars import julian_days_in_month

    if day < julian_days_in_month(year, month):
        return year, month, day + 1
    return (year, month + 1, 1) if month < 12 else (year + 1, 1, 1)


def _days(first, last, step=1):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=step)
