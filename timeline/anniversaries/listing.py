"""Anniversary reads backed by the partial indexes on Event (start_md, start_year) and
(end_md, end_year) of published events.

The listing is built in SQL, in listing order, so that a page of a window holding a
hundred thousand anniversaries reads one page of rows off the indexes. It is a UNION ALL
of ranges: for each year of the window and each bound (an interval's start and end), the
month-days of that year, plus 29 February where a common year observes it on another day.
Each range is read in listing order off its index (month-day, then oldest first) and cut
at the page's end; only those rows are sorted together (see Listing).

Events whose anniversaries another calendar keeps (Event.observed) fall on a different
day each year and have no month-day columns. They are few (an editor chooses each),
read through their own small index, worked out in Python (chronology.recurrence) and
merged into the listing by the same order.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import cast

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Mod
from django.utils.translation import ngettext

from chronology import wording
from chronology.calendars import OBSERVED_NAMES, SUPPORTED, Observed
from chronology.dates import (
    LEAP_DAY,
    NEW_YEAR,
    YEAR_END,
    Precision,
    civil_from_day_number,
    day_number,
    is_leap_year,
    month_day_key_of,
)
from chronology.recurrence import (
    Anniversary,
    Bound,
    Feb29Policy,
    Milestones,
    anniversaries_between,
    anniversary_in_year,
    beyond_tables,
    observed_on,
    window_month_days,
)
from events import translated
from events.changes import EVENTS, shared_cache, versions
from events.models import Event, EventQuerySet, Literal
from timeline import policy

COLUMNS = {Bound.START: ("start_md", "start_year"), Bound.END: ("end_md", "end_year")}


@dataclass(frozen=True)
class _Range:
    year: int
    bound: Bound
    low: int
    high: int
    feb29_on: int | None = None  # set: only 29 February, observed on this month-day


def _ranges(start: date, end: date, feb29: Feb29Policy) -> Iterator[_Range]:
    for year in range(start.year, end.year + 1):
        low = month_day_key_of(start) if year == start.year else NEW_YEAR
        high = month_day_key_of(end) if year == end.year else YEAR_END
        observed = None if is_leap_year(year) else month_day_key_of(observed_on(2, 29, year, feb29))
        for bound in Bound:
            yield _Range(year, bound, low, high)
            if observed is not None and low <= observed <= high:
                yield _Range(year, bound, LEAP_DAY, LEAP_DAY, feb29_on=observed)


def _range_rows(events: QuerySet[Event], r: _Range, milestones: Milestones | None):
    """One range's rows, in listing order on its index (month-day, oldest first, id)."""
    md, origin = COLUMNS[r.bound]
    rows = events.filter(**{f"{md}__range": (r.low, r.high), f"{origin}__lt": r.year})
    if r.feb29_on is None and not is_leap_year(r.year):
        rows = rows.exclude(**{md: LEAP_DAY})  # a common year has none; see the feb29 range
    if milestones is not None:
        years = Value(r.year) - F(origin)
        rows = rows.alias(
            years=years,
            years_low=Mod(years, milestones.step_low),
            years_high=Mod(years, milestones.step_high),
        )
        rows = rows.filter(_is_milestone(milestones))
    listed_on = F(md) if r.feb29_on is None else Value(r.feb29_on, IntegerField())
    return (
        rows.annotate(
            a_year=Value(r.year, IntegerField()),
            a_md=listed_on,
            a_origin=F(origin),
            a_bound=Value(list(Bound).index(r.bound), IntegerField()),
        )
        .values_list("id", "a_year", "a_md", "a_origin", "a_bound")
        .order_by(md, origin, "id")
    )


def _is_milestone(m: Milestones) -> Q:
    """Milestones.__contains__ as SQL over the `years` alias."""
    beyond = Q(years__gt=max(m.explicit, default=0))
    return Q(years__in=sorted(m.explicit)) | (
        beyond & (Q(years__lte=m.switch, years_low=0) | Q(years__gt=m.switch, years_high=0))
    )


