"""Calendars other than the proleptic Gregorian: the Julian calendar old dates are written
in, and the calendars anniversaries are kept in (Korean and Chinese lunar, Hebrew,
Islamic Umm al-Qura).

Pure: no ORM, no clock. Each calendar comes from a kept library, wrapped here and
nowhere else: convertdate (Julian, Hebrew), korean-lunar-calendar (KASI's tables),
lunardate (Chinese) and hijridate (Umm al-Qura). This module checks the years each
covers (SUPPORTED), checks every conversion by converting back (the lunar libraries
roll an impossible day over instead of refusing it), and sets in one place where an
anniversary falls when its day does not exist in a later year (observed_day).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from convertdate import hebrew, julian
from hijridate import Gregorian, Hijri
from korean_lunar_calendar import KoreanLunarCalendar
from lunardate import LunarDate


class Observed(StrEnum):
    """How an event's anniversaries fall each year."""

    AS_WRITTEN = "as-written"  # the written month and day (Wikipedia's "on this day")
    GREGORIAN = "gregorian"  # the Gregorian month and day of the date
    JULIAN = "julian"  # the written Julian month and day, each year in the Gregorian calendar
    KOREAN_LUNAR = "korean-lunar"
    CHINESE_LUNAR = "chinese-lunar"
    HEBREW = "hebrew"
    ISLAMIC = "islamic"


# Names for people: "the 70th anniversary in the Korean lunar calendar".
OBSERVED_NAMES = {
    Observed.AS_WRITTEN: "the written day",
    Observed.GREGORIAN: "the Gregorian calendar",
    Observed.JULIAN: "the Julian calendar",
    Observed.KOREAN_LUNAR: "the Korean lunar calendar",
    Observed.CHINESE_LUNAR: "the Chinese lunar calendar",
    Observed.HEBREW: "the Hebrew calendar",
    Observed.ISLAMIC: "the Islamic (Umm al-Qura) calendar",
}

# Calendars whose anniversaries are counted in their own years, off their own tables.
OTHER_CALENDARS = (Observed.KOREAN_LUNAR, Observed.CHINESE_LUNAR, Observed.HEBREW, Observed.ISLAMIC)

# The Gregorian days each calendar converts: its library's tables (the README lists them).
SUPPORTED: dict[Observed, tuple[date, date]] = {
    Observed.KOREAN_LUNAR: (date(1000, 2, 13), date(2050, 12, 31)),
    Observed.CHINESE_LUNAR: (date(1900, 1, 31), date(2100, 2, 8)),
    Observed.HEBREW: (date(1, 1, 1), date(9999, 12, 31)),
    Observed.ISLAMIC: (date(1924, 8, 1), date(2077, 11, 16)),
}


_REFORM_GAP = (date(1582, 10, 5), date(1582, 10, 14))


class OutOfRange(ValueError):
    """A day outside the years a calendar's tables cover."""


@dataclass(frozen=True, order=True)
class CalendarDay:
    """A day in one of OTHER_CALENDARS. Hebrew months are numbered as convertdate does:
    1 is Nisan, 7 Tishrei (where the year begins), 12 Adar (Adar I in a leap year) and
    13 Adar II. `leap` marks a lunar leap (intercalary) month."""

    year: int
    month: int
    day: int
    leap: bool = False


_local = threading.local()


def _korean() -> KoreanLunarCalendar:
    """One converter per thread: it keeps the sums of days it has counted (a new one
    counts a thousand years again), and each call sets its state."""
    if (korean := getattr(_local, "korean", None)) is None:
        korean = _local.korean = KoreanLunarCalendar()
    return korean


def _check(calendar: Observed, day: date) -> None:
    first, last = SUPPORTED[calendar]
    if not first <= day <= last:
        raise OutOfRange(
            f"The {calendar} calendar is supported from {first.isoformat()} "
            f"to {last.isoformat()}; {day.isoformat()} is outside."
        )


def to_calendar(calendar: Observed, day: date) -> CalendarDay:
    """The Gregorian `day` in `calendar`."""
    _check(calendar, day)
    if calendar is Observed.KOREAN_LUNAR:
        if _REFORM_GAP[0] <= day <= _REFORM_GAP[1]:
            # The library refuses the ten days the Gregorian reform skipped (its solar
            # calendar is otherwise proleptic Gregorian); they follow 4 October 1582 in
            # the same lunar month.
            before = to_calendar(calendar, _REFORM_GAP[0] - timedelta(days=1))
            return replace(before, day=before.day + (day - _REFORM_GAP[0]).days + 1)
        korean = _korean()
        korean.setSolarDate(day.year, day.month, day.day)
        return CalendarDay(
            korean.lunarYear, korean.lunarMonth, korean.lunarDay, bool(korean.isIntercalation)
        )
    if calendar is Observed.CHINESE_LUNAR:
        lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
        return CalendarDay(lunar.year, lunar.month, lunar.day, bool(lunar.is_leap_month))
    if calendar is Observed.HEBREW:
        return CalendarDay(*hebrew.from_gregorian(day.year, day.month, day.day))
    if calendar is Observed.ISLAMIC:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
        return CalendarDay(hijri.year, hijri.month, hijri.day)
    raise ValueError(f"{calendar} is not one of {', '.join(OTHER_CALENDARS)}")


