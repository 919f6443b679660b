"""The proximity analysis over the records: which events and anchors a query chooses,
read from the database into arrays for timeline.analysis.proximity, and the answer the API and
the page show.

Both sets are published events chosen by tag, timeline, kind, actor and place (all that
are given must hold). The work one request can cause is bounded: the events are read as
two integers each, the anchors' anniversaries are worked out once per year (the fixed
ones as arrays, at most MAX_ANCHOR_POINTS), those another calendar keeps one by one (at
most MAX_MOVING), and the answer lists at most NEAR_SHOWN near events.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, ngettext

from chronology.calendars import Observed
from chronology.dates import Precision, civil_from_day_number, day_number, iso_day
from chronology.recurrence import bounds_of, observed_days
from events import translated
from events.changes import EVENTS, RECORDS, shared_cache, versions
from events.models import Event, EventQuerySet
from events.selection import read_choice
from gateway import params
from timeline import policy, summaries
from timeline.analysis.proximity import SPAN, Anchors, Result, analyse
from timeline.models import Timeline

FILTERS = ("tag", "timeline", "kind", "actor", "place")
MAX_ANCHOR_POINTS = 5000
MAX_ANCHORS = 10_000  # read at all (those coarser than a day have no point)
MAX_MOVING = 200
NEAR_SHOWN = 200
DEFAULT_WINDOW = 1

METHOD = gettext_lazy(
    "Null model: each event's day is uniform over the days of its own year, so its chance "
    "of falling within {window} of an anchor's anniversary is the share of that year's "
    "days inside the union of the anchors' windows (anniversaries of the years either side "
    "included, so windows cross the year end; 29 February as the site's policy says; each "
    "anchor in the calendar it is observed in). The number of near events is then "
    "Poisson-binomial over the events; p_value is P(X >= near), computed exactly."
)


# Parameters that cannot be answered: `errors` names each with its problem.
BadQuery = params.BadParameter


def choose(prefix: str, query: dict[str, str], user) -> tuple[EventQuerySet, dict[str, str]]:
    """The published events the `prefix`_* parameters choose (events.selection), and
    those parameters."""
    choice = read_choice(query, user, names=FILTERS, prefix=f"{prefix}_")
    if choice.everything:
        choices = ", ".join(f"{prefix}_{name}" for name in FILTERS)
        raise BadQuery(
            {
                prefix: gettext("Choose the %(set)s by at least one of %(choices)s.")
                % {"set": prefix, "choices": choices}
            }
        )
    return Event.objects.published().chosen(choice), choice.asked


def read_window(query: Mapping[str, str]) -> int:
    return params.integer(query, "window", low=0, high=60, default=DEFAULT_WINDOW) or 0


@dataclass(frozen=True)
class Near:
    event: Event
    anchor: Event
    days: int  # event minus anniversary: positive, the event came after
    anniversary: str  # ISO day


CACHE_SECONDS = 60 * 60


def answer(query: Mapping[str, str], user) -> dict:
    """The answer to a query (the API's parameters), as plain data: from the cache when
    the same query was answered under the same records and timelines. BadQuery names
    every parameter that cannot be answered."""
    errors: dict[str, str] = {}
    chosen: dict[str, str] = {}
    sets = {}
    flat = {name: str(query.get(name) or "") for name in query}  # a QueryDict's last values
    for prefix in ("events", "anchors"):
        try:
            sets[prefix], given = choose(prefix, flat, user)
            chosen |= given
        except BadQuery as bad:
            errors |= bad.errors
    try:
        window = read_window(flat)
    except BadQuery as bad:
        errors |= bad.errors
    if errors:
        raise BadQuery(errors)
    key = _cache_key(chosen, window, user)
    if (found := shared_cache().get(key)) is not None:
        return found
    data = proximity(sets["events"], sets["anchors"], window).as_dict()
    data["query"] = {**chosen, "window": window}
    shared_cache().set(key, data, CACHE_SECONDS)
    return data


def _cache_key(chosen: dict[str, str], window: int, user) -> str:
    timelines = Timeline.objects.filter(
        slug__in=[v for k, v in chosen.items() if k.endswith("_timeline")]
    ).values_list("pk", flat=True)
    names = [RECORDS, EVENTS, *(summaries.version_name(pk) for pk in timelines)]
    # Who asks matters only where a private timeline may be named.
    asker = user.pk if timelines and user.is_authenticated else None
    # The answer's sentence is in the reader's language.
    language = translation.get_language()
    feb29 = policy.feb29_policy().value
    parts = (sorted(chosen.items()), window, versions(*names), feb29, asker, language)
    return "annals:proximity:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _brief(event: Event) -> dict:
    return {
        "slug": event.slug,
        "title": translated.shown(event, "title", translated.current()).text,
        "date": event.date,
        "date_display": event.date_display,
        "path": event.get_absolute_url(),
    }


def _p_text(p: float) -> str:
    if p < 1e-6:
        return "p < 0.000001"
    rounded = float(f"{p:.2g}")
    return f"p = {rounded:.6f}".rstrip("0").rstrip(".")


@dataclass
class Answer:
    result: Result
    excluded: int
    anchors: int
    anchors_excluded: int
    near_events: list[Near]

    @property
    def method(self) -> str:
        window = self.result.window
        days = ngettext("%(n)s day", "%(n)s days", window) % {"n": window}
        return str(METHOD).format(window=days)

    @property
    def sentence(self) -> str:
        r = self.result
        if not r.events:
            return gettext("There are no day-precision events to analyse.")
        if not self.anchors:
            return gettext("None of the anchors has a date to the day, so none has an anniversary.")
        # Two significant figures below ten ("2.1", "0.0082"), whole numbers above.
        expected = f"{r.expected:.2g}" if r.expected < 10 else f"{r.expected:,.0f}"
        near = ngettext(
            "%(near)s of %(events)s event fell within %(window)s of an anchor's anniversary",
            "%(near)s of %(events)s events fell within %(window)s of an anchor's anniversary",
            r.events,
        ) % {
            "near": f"{r.near:,}",
            "events": f"{r.events:,}",
            "window": ngettext("%(n)s day", "%(n)s days", r.window) % {"n": r.window},
        }
        chance = ngettext(
            "about %(expected)s was expected by chance",
            "about %(expected)s were expected by chance",
            1 if expected == "1" else 2,
        ) % {"expected": expected}
        return f"{near}; {chance} ({_p_text(r.p_value)})."

    def as_dict(self) -> dict:
        r = self.result
        return {
            "events": r.events,
            "excluded": self.excluded,
            "anchors": self.anchors,
            "anchors_excluded": self.anchors_excluded,
            "window": r.window,
            "near": r.near,
            "expected": round(r.expected, 6),
            "ratio": None if r.ratio is None else round(r.ratio, 6),
            "p_value": r.p_value,
            "method": self.method,
            "sentence": self.sentence,
            "near_events": [
                {
                    "event": _brief(n.event),
                    "anchor": _brief(n.anchor),
                    "days": n.days,
                    "anniversary": n.anniversary,
                }
                for n in self.near_events
            ],
            "histogram": self.histogram(),
        }

    def histogram(self) -> list[dict]:
        r = self.result
        return [
            {
                "days": d,
                "events": int(r.histogram[i]),
                "expected": round(float(r.null_mean[i]), 4),
                "expected_sd": round(float(r.null_sd[i]), 4),
            }
            for i, d in enumerate(range(-SPAN, SPAN + 1))
        ]


_FIRST, _LAST = day_number(1, 1, 1), day_number(9999, 12, 31)


def proximity(events: EventQuerySet, anchors: EventQuerySet, window: int) -> Answer:
    """Proximity of `events` to the anniversaries of `anchors` (see the module)."""
    feb29 = policy.feb29_policy()
    # The anchors first: too many is a 400 found after at most MAX_ANCHOR_POINTS rows.
    points, moving, used, listed = _anchor_points(anchors)
    rows = np.array(
        list(
            events.filter(precision=Precision.DAY.value)
            .order_by()
            .values_list("pk", "earliest_day", "latest_day")
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    # One day each (not an interval of days), in the years a calendar can name.
    single = (rows[:, 1] == rows[:, 2]) & (rows[:, 1] >= _FIRST) & (rows[:, 1] <= _LAST)
    rows = rows[single]
    total = events.count()

    def moved(year: int) -> list[tuple[int, int]]:
        start, end = date(year, 1, 1), date(year, 12, 31)
        return [
            (day.toordinal() - start.toordinal(), index)
            for index, point, calendar, observed in moving
            for _, day in observed_days(point, calendar, observed, start, end, feb29)
        ]

    result = analyse(rows[:, 1], Anchors.fixed(points, moved), window, feb29)
    return Answer(
        result=result,
        excluded=total - len(rows),
        anchors=len(used),
        anchors_excluded=listed - len(used),
        near_events=_near(rows, result, used, window),
    )


def _anchor_points(anchors: EventQuerySet):
    """(fixed points, moving points, the anchors with any, how many were listed)."""
    points: list[tuple[int, int, int, int]] = []
    moving: list = []
    used: list[Event] = []
    listed = 0
    if anchors.count() > MAX_ANCHORS:
        raise BadQuery(
            {
                "anchors": gettext("More than %(most)s anchors: narrow them.")
                % {"most": f"{MAX_ANCHORS:,}"}
            }
        )
    chosen = anchors.only("id", "slug", "title", "date", "calendar", "observed", "translations")
    for anchor in chosen.order_by("sort_day", "pk"):
        listed += 1
        value, observed = anchor.date_value, anchor.observed_in
        days = [(p, b) for p, b in bounds_of(value) if p.precision is Precision.DAY]
        if not days:
            continue
        index = len(used)
        used.append(anchor)
        for point, _bound in days:
            if observed is Observed.AS_WRITTEN:
                points.append((point.month or 1, point.day or 1, point.year, index))
            elif observed is Observed.GREGORIAN:
                year, month, day = civil_from_day_number(point.earliest)
                points.append((month, day, year, index))
            else:
                moving.append((index, point, value.calendar, observed))
        if len(points) > MAX_ANCHOR_POINTS:
            raise BadQuery(
                {"anchors": f"More than {MAX_ANCHOR_POINTS:,} anchor dates: narrow them."}
            )
        if len(moving) > MAX_MOVING:
            raise BadQuery(
                {"anchors": f"More than {MAX_MOVING} anchors kept in other calendars: narrow them."}
            )
    return points, moving, used, listed


def _near(rows, result: Result, anchors: list[Event], window: int) -> list[Near]:
    """The first NEAR_SHOWN near events by date, with their anchors."""
    mask = result.has_nearest & (np.abs(result.distance) <= window)
    chosen = np.flatnonzero(mask)
    chosen = chosen[np.lexsort((rows[chosen, 0], rows[chosen, 1]))][:NEAR_SHOWN]
    found = Event.objects.only("id", "slug", "title", "date", "calendar", "translations").in_bulk(
        [int(rows[i, 0]) for i in chosen]
    )
    return [
        Near(
            event=found[int(rows[i, 0])],
            anchor=anchors[int(result.anchor[i])],
            days=int(result.distance[i]),
            anniversary=iso_day(int(rows[i, 1] - result.distance[i])),
        )
        for i in chosen
        if int(rows[i, 0]) in found
    ]
