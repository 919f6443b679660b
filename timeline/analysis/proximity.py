"""Are events timed to anniversaries? The statistics, on plain arrays: no ORM, no clock.

Each event is a day; each anchor has anniversaries, on fixed month-days after its year
(arrays) or on days another calendar moves (a function of the year). An event is *near*
when an anniversary of any anchor lies within `window` days of it; its signed distance
is event minus nearest anniversary (positive: after it). Anniversaries of the years
before and after count too, so windows cross the year end.

The null model: each event's day is uniform over the days of its own year. Its chance
of landing near is the share of that year's days inside the union of the anchors'
windows, worked out once per year (every day of the year against the anniversaries, so
the union and the events are measured by the same rule). The count of near events is
then Poisson-binomial over the events, and P(X >= near) is exact (poisson_binomial.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from chronology.dates import is_leap_year
from chronology.recurrence import Feb29Policy
from timeline.analysis.poisson_binomial import poisson_binomial

SPAN = 30  # the histogram runs from -SPAN to +SPAN days
MAX_WINDOW = 60

# Day of the year (0-based) of each month's first day.
_MONTH_STARTS = {
    leap: np.cumsum([0, 31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30])
    for leap in (False, True)
}

Ints = NDArray[np.int64]


@dataclass(frozen=True)
class Anchors:
    """Where the anchors' anniversaries fall. Fixed: on (month, day) every year after
    `origin` (29 February in common years as the site's policy says). Moving: `moving(year)`
    gives (day of the year, anchor index) for that year."""

    month: Ints
    day: Ints
    origin: Ints
    index: Ints  # the anchor each fixed point belongs to
    moving: Callable[[int], list[tuple[int, int]]] = field(default=lambda year: [])

    @classmethod
    def fixed(
        cls,
        points: list[tuple[int, int, int, int]],
        moving: Callable[[int], list[tuple[int, int]]] | None = None,
    ) -> Anchors:
        """From (month, day, origin year, anchor index) rows."""
        columns = np.array(points, dtype=np.int64).reshape(-1, 4).T
        month, day, origin, index = columns
        return cls(month, day, origin, index, moving or (lambda year: []))


@dataclass
class Result:
    events: int  # analysed
    near: int
    expected: float
    p_value: float
    window: int
    # Per event, in the order given: a nearest anniversary at all (some years have
    # none), its signed distance in days, and the anchor it belongs to.
    has_nearest: NDArray[np.bool_]
    distance: Ints
    anchor: Ints
    # Distances -SPAN..SPAN: events counted, and the null model's mean and standard
    # deviation of that count.
    histogram: Ints
    null_mean: NDArray[np.float64]
    null_sd: NDArray[np.float64]
    # (probability of landing near, events) per group of years that share it.
    groups: list[tuple[float, int]]

    @property
    def ratio(self) -> float | None:
        return self.near / self.expected if self.expected else None


def days_in_year(year: int) -> int:
    return 366 if is_leap_year(year) else 365


def split_days(day_numbers: Ints) -> tuple[Ints, Ints]:
    """(proleptic Gregorian year, 0-based day of the year) of day numbers (days since
    1970-01-01)."""
    moments = day_numbers.astype("datetime64[D]")
    years = moments.astype("datetime64[Y]")
    return (
        years.astype(np.int64) + 1970,
        (moments - years.astype("datetime64[D]")).astype(np.int64),
    )


class _Anniversaries:
    """Anniversaries of the anchors in a year, as (day of the year, anchor), each year
    worked out once."""

    def __init__(self, anchors: Anchors, policy: Feb29Policy) -> None:
        self.anchors, self.policy = anchors, policy
        self._years: dict[int, tuple[Ints, Ints]] = {}

    def of(self, year: int) -> tuple[Ints, Ints]:
        if year not in self._years:
            a = self.anchors
            active = a.origin < year  # the first anniversary is a year after
            month, day = a.month[active], a.day[active]
            leap = is_leap_year(year)
            doy = _MONTH_STARTS[leap][month - 1] + day - 1
            if not leap and self.policy is Feb29Policy.FEB28:
                doy[(month == 2) & (day == 29)] -= 1  # else it counts on as 1 March
            index = a.index[active]
            if moved := a.moving(year):
                extra = np.array(moved, dtype=np.int64).reshape(-1, 2).T
                doy, index = np.concatenate([doy, extra[0]]), np.concatenate([index, extra[1]])
            self._years[year] = (doy.astype(np.int64), index.astype(np.int64))
        return self._years[year]

    def around(self, year: int) -> tuple[Ints, Ints]:
        """Those of the year before, the year and the year after, as days from 1 January
        of `year`, sorted."""
        days, anchors = [], []
        for other, shift in ((year - 1, -days_in_year(year - 1)), (year, 0), (year + 1, None)):
            if not 1 <= other <= 9999:
                continue
            doy, index = self.of(other)
            days.append(doy + (days_in_year(year) if shift is None else shift))
            anchors.append(index)
        if not days:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        centres, index = np.concatenate(days), np.concatenate(anchors)
        order = np.argsort(centres, kind="stable")
        return centres[order], index[order]


def nearest(centres: Ints, days: Ints) -> tuple[Ints, Ints]:
    """For each day, the signed distance to the nearest centre (day - centre; a tie goes
    to the earlier centre) and that centre's position. `centres` sorted, not empty."""
    right = np.searchsorted(centres, days)
    last = len(centres) - 1
    left = np.clip(right - 1, 0, last)
    right_c = np.clip(right, 0, last)
    after = days - centres[left]  # >= 0 where there is a centre before
    before = days - centres[right_c]  # <= 0 where there is one after
    use_left = (right > 0) & ((right > last) | (after <= -before))
    picked = np.where(use_left, left, right_c)
    return days - centres[picked], picked


def analyse(event_days: Ints, anchors: Anchors, window: int, policy: Feb29Policy) -> Result:
    """Proximity of the events (day numbers, years 1-9999) to the anchors'
    anniversaries within `window` days, and its chance under the null model."""
    if not 0 <= window <= MAX_WINDOW:
        raise ValueError(f"window must be 0-{MAX_WINDOW}")
    count = len(event_days)
    years, doys = split_days(event_days)
    has = np.zeros(count, dtype=bool)
    distance = np.zeros(count, dtype=np.int64)
    anchor = np.full(count, -1, dtype=np.int64)
    histogram = np.zeros(2 * SPAN + 1, dtype=np.int64)
    null_mean = np.zeros(2 * SPAN + 1)
    null_var = np.zeros(2 * SPAN + 1)
    groups: Counter[float] = Counter()
    anniversaries = _Anniversaries(anchors, policy)
    order = np.argsort(years, kind="stable")
    bounds = np.flatnonzero(np.diff(years[order])) + 1
    for members in np.split(order, bounds) if count else []:
        year = int(years[members[0]])
        centres, index = anniversaries.around(year)
        if len(centres) == 0:
            groups[0.0] += len(members)
            continue
        size = days_in_year(year)
        # Every day of the year, measured as the events are: the union of the windows
        # and the null's expected histogram.
        every, _ = nearest(centres, np.arange(size, dtype=np.int64))
        p = float(np.count_nonzero(np.abs(every) <= window)) / size
        groups[p] += len(members)
        shown = every[np.abs(every) <= SPAN] + SPAN
        q = np.bincount(shown, minlength=2 * SPAN + 1) / size
        null_mean += len(members) * q
        null_var += len(members) * q * (1 - q)
        found, picked = nearest(centres, doys[members])
        has[members], distance[members], anchor[members] = True, found, index[picked]
    near_mask = has & (np.abs(distance) <= window)
    near = int(np.count_nonzero(near_mask))
    in_span = has & (np.abs(distance) <= SPAN)
    histogram += np.bincount(distance[in_span] + SPAN, minlength=2 * SPAN + 1)
    grouped = sorted(groups.items())
    return Result(
        events=count,
        near=near,
        expected=float(sum(p * n for p, n in grouped)),
        p_value=poisson_binomial(grouped).at_least(near),
        window=window,
        has_nearest=has,
        distance=distance,
        anchor=anchor,
        histogram=histogram,
        null_mean=null_mean,
        null_sd=np.sqrt(null_var),
        groups=grouped,
    )