class Listing:
    """The anniversaries of a window as (event id, year, month-day, origin year, bound
    index) rows in listing order: by day, then oldest first, starts before ends, then by
    id. Counted and sliced in SQL, so a Paginator can page it.

    A slice asks each range for its first `stop` rows (an index walk) and sorts only
    those: the database cannot merge ranges whose sort keys include constants (the year,
    the bound), and would otherwise sort every row of the window for one page."""

    ORDER = "a_year, a_md, a_origin, a_bound, id"

    def __init__(self, parts: list[QuerySet], moving: list[tuple] | None = None) -> None:
        self.parts = parts
        self.left_out: list[LeftOut] = []
        # Rows of events another calendar keeps, in the same shape and order (_order).
        self.moving = sorted(moving or [], key=_order)

    def count(self) -> int:
        sql, params = self._count_sql()
        if not sql:
            return len(self.moving)
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0] + len(self.moving)

    def count_up_to(self, most: int) -> int | None:
        """The count, if it is `most` or fewer; else None. Each range is counted only up
        to most + 1 rows, so a window of a million anniversaries is not read to say that
        it holds more than a page can reach."""
        sql, params = self._count_sql(most + 1)
        if not sql:
            found = len(self.moving)
        else:
            with connections[self.db].cursor() as cursor:
                cursor.execute(sql, params)
                found = cursor.fetchone()[0] + len(self.moving)
        return found if found <= most else None

    def __getitem__(self, index: slice) -> list[tuple]:
        start, stop = index.start or 0, index.stop
        if stop is not None and stop <= start:
            return []
        if self.moving:
            # The first `stop` rows of each side, merged; then the page.
            merged = heapq.merge(self._fetch(0, stop), self.moving, key=_order)
            return list(merged)[start:stop]
        return self._fetch(start, stop)

    def _fetch(self, start: int, stop: int | None) -> list[tuple]:
        sql, params = self._sql(start, stop)
        if not sql:
            return []
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [tuple(row) for row in cursor.fetchall()]

    def explain(self, stop: int) -> str:
        """The plans of count() and of the first `stop` rows (for tests and benchmarks)."""
        connection = connections[self.db]
        plans = []
        for sql, params in (self._count_sql(), self._sql(0, stop)):
            with connection.cursor() as cursor:
                cursor.execute(f"{connection.ops.explain_query_prefix()} {sql}", params)
                plans += [str(row[-1]) for row in cursor.fetchall()]
        return "\n".join(plans)

    @property
    def db(self) -> str:
        return self.parts[0].db

    def _count_sql(self, cap: int | None = None) -> tuple[str, list]:
        # A sum of one count per range: each an index-only scan, cheaper than counting
        # the rows of their union (which the database builds first, constants and all);
        # with a cap, each range read only up to it.
        parts = [part.order_by() for part in self.parts]
        compiled = self._compiled(parts if cap is None else [part[:cap] for part in parts])
        sql = " + ".join(
            f"(SELECT COUNT(*) FROM ({s}) AS part{i})"  # noqa: S608
            for i, (s, _) in enumerate(compiled)
        )
        return (f"SELECT {sql}" if sql else ""), [p for _, ps in compiled for p in ps]

    def _compiled(self, parts: list[QuerySet]) -> list[tuple[str, tuple]]:
        compiled = []
        for part in parts:
            try:
                compiled.append(part.query.get_compiler(using=part.db).as_sql())
            except EmptyResultSet:  # a range that cannot match (events.none(), …)
                continue
        return compiled

    def _sql(self, start: int, stop: int | None) -> tuple[str, list]:
        compiled = self._compiled(
            self.parts if stop is None else [part[:stop] for part in self.parts]
        )
        if not compiled:
            return "", []
        # Only SQL Django compiled (values stay parameters) and integers are joined here.
        sql = " UNION ALL ".join(
            f"SELECT * FROM ({s}) AS part{i}"  # noqa: S608
            for i, (s, _) in enumerate(compiled)
        )
        params = [p for _, part_params in compiled for p in part_params]
        return (
            f"SELECT * FROM ({sql}) AS listed ORDER BY {self.ORDER} "  # noqa: S608
            + connections[self.db].ops.limit_offset_sql(start, stop)
        ), params


def _order(row: tuple) -> tuple:
    """Listing.ORDER of a row."""
    event_id, year, md, origin, bound = row
    return (year, md, origin, bound, event_id)


