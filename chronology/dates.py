"""EDTF dates (ISO 8601-2, Levels 0 and 1) and the honest facts Annals derives from them.

Pure functions over plain values: no ORM, no clock. A date becomes an `EDTFDate` with
its precision, its approximate/uncertain flags and its earliest/latest bounds as *day
numbers* (days since 1970-01-01 in the proleptic Gregorian calendar, astronomical
years), which sort correctly before year 1, where Python's `datetime.date` stops.

Why our own parser: the `edtf` package (5.0.2) accepts impossible days such as
1953-02-29, drops the flags of `%`, crashes on open ends (`2020-02/..`), rejects
qualified seasons (`2020-21~`) and reports no precision for qualified dates. Wrapping
it would have meant re-deriving every fact, so we parse the small Level 0/1 grammar
here and keep `edtf` in the tests as an independent oracle (tests/chronology/test_dates.py).

Beyond Level 1 we accept the Level 2 sub-year groupings 25-41 (hemisphere seasons,
quarters, quadrimesters, semesters), because "early 2020" is common in reporting: an
approximate first quadrimester (`2020-37~`) reads as "early 2020".
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from chronology.calendars import (
    OBSERVED_NAMES,
    SUPPORTED,
    Observed,
    julian_day_number,
    julian_days_in_month,
)


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"
    MILLENNIUM = "millennium"


class Calendar(StrEnum):
    """The calendar a date is written in. Day numbers are always proleptic Gregorian."""

    GREGORIAN = "gregorian"
    JULIAN = "julian"


class EDTFError(ValueError):
    """A date that is not valid EDTF, with a message a person can act on."""


class NotEDTF(EDTFError):
    """Text that is not EDTF at all: date_text.read_edtf says what it probably meant."""

    def __init__(self, text: str) -> None:
        shown = text if len(text) <= 60 else text[:60] + "…"
        super().__init__(f"{shown!r} is not an EDTF date. Examples: {EXAMPLES}.")
        self.text = text


EXAMPLES = "1953-07-27, 1953-07, 1953, 1950~, 195X, 2020-21 or 1950-06-25/1953-07-27"

# The years Annals accepts. 9999 is the last year that Python's dates, iCalendar, Atom and
# every spreadsheet can write, so every accepted date works in every export and feed; a
# million years back covers prehistory and keeps day numbers far inside a 32-bit column.
MIN_YEAR, MAX_YEAR = -999_999, 9999

MONTH_NAMES = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Sub-year groupings: code -> (first month, number of months, display name).
# Seasons follow the meteorological convention (spring = March-May); winter runs into
# the next year. 21-24 are Level 1; 25-41 are Level 2 groupings we also accept.
SEASONS: dict[int, tuple[int, int, str]] = {
    21: (3, 3, "spring"),
    22: (6, 3, "summer"),
    23: (9, 3, "autumn"),
    24: (12, 3, "winter"),
    25: (3, 3, "spring (Northern Hemisphere)"),
    26: (6, 3, "summer (Northern Hemisphere)"),
    27: (9, 3, "autumn (Northern Hemisphere)"),
    28: (12, 3, "winter (Northern Hemisphere)"),
    29: (9, 3, "spring (Southern Hemisphere)"),
    30: (12, 3, "summer (Southern Hemisphere)"),
    31: (3, 3, "autumn (Southern Hemisphere)"),
    32: (6, 3, "winter (Southern Hemisphere)"),
    33: (1, 3, "Q1"),
    34: (4, 3, "Q2"),
    35: (7, 3, "Q3"),
    36: (10, 3, "Q4"),
    37: (1, 4, "January–April"),
    38: (5, 4, "May–August"),
    39: (9, 4, "September–December"),
    40: (1, 6, "first half of"),
    41: (7, 6, "second half of"),
}
# An approximate quadrimester is what reporters call early, mid or late in a year.
VAGUE_PARTS = {37: "early", 38: "mid", 39: "late"}

_POINT = re.compile(
    r"""^(?:
        Y(?P<long>-?[1-9][0-9]{4,11})               # letter-prefixed year: Y170000002
      | (?P<year>-?[0-9]{4}|-?[0-9]{3}X|-?[0-9]{2}XX|-?[0-9]XXX)
        (?:-(?P<month>[0-9]{2}|XX)(?:-(?P<day>[0-9]{2}|XX))?)?
    )(?P<qualifier>[?~%])?\Z""",
    re.VERBOSE,
)


# --- Day numbers ---------------------------------------------------------------------


def day_number(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date; any astronomical year.

    Howard Hinnant's days_from_civil; Python's floor division makes it exact for
    negative years too.
    """
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def civil_from_day_number(days: int) -> tuple[int, int, int]:
    """The inverse of `day_number`: (astronomical year, month, day)."""
    days += 719468
    era = days // 146097
    day_of_era = days - era * 146097
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    mp = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return year_of_era + era * 400 + (month <= 2), month, day