def from_calendar(calendar: Observed, day: CalendarDay) -> date | None:
    """The Gregorian day of `day`, or None when `day` does not exist (a 30th in a month
    of 29 days, a leap month in a year without one, Adar II in a common year)."""
    try:
        if calendar is Observed.KOREAN_LUNAR:
            korean = _korean()
            if not korean.setLunarDate(day.year, day.month, day.day, day.leap):
                return None
            found = date(korean.solarYear, korean.solarMonth, korean.solarDay)
        elif calendar is Observed.CHINESE_LUNAR:
            found = LunarDate(day.year, day.month, day.day, day.leap).to_solar_date()
        elif calendar is Observed.HEBREW:
            found = date(*hebrew.to_gregorian(day.year, day.month, day.day))
        elif calendar is Observed.ISLAMIC:
            gregorian = Hijri(day.year, day.month, day.day).to_gregorian()
            found = date(gregorian.year, gregorian.month, gregorian.day)
        else:
            raise ValueError(f"{calendar} is not one of {', '.join(OTHER_CALENDARS)}")
    except (ValueError, OverflowError):
        return None
    # Converted back, a day that does not exist comes out as another day.
    try:
        return found if to_calendar(calendar, found) == day else None
    except OutOfRange:
        return None


def observed_day(calendar: Observed, origin: CalendarDay, year: int) -> date | None:
    """The Gregorian day on which an anniversary of `origin` falls in `year` of
    `calendar`, or None outside the calendar's tables.

    Where the day does not exist that year, it falls on a documented day, set here:
    - a leap (intercalary) lunar month: the regular month of the same number;
    - Adar II, in a common Hebrew year: Adar; Adar of a common year, in a leap year:
      Adar II (where Purim falls);
    - a 30th the month lacks that year (lunar months, Heshvan, Kislev, Adar I, Hijri
      months): the month's last day, the 29th.
    """
    month = origin.month
    if calendar is Observed.HEBREW:
        leap_year = bool(hebrew.leap(year))
        if month == 13 and not leap_year:
            month = 12
        elif month == 12 and leap_year and not hebrew.leap(origin.year):
            month = 13
    for day in (origin.day, 29) if origin.day == 30 else (origin.day,):
        found = from_calendar(calendar, CalendarDay(year, month, day, False))
        if found is not None:
            return found
    return None


def hebrew_leap_year(year: int) -> bool:
    """A Hebrew year of thirteen months (with Adar I and Adar II)."""
    return bool(hebrew.leap(year))


def calendar_anniversaries(
    calendar: Observed, origin_day: date, start: date, end: date
) -> list[tuple[int, date]]:
    """(years in `calendar`, Gregorian day) of each anniversary of `origin_day` that falls
    in [start, end], once per year of `calendar`. OutOfRange when the window or the
    origin leaves the calendar's tables."""
    origin = to_calendar(calendar, origin_day)
    first = to_calendar(calendar, start).year - 1
    last = to_calendar(calendar, end).year + 1
    found = []
    for year in range(max(first, origin.year + 1), last + 1):
        day = observed_day(calendar, origin, year)
        if day is not None and start <= day <= end:
            found.append((year - origin.year, day))
    return found


# --- Julian ----------------------------------------------------------------------------


def is_julian_leap_year(year: int) -> bool:
    """Every fourth year, astronomical numbering (year 0, 1 BC, is a leap year)."""
    return bool(julian.leap(year))


def julian_days_in_month(year: int, month: int) -> int:
    return int(julian.month_length(year, month))


_UNIX_EPOCH_JD = 2440587.5  # the Julian Day of 1970-01-01 at midnight


def julian_day_number(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 (as dates.day_number counts) of a Julian calendar date."""
    return int(julian.to_jd(year, month, day) - _UNIX_EPOCH_JD)


def julian_from_day_number(days: int) -> tuple[int, int, int]:
    """The Julian calendar (year, month, day) of a day number (days since 1970-01-01)."""
    year, month, day = julian.from_jd(days + _UNIX_EPOCH_JD)
    return int(year), int(month), int(day)


def julian_observed_day(month: int, day: int, year: int, *, leap_day_on_march_1: bool) -> date:
    """The Gregorian day of the Julian `month`/`day` in Julian `year`. 29 February, in a
    Julian common year, falls as the site's 29 February policy says: 28 February or
    1 March (Julian)."""
    if month == 2 and day == 29 and not is_julian_leap_year(year):
        month, day = (3, 1) if leap_day_on_march_1 else (2, 28)
    return date(*julian.to_gregorian(year, month, day))