@dataclass(frozen=True)
class LeftOut:
    """Events kept in a calendar whose tables do not reach the whole window: listed where
    they reach, and named in the answer, rather than failing it."""

    observed: Observed
    events: int
    known_from: date
    known_to: date

    @property
    def note(self) -> str:
        language = translated.current()
        calendar = (
            OBSERVED_NAMES[self.observed]
            if language == "en"
            else wording.CALENDAR_NAMES[language][self.observed]
        )
        return ngettext(
            "%(n)s event kept in %(calendar)s could be listed only from %(first)s to "
            "%(last)s, where that calendar's tables reach.",
            "%(n)s events kept in %(calendar)s could be listed only from %(first)s to "
            "%(last)s, where that calendar's tables reach.",
            self.events,
        ) % {
            "n": f"{self.events:,}",
            "calendar": calendar,
            "first": self.known_from.isoformat(),
            "last": self.known_to.isoformat(),
        }

    def as_dict(self) -> dict:
        return {
            "observed": self.observed.value,
            "events": self.events,
            "known_from": self.known_from.isoformat(),
            "known_to": self.known_to.isoformat(),
            "note": self.note,
        }


def listing(
    events: QuerySet[Event],
    start: date,
    end: date,
    *,
    milestones_only: bool = False,
) -> Listing:
    """The anniversaries of published `events` from `start` to `end` (see Listing); its
    `left_out` names events another calendar keeps whose tables miss part of the window."""
    feb29 = policy.feb29_policy()
    milestones = policy.milestones() if milestones_only else None
    moving, left_out = moving_rows(events, start, end, milestones_only=milestones_only)
    found = Listing(
        [_range_rows(events, r, milestones) for r in _ranges(start, end, feb29)], moving
    )
    found.left_out = left_out
    return found