def iso_day(days: int) -> str:
    """ISO 8601 text of a day number; years before 1 are signed: -0043-03-15."""
    year, month, day = civil_from_day_number(days)
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


def month_day_key(month: int, day: int) -> int:
    """The number a month and day are stored and listed under: 27 July -> 727. It sorts as
    the calendar does, which keeps anniversary windows simple ranges."""
    return month * 100 + day


# The keys the anniversary ranges are built from.
NEW_YEAR, LEAP_DAY, YEAR_END = month_day_key(1, 1), month_day_key(2, 29), month_day_key(12, 31)


def month_day_key_of(day: date) -> int:
    """month_day_key of a calendar day."""
    return month_day_key(day.month, day.day)


def edtf_year(year: int) -> str:
    """A year as EDTF writes it: four digits, signed before year 1 (-0043 is 44 BC), and
    Y-prefixed beyond four digits (Y-12000)."""
    if abs(year) > 9999:
        return f"Y{year}"
    return f"-{abs(year):04d}" if year < 0 else f"{year:04d}"


def is_leap_year(year: int) -> bool:
    """Proleptic Gregorian leap year, astronomical numbering (year 0 is a leap year)."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and is_leap_year(year) else calendar.monthrange(2001, month)[1]


# --- The parsed value ------------------------------------------------------------------


@dataclass(frozen=True)
class DatePoint:
    """One date of EDTF: a day, month, season or year, possibly with unspecified digits."""

    year: int  # astronomical; with unspecified digits, the first year they allow
    month: int | None
    day: int | None
    season: int | None
    precision: Precision
    approximate: bool
    uncertain: bool
    earliest: int  # day number
    latest: int  # day number
    text: str  # this point's EDTF

    @property
    def first_month(self) -> int | None:
        """The month an anniversary of this point is listed in, if it has one."""
        if self.season is not None:
            return SEASONS[self.season][0]
        return self.month


@dataclass(frozen=True)
class EDTFDate:
    text: str
    start: DatePoint | None  # None: an open ('..') or unknown ('') start
    end: DatePoint | None
    is_interval: bool = False
    open_start: bool = False  # '..': the interval reaches back without limit
    open_end: bool = False  # '..': ongoing
    calendar: Calendar = Calendar.GREGORIAN  # the calendar `text` is written in

    def __str__(self) -> str:
        return self.text

    @property
    def first(self) -> DatePoint:
        """The point that places the date in time: its start, or the end of `../X`."""
        point = self.start or self.end
        assert point is not None  # the parser refuses intervals with neither
        return point

    @property
    def precision(self) -> Precision:
        return self.first.precision

    @property
    def approximate(self) -> bool:
        return any(p.approximate for p in (self.start, self.end) if p)

    @property
    def uncertain(self) -> bool:
        return any(p.uncertain for p in (self.start, self.end) if p)

    @property
    def earliest(self) -> int | None:
        return self.start.earliest if self.start else None

    @property
    def latest(self) -> int | None:
        return self.end.latest if self.end else None

    @property
    def sort_key(self) -> int:
        """Chronological position: the earliest day, or the end's for `../X`."""
        return self.first.earliest


def listing_month_day(point: DatePoint) -> tuple[int, int]:
    """The month and day a point's anniversaries are listed on: its own day; the first
    of its month or of its season's first month; 1 January for a year or coarser."""
    if point.precision is Precision.DAY and point.month and point.day:
        return point.month, point.day
    if point.precision in (Precision.MONTH, Precision.SEASON) and point.first_month:
        return point.first_month, 1
    return 1, 1


