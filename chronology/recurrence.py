"""The anniversary engine: pure functions over plain values. No ORM, no clock: "today"
is always passed in.

An event's date recurs according to its precision, honestly:
- a day recurs on its month and day (29 February on 28 February or 1 March in common
  years, as the site's policy says; never drifting, never twice in a year);
- a month recurs as a month, listed on its first day;
- a season or other sub-year grouping, listed on the first day of its first month;
- a year or anything coarser has "N years since" once a year, listed on 1 January.
An interval has anniversaries of its start and of its end. Approximate and uncertain
flags travel with every anniversary.

A day may instead be observed in another calendar (Event.observed): its Gregorian day,
its Julian month and day, or its day in the Korean or Chinese lunar, Hebrew or Islamic
calendar, each year on the Gregorian day that falls on (chronology.calendars), with the
years counted in that calendar.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from chronology.calendars import (
    OBSERVED_NAMES,
    OTHER_CALENDARS,
    SUPPORTED,
    Observed,
    calendar_anniversaries,
    julian_from_day_number,
    julian_observed_day,
)
from chronology.dates import (
    LEAP_DAY,
    NEW_YEAR,
    YEAR_END,
    Calendar,
    DatePoint,
    EDTFDate,
    Precision,
    civil_from_day_number,
    is_leap_year,
    listing_month_day,
    month_day_key_of,
)

MAX_WINDOW_DAYS = 366


class Feb29Policy(StrEnum):
    FEB28 = "feb28"
    MAR1 = "mar1"


class Bound(StrEnum):
    START = "start"
    END = "end"


# The milestone list when ANNALS_MILESTONES does not set one (settings read it from here).
DEFAULT_MILESTONES = (1, 5, 10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 100)


@dataclass(frozen=True)
class Milestones:
    """Which anniversaries are milestones: an explicit list, then every `step_low` years
    up to `switch`, then every `step_high` years."""

    explicit: frozenset[int] = frozenset(DEFAULT_MILESTONES)
    step_low: int = 25
    switch: int = 500
    step_high: int = 100

    def __contains__(self, years: int) -> bool:
        if years in self.explicit:
            return True
        ceiling = max(self.explicit, default=0)
        if years <= ceiling:
            return False
        step = self.step_low if years <= self.switch else self.step_high
        return years % step == 0

    @classmethod
    def parse(
        cls, explicit: str, step_low: int = 25, switch: int = 500, step_high: int = 100
    ) -> Milestones:
        """From settings: "1,5,10,…" plus the steps beyond the list."""
        numbers = frozenset(int(n) for n in explicit.split(",") if n.strip())
        return cls(numbers, step_low, switch, step_high)


NAMED = {
    100: "centenary",
    150: "sesquicentenary",
    200: "bicentenary",
    250: "semiquincentenary",
    300: "tercentenary",
    400: "quatercentenary",
    500: "quincentenary",
    1000: "millennium",
}


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 111th, 112th, 113th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def label(years: int, precision: Precision, observed: Observed = Observed.AS_WRITTEN) -> str:
    """'70th anniversary', '100th anniversary (centenary)', or '76 years since' for dates
    that know no day or month to recur on; '25th anniversary (Korean lunar calendar)'
    where another calendar keeps it."""
    if precision in (Precision.YEAR, Precision.DECADE, Precision.CENTURY, Precision.MILLENNIUM):
        return f"{years} year{'s' if years != 1 else ''} since"
    notes = [NAMED[years]] if years in NAMED else []
    if observed in (Observed.JULIAN, *OTHER_CALENDARS):
        notes.append(OBSERVED_NAMES[observed].removeprefix("the "))
    text = f"{ordinal(years)} anniversary"
    return f"{text} ({', '.join(notes)})" if notes else text


@dataclass(frozen=True)
class Anniversary:
    occurs_on: date
    years: int
    label: str
    milestone: bool
    precision: Precision
    approximate: bool
    uncertain: bool
    bound: Bound
    observed: Observed = Observed.AS_WRITTEN


def observed_on(month: int, day: int, year: int, policy: Feb29Policy) -> date:
    """The day in `year` that observes month/day: 29 February moves in common years."""
    if month == 2 and day == 29 and not is_leap_year(year):
        return date(year, 2, 28) if policy is Feb29Policy.FEB28 else date(year, 3, 1)
    return date(year, month, day)


def anniversary_in_year(
    point: DatePoint, bound: Bound, year: int, policy: Feb29Policy, milestones: Milestones
) -> Anniversary | None:
    """The anniversary of `point` in `year`, if there is one (the first is a year after)."""
    years = year - point.year
    if years < 1:
        return None
    month, day = listing_month_day(point)
    coarse = point.precision in (Precision.DECADE, Precision.CENTURY, Precision.MILLENNIUM)
    return Anniversary(
        occurs_on=observed_on(month, day, year, policy),
        years=years,
        label=label(years, point.precision),
        milestone=years in milestones,
        precision=point.precision,
        # Counting years from a decade or century is itself approximate.
        approximate=point.approximate or coarse,
        uncertain=point.uncertain,
        bound=bound,
    )


def bounds_of(value: EDTFDate) -> Iterator[tuple[DatePoint, Bound]]:
    """The points that have anniversaries: a single date's, or an interval's two ends."""
    if value.start is not None:
        yield value.start, Bound.START
    if value.is_interval and value.end is not None:
        yield value.end, Bound.END


def anniversaries_between(
    value: EDTFDate,
    start: date,
    end: date,
    policy: Feb29Policy,
    milestones: Milestones,
    observed: Observed = Observed.AS_WRITTEN,
) -> list[Anniversary]:
    """Every anniversary of a date from `start` to `end` inclusive (any window length),
    observed as `observed` says. Another calendar's anniversaries are listed where its
    tables reach (SUPPORTED); beyond_tables() says when a window leaves them."""
    found = []
    for point, bound in bounds_of(value):
        if observed is Observed.AS_WRITTEN or point.precision is not Precision.DAY:
            for year in range(start.year, end.year + 1):
                anniversary = anniversary_in_year(point, bound, year, policy, milestones)
                if anniversary and start <= anniversary.occurs_on <= end:
                    found.append(anniversary)
            continue
        for years, day in observed_days(point, value.calendar, observed, start, end, policy):
            found.append(
                Anniversary(
                    occurs_on=day,
                    years=years,
                    label=label(years, point.precision, observed),
                    milestone=years in milestones,
                    precision=point.precision,
                    approximate=point.approximate,
                    uncertain=point.uncertain,
                    bound=bound,
                    observed=observed,
                )
            )
    return found


def observed_days(
    point: DatePoint,
    calendar: Calendar,
    observed: Observed,
    start: date,
    end: date,
    policy: Feb29Policy,
) -> list[tuple[int, date]]:
    """(years, Gregorian day) of each anniversary of the day `point` (written in
    `calendar`) from `start` to `end`, observed in `observed`: once per year of that
    calendar, never before the first."""
    found: list[tuple[int, date]] = []
    if observed is Observed.GREGORIAN:
        year0, month, day = civil_from_day_number(point.earliest)
        for year in range(max(start.year, year0 + 1), end.year + 1):
            occurs = observed_on(month, day, year, policy)
            if start <= occurs <= end:
                found.append((year - year0, occurs))
    elif observed is Observed.JULIAN:
        year0, month, day = (
            (point.year, point.month or 1, point.day or 1)
            if calendar is Calendar.JULIAN
            else julian_from_day_number(point.earliest)
        )
        # A Julian year's day falls in its Gregorian year or a neighbour.
        for year in range(max(start.year - 1, year0 + 1), end.year + 2):
            try:
                occurs = julian_observed_day(
                    month, day, year, leap_day_on_march_1=policy is Feb29Policy.MAR1
                )
            except ValueError:  # before 1 January of year 1
                continue
            if start <= occurs <= end:
                found.append((year - year0, occurs))
    elif observed in OTHER_CALENDARS:
        first, last = SUPPORTED[observed]
        origin = civil_from_day_number(point.earliest)
        low, high = max(start, first), min(end, last)
        if low <= high and origin[0] >= 1 and first <= date(*origin) <= last:
            found = calendar_anniversaries(observed, date(*origin), low, high)
    return found


def beyond_tables(observed: Observed, start: date, end: date) -> str | None:
    """Why anniversaries kept in `observed` cannot all be listed from `start` to `end`
    (the window leaves its calendar's tables), or None."""
    if observed not in SUPPORTED:
        return None
    first, last = SUPPORTED[observed]
    if first <= start and end <= last:
        return None
    return (
        f"Anniversaries kept in the {observed} calendar are known from {first.isoformat()} "
        f"to {last.isoformat()}; {start.isoformat()} to {end.isoformat()} leaves that range."
    )


def next_anniversaries(
    value: EDTFDate,
    today: date,
    count: int,
    policy: Feb29Policy,
    milestones: Milestones,
    *,
    milestones_only: bool = False,
    observed: Observed = Observed.AS_WRITTEN,
) -> list[Anniversary]:
    """The next `count` anniversaries from `today` on (for countdowns)."""
    found: list[Anniversary] = []
    # None can fall before the year after the date's own (in any calendar that keeps it,
    # within a year of the Gregorian one): no need to walk the years before.
    origins = [civil_from_day_number(p.earliest)[0] for p, _ in bounds_of(value)]
    year = max(today.year, min(origins, default=today.year))
    while len(found) < count and year <= 9999:
        for anniversary in anniversaries_between(
            value, max(today, date(year, 1, 1)), date(year, 12, 31), policy, milestones, observed
        ):
            if not milestones_only or anniversary.milestone:
                found.append(anniversary)
        year += 1
    return sorted(found, key=lambda a: (a.occurs_on, a.bound))[:count]


def window_month_days(start: date, end: date, policy: Feb29Policy) -> list[tuple[int, int]]:
    """Ranges of stored listing month-day numbers (dates.month_day_key) that can fall in the
    window, for an index range scan. 29 February is added where the policy observes it
    on a day inside the window in a common year."""
    if (end - start).days >= 365:
        return [(NEW_YEAR, YEAR_END)]
    ranges = (
        [(month_day_key_of(start), month_day_key_of(end))]
        if start.year == end.year
        else [(month_day_key_of(start), YEAR_END), (NEW_YEAR, month_day_key_of(end))]
    )
    day = start
    while day <= end:
        if not is_leap_year(day.year) and observed_on(2, 29, day.year, policy) == day:
            ranges.append((LEAP_DAY, LEAP_DAY))
        day += timedelta(days=1)
    return ranges


def today_in(time_zone: str, now: datetime) -> date:
    """The date it is in `time_zone` at the aware moment `now`."""
    return now.astimezone(ZoneInfo(time_zone)).date()


def sort_key(anniversary: Anniversary) -> tuple[date, int, bool]:
    """Listing order: by day, then the oldest (most years) first."""
    return (anniversary.occurs_on, -anniversary.years, anniversary.bound is Bound.END)


def collect(
    dated: Iterable[tuple[object, EDTFDate]],
    start: date,
    end: date,
    policy: Feb29Policy,
    milestones: Milestones,
    *,
    milestones_only: bool = False,
) -> list[tuple[object, Anniversary]]:
    """Anniversaries of many (item, date) pairs in a window, in listing order: the plain
    statement of what timeline.anniversaries.listing builds in SQL, and what its tests
    hold it to."""
    found = [
        (item, anniversary)
        for item, value in dated
        for anniversary in anniversaries_between(value, start, end, policy, milestones)
        if anniversary.milestone or not milestones_only
    ]
    # Ties (two events, same day, same age) fall back to the item's id: a stable order
    # whatever order the rows came in.
    return sorted(found, key=lambda pair: (*sort_key(pair[1]), getattr(pair[0], "pk", 0)))