def moving_rows(
    events: QuerySet[Event], start: date, end: date, *, milestones_only: bool = False
) -> tuple[list[tuple], list[LeftOut]]:
    """Listing rows of the anniversaries, from `start` to `end`, of `events` whose
    anniversaries another calendar keeps, read from the year tables (moving_days); and
    which of them the window takes beyond their calendar's tables."""
    milestones = policy.milestones()
    chosen = dict(
        cast(EventQuerySet, events)
        .moving()
        .select_related(None)
        .prefetch_related(None)
        .order_by()
        .values_list("pk", "observed")
    )
    if not chosen:
        return [], []
    rows = []
    for year, table in moving_days(range(start.year, end.year + 1)).items():
        for pk, days in table.items():
            if pk not in chosen:
                continue
            for bound_index, years, md, origin in days:
                day = date(year, md // 100, md % 100)
                if start <= day <= end and (not milestones_only or years in milestones):
                    rows.append((pk, year, md, origin, bound_index))
    return rows, _left_out(chosen.values(), start, end)


def _left_out(observed: Iterable[str], start: date, end: date) -> list[LeftOut]:
    counts: dict[Observed, int] = {}
    for value in observed:
        counts[Observed(value)] = counts.get(Observed(value), 0) + 1
    gaps = []
    for calendar, count in sorted(counts.items()):
        if beyond_tables(calendar, start, end):
            first, last = SUPPORTED[calendar]
            gaps.append(LeftOut(calendar, count, max(first, start), min(last, end)))
    return gaps


# A year table: event id -> its anniversaries that Gregorian year, as (bound index,
# years, month-day key, origin year).
YearTable = dict[int, list[tuple[int, int, int, int]]]
MOVING_TIMEOUT = 24 * 60 * 60


def moving_days(years: Iterable[int]) -> dict[int, YearTable]:
    """The anniversaries in each Gregorian year of `years` of every published event
    another calendar keeps, worked out once per version of the events
    (events.changes.EVENTS), year and 29 February policy, and kept in the shared cache:
    converting dates between calendars is the slow part, and every listing, calendar
    file, feed and "on this day" would otherwise do it again on every request."""
    feb29 = policy.feb29_policy()
    prefix = f"annals:moving-days:{versions(EVENTS)[0]}:{feb29.value}"
    keys = {year: f"{prefix}:{year}" for year in years}
    found = shared_cache().get_many(list(keys.values()))
    tables = {}
    for year, key in keys.items():
        if key not in found:
            found[key] = _year_table(year, feb29)
            shared_cache().set(key, found[key], MOVING_TIMEOUT)
        tables[year] = found[key]
    return tables


def _year_table(year: int, feb29: Feb29Policy) -> YearTable:
    milestones = policy.milestones()
    first, last = date(year, 1, 1), date(year, 12, 31)
    table: YearTable = {}
    moving = (
        Event.objects.published().moving().only("id", "date", "calendar", "observed").order_by()
    )
    for event in moving.iterator(chunk_size=2000):
        value = event.date_value
        days = []
        for anniversary in anniversaries_between(
            value, first, last, feb29, milestones, event.observed_in
        ):
            point = value.start if anniversary.bound is Bound.START else value.end
            origin = civil_from_day_number(point.earliest)[0] if point else 0
            days.append(
                (
                    list(Bound).index(anniversary.bound),
                    anniversary.years,
                    month_day_key_of(anniversary.occurs_on),
                    origin,
                )
            )
        if days:
            table[event.pk] = days
    return table


def resolve(rows: Iterable[tuple], events: QuerySet[Event]) -> list[tuple[Event, Anniversary]]:
    """(event, anniversary) pairs for listing rows, in their order. `events` says how the
    events are read (select_related, prefetches); one query for the lot."""
    rows = list(rows)
    by_id = events.in_bulk({row[0] for row in rows})
    feb29, milestones = policy.feb29_policy(), policy.milestones()
    bounds = list(Bound)
    found = []
    for event_id, year, md, _origin, bound_index in rows:
        event, bound = by_id[event_id], bounds[bound_index]
        if event.observed != Observed.AS_WRITTEN:
            day = date(year, md // 100, md % 100)
            found += [
                (event, a)
                for a in anniversaries_between(
                    event.date_value, day, day, feb29, milestones, event.observed_in
                )
                if a.bound is bound
            ]
            continue
        value = event.date_value
        point = value.start if bound is Bound.START else value.end
        # The row was read off this bound's month-day column, so the point exists and
        # has an anniversary that year; the checks only tell the type checker so.
        if (
            point is not None
            and (anniversary := anniversary_in_year(point, bound, year, feb29, milestones))
            is not None
        ):
            found.append((event, anniversary))
    return found


class Found(list):
    """(event, anniversary) pairs, and `left_out`: the events another calendar keeps that
    could be listed only where its tables reach (LeftOut), for the answer to say so."""

    left_out: list[LeftOut]


def anniversaries(
    events: QuerySet[Event],
    start: date,
    end: date,
    *,
    milestones_only: bool = False,
    limit: int | None = None,
) -> Found:
    """The (event, anniversary) pairs from `start` to `end`, by day, then oldest first:
    all of them, or the first `limit`."""
    rows = listing(events, start, end, milestones_only=milestones_only)
    found = Found(resolve(rows[0:limit], events.order_by()))
    found.left_out = rows.left_out
    return found


def anniversary_rows(events: QuerySet[Event], start: date, end: date) -> QuerySet[Event]:
    """The published events with an anniversary listed inside the window, in no order
    (for work over all of them, such as planning reminders)."""
    # Each branch names the status itself: SQLite uses a partial index for a branch of an
    # OR only when that branch implies the index's condition.
    published = Q(status=Literal(Event.Status.PUBLISHED.value))
    condition = Q()
    for low, high in window_month_days(start, end, policy.feb29_policy()):
        condition |= published & Q(start_md__range=(low, high)) | published & Q(
            end_md__range=(low, high)
        )
    # Those another calendar keeps, by id: a branch of the OR on their own index would
    # cost the others theirs (SQLite then scans the table).
    moving = list(cast(EventQuerySet, events).moving().values_list("pk", flat=True))
    if moving:
        condition |= Q(pk__in=moving)
    return events.filter(condition).order_by()


def on_this_day(events: EventQuerySet, month: int, day: int, year: int) -> EventQuerySet:
    """Day-precision `events` on this month and day: those written on it, in any year,
    and those another calendar brings to it in `year` (or that happened on it)."""
    try:
        target = date(year, month, day)
    except ValueError:  # 29 February of a common year: only written dates
        return events.on_this_day(month, day)
    md = month_day_key_of(target)
    start = list(Bound).index(Bound.START)
    brought = [
        pk
        for pk, days in moving_days([year])[year].items()
        if any(bound == start and on == md for bound, _, on, _ in days)
    ]
    moving = events.moving().filter(precision=Precision.DAY.value)
    brought += moving.filter(earliest_day=day_number(year, month, day)).values_list("pk", flat=True)
    written = events.on_this_day(month, day)
    if not brought:
        return written
    # By id, read first off the month-day index: an OR of the two lets the databases walk
    # every event in date order looking for the day's (1 January: 84,000 rows for 200).
    return events.filter(pk__in_list={*written.order_by().values_list("pk", flat=True), *brought})