# --- Parsing -----------------------------------------------------------------------------


def parse_edtf(text: str, calendar: Calendar | str = Calendar.GREGORIAN) -> EDTFDate:
    """Parse an EDTF Level 0/1 date or interval, or raise EDTFError saying what is wrong."""
    if text is None or not str(text).strip():
        raise EDTFError(f"Enter a date. Examples: {EXAMPLES}.")
    text = str(text)
    if re.search(r"[\x00-\x1f\x7f\x85\u2028\u2029]", text):
        raise EDTFError(
            f"{text!r} contains a line break or control character; "
            f"write the date alone, e.g. {EXAMPLES.split(',')[0]}."
        )
    text = text.strip(" ")
    if "T" in text and re.match(r"^-?\d{4}-\d{2}-\d{2}T", text):
        raise EDTFError(
            f"{text!r} includes a time of day; enter only the date here "
            "and the time in the time field."
        )
    calendar = Calendar(calendar)
    if "/" not in text:
        point = _parse_point(text, calendar)
        return EDTFDate(text=text, start=point, end=point, calendar=calendar)
    if text.count("/") > 1:
        raise EDTFError(f"{text!r} has more than one '/'; an interval is START/END.")
    left, right = text.split("/")
    start = None if left in ("", "..") else _parse_point(left, calendar)
    end = None if right in ("", "..") else _parse_point(right, calendar)
    if start is None and end is None:
        raise EDTFError(f"{text!r}: an interval needs a date at one end at least.")
    if start and end and start.earliest > end.latest:
        raise EDTFError(
            f"{text!r}: the interval starts ({display_point(start)}) "
            f"after it ends ({display_point(end)})."
        )
    return EDTFDate(
        text=text,
        start=start,
        end=end,
        is_interval=True,
        open_start=left == "..",
        open_end=right == "..",
        calendar=calendar,
    )


# The last day any accepted date may reach once converted to the Gregorian calendar:
# the end of 9999, the last year Python's dates, iCalendar and Atom can write.
LAST_DAY_NUMBER = 2932896  # day_number(9999, 12, 31), checked in the tests


def _parse_point(text: str, calendar: Calendar) -> DatePoint:
    point = _read_point(text, calendar)
    if point.latest > LAST_DAY_NUMBER:
        raise EDTFError(
            f"{text!r} in the {calendar} calendar is {iso_day(point.latest)} in the "
            "Gregorian calendar, after 9999-12-31, the last day Annals can keep."
        )
    return point


def _read_point(text: str, calendar: Calendar) -> DatePoint:
    # The day numbers and month lengths of the calendar the date is written in.
    day_number, days_in_month = _ARITHMETIC[calendar]
    match = _POINT.match(text)
    if not match:
        raise NotEDTF(text)
    year = int(match["long"] or match["year"].replace("X", "0"))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise EDTFError(
            f"{text!r}: Annals accepts years from {MIN_YEAR} to {MAX_YEAR} "
            "(astronomical numbering: -999999 is 1,000,000 BC)."
        )
    qualifier = match["qualifier"] or ""
    approximate = qualifier in ("~", "%")
    uncertain = qualifier in ("?", "%")
    if match["long"]:
        year = int(match["long"])
        return DatePoint(
            year,
            None,
            None,
            None,
            Precision.YEAR,
            approximate,
            uncertain,
            day_number(year, 1, 1),
            day_number(year, 12, 31),
            text,
        )

    year_text, month_text, day_text = match["year"], match["month"], match["day"]
    unspecified = year_text.count("X")
    if unspecified and month_text:
        raise EDTFError(f"{text!r}: a year with unspecified digits cannot have a month.")
    if month_text == "XX" and day_text not in (None, "XX"):
        raise EDTFError(f"{text!r}: the month is unspecified, so the day must be too (XX).")

    negative = year_text.startswith("-")
    digits = year_text.lstrip("-")
    low = int(digits.replace("X", "0"))
    high = int(digits.replace("X", "9"))
    first_year, last_year = (-high, -low) if negative else (low, high)

    if unspecified:
        precision = [Precision.YEAR, Precision.DECADE, Precision.CENTURY, Precision.MILLENNIUM][
            unspecified
        ]
        return DatePoint(
            first_year,
            None,
            None,
            None,
            precision,
            approximate,
            uncertain,
            day_number(first_year, 1, 1),
            day_number(last_year, 12, 31),
            text,
        )

    year = first_year
    if month_text is None or month_text == "XX":
        return DatePoint(
            year,
            None,
            None,
            None,
            Precision.YEAR,
            approximate,
            uncertain,
            day_number(year, 1, 1),
            day_number(year, 12, 31),
            text,
        )

    month_code = int(month_text)
    if month_code in SEASONS:
        if day_text:
            raise EDTFError(f"{text!r}: a season ({month_code}) cannot have a day.")
        first_month, length, _ = SEASONS[month_code]
        last_month_index = first_month - 1 + length - 1
        end_year, end_month = year + last_month_index // 12, last_month_index % 12 + 1
        return DatePoint(
            year,
            None,
            None,
            month_code,
            Precision.SEASON,
            approximate,
            uncertain,
            day_number(year, first_month, 1),
            day_number(end_year, end_month, days_in_month(end_year, end_month)),
            text,
        )
    if not 1 <= month_code <= 12:
        raise EDTFError(
            f"{text!r}: there is no month {month_code}; months run 01-12 (seasons are 21-24)."
        )
    month = month_code
    month_days = days_in_month(year, month)
    if day_text is None or day_text == "XX":
        return DatePoint(
            year,
            month,
            None,
            None,
            Precision.MONTH,
            approximate,
            uncertain,
            day_number(year, month, 1),
            day_number(year, month, month_days),
            text,
        )
    day = int(day_text)
    if not 1 <= day <= month_days:
        in_calendar = " in the Julian calendar" if calendar is Calendar.JULIAN else ""
        raise EDTFError(
            f"{text!r}: {MONTH_NAMES[month]} {display_year(year)} has {month_days} days"
            f"{in_calendar}, so there is no day {day}." + _julian_hint(year, month, day, calendar)
        )
    number = day_number(year, month, day)
    return DatePoint(
        year,
        month,
        day,
        None,
        Precision.DAY,
        approximate,
        uncertain,
        number,
        number,
        text,
    )


def _julian_hint(year: int, month: int, day: int, calendar: Calendar) -> str:
    if calendar is Calendar.GREGORIAN and 1 <= day <= julian_days_in_month(year, month):
        days = julian_days_in_month(year, month)
        return f" It has {days} in the Julian calendar: set the calendar to julian."
    return ""


_ARITHMETIC: dict[Calendar, tuple[Callable[[int, int, int], int], Callable[[int, int], int]]] = {
    Calendar.GREGORIAN: (day_number, days_in_month),
    Calendar.JULIAN: (julian_day_number, julian_days_in_month),
}


# --- Honest display ----------------------------------------------------------------------


def display_year(year: int) -> str:
    """Astronomical year as people write it: 1953, 44 BC (year -43), 1 BC (year 0)."""
    if year <= 0:
        return f"{_grouped(1 - year)} BC"
    return _grouped(year)


def century(year: int) -> int:
    """The century of an astronomical year, negative before year 1: 1953 is the 20th (20),
    2000 still the 20th, 44 BC (year -43) the 1st BC (-1), 101 BC (year -100) the 2nd BC."""
    if year >= 1:
        return (year - 1) // 100 + 1
    return -((-year) // 100 + 1)


def _grouped(number: int) -> str:
    return f"{number:,}" if number >= 10000 else str(number)


def display_text(text: str, calendar: Calendar | str = Calendar.GREGORIAN) -> str:
    """How a stored date reads, or the text as written when it is not one this version
    understands: a page shows a row it cannot read rather than failing for everyone."""
    if not text:
        return ""
    try:
        return display(parse_edtf(text, calendar))
    except EDTFError:
        return text


def display_point(point: DatePoint) -> str:
    """One point without its qualifier: "27 July 1953", "spring 2020", "1950s"."""
    p = point
    if p.precision is Precision.DAY and p.month and p.day:
        return f"{p.day} {MONTH_NAMES[p.month]} {display_year(p.year)}"
    if p.precision is Precision.MONTH and p.month:
        return f"{MONTH_NAMES[p.month]} {display_year(p.year)}"
    if p.precision is Precision.SEASON and p.season is not None:
        if p.approximate and p.season in VAGUE_PARTS:
            return f"{VAGUE_PARTS[p.season]} {display_year(p.year)}"
        return f"{SEASONS[p.season][2]} {display_year(p.year)}"
    if p.precision is Precision.YEAR:
        return display_year(p.year)
    first, last = p.year, civil_from_day_number(p.latest)[0]
    if first >= 1000 and (
        (p.precision is Precision.DECADE and first % 100 != 0) or p.precision is Precision.CENTURY
    ):
        return f"{first}s"
    if first > 0:
        return f"{first}–{last}"
    if last <= 0:
        return f"{1 - first}–{1 - last} BC"
    return f"{1 - first} BC–AD {last}"


def _qualified(point: DatePoint) -> str:
    text = display_point(point)
    # "early 2020" already says it is approximate; "c." would say it twice.
    vague = point.precision is Precision.SEASON and point.season in VAGUE_PARTS
    if point.approximate and not vague:
        text = f"c. {text}"
    if point.uncertain:
        text = f"{text}?"
    return text


def display(value: EDTFDate) -> str:
    """The honest words for a date: "27 July 1953", "c. 1950", "25 June 1950 – 27 July 1953";
    in the Julian calendar, with the Gregorian day where it differs: "25 October 1917 O.S.
    (7 November 1917 N.S.)"."""

    def shown(point: DatePoint) -> str:
        return display_point_in(point, value.calendar)

    if not value.is_interval:
        return shown(value.first)
    if value.start and value.end:
        return f"{shown(value.start)} – {shown(value.end)}"
    if value.start:
        return (
            f"{shown(value.start)} onwards" if value.open_end else f"{shown(value.start)} – unknown"
        )
    assert value.end is not None
    return f"until {shown(value.end)}" if value.open_start else f"unknown – {shown(value.end)}"


def display_point_in(point: DatePoint, calendar: Calendar) -> str:
    """One point as `display` shows it, in the calendar it is written in."""
    words = _qualified(point)
    if calendar is Calendar.GREGORIAN:
        return words
    if point.precision is not Precision.DAY:
        return f"{words} (O.S.)"
    year, month, day = civil_from_day_number(point.earliest)
    if (year, month, day) == (point.year, point.month, point.day):
        return words  # the two calendars agree on this day (the third century)
    return f"{words} O.S. ({day} {MONTH_NAMES[month]} {display_year(year)} N.S.)"


def describe(value: EDTFDate) -> str:
    """How a date was understood, for editors: "27 July 1953 — day precision"."""
    flags = [
        name
        for name, on in (("approximate", value.approximate), ("uncertain", value.uncertain))
        if on
    ]
    kind = "interval, " if value.is_interval else ""
    extra = f", {' and '.join(flags)}" if flags else ""
    return f"{display(value)} — {kind}{value.precision} precision{extra}"


def observed_problem(value: EDTFDate, observed: Observed) -> str | None:
    """Why `value`'s anniversaries cannot be kept in `observed`, or None: another
    calendar keeps a day, inside the years its tables cover."""
    if observed is Observed.AS_WRITTEN:
        return None
    points = [value.start, value.end] if value.is_interval else [value.start]
    for point in filter(None, points):
        if point.precision is not Precision.DAY:
            return (
                f"Anniversaries kept in {OBSERVED_NAMES[observed]} need a date to the day; "
                f"{point.text} is a {point.precision}. Use as-written."
            )
        if observed in SUPPORTED:
            first, last = SUPPORTED[observed]
            if (
                not day_number(first.year, first.month, first.day)
                <= point.earliest
                <= (day_number(last.year, last.month, last.day))
            ):
                return (
                    f"The {observed} calendar is supported from {first.isoformat()} to "
                    f"{last.isoformat()}; {point.text} is outside."
                )
    return None
