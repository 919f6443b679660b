"""The proximity analysis at scale: N published events against A anchors (the first A
day-precision events), as /api/analysis/proximity/ computes it (timeline.analysis.answers:
reading both sets, each year's union of windows worked out once, the exact p-value),
against a naive per-pair baseline: for each event, every anchor's anniversaries around
its year through the anniversary engine, and the union of windows rebuilt day by day.

    .venv/bin/python bench/proximity.py [--events 100000] [--anchors 1000] [--sqlite]

The baseline runs on a sample of events (it would take hours on all) and is scaled to
N; on that sample both must find the same near events (checked). Prints both times and
their ratio; target: Annals under 1 s at 100,000 x 1,000.
"""

from __future__ import annotations

import argparse
import calendar
import statistics
import time
from datetime import date, timedelta

from generate import ensure_dataset

SAMPLE = 200
WINDOW = 3


def naive_near(events, anchors, window: int, feb29, milestones) -> tuple[int, float]:
    """(near events, the sum of their null probabilities), pair by pair."""
    from chronology.dates import iso_day
    from chronology.recurrence import anniversaries_between

    near, expected = 0, 0.0
    for event_day in events:
        day = date.fromisoformat(iso_day(event_day))
        start, end = date(day.year - 1, 1, 1), date(day.year + 1, 12, 31)
        found = [
            a.occurs_on
            for anchor in anchors
            for a in anniversaries_between(
                anchor.date_value, start, end, feb29, milestones, anchor.observed_in
            )
            if a.precision.value == "day"
        ]
        if any(abs((day - when).days) <= window for when in found):
            near += 1
        covered = set()
        for when in found:
            for shift in range(-window, window + 1):
                if (hit := when + timedelta(days=shift)).year == day.year:
                    covered.add(hit)
        expected += len(covered) / (366 if calendar.isleap(day.year) else 365)
    return near, expected


def bench(vendor: str, events: int, anchors: int, repeat: int) -> None:
    ensure_dataset("annals_bench_events", events, vendor)
    import numpy as np

    from events.models import Event
    from timeline import analysis, policy
    from timeline.analysis.proximity import Anchors, analyse

    published = Event.objects.published()
    anchor_ids = list(
        published.filter(precision="day").order_by("pk").values_list("pk", flat=True)[:anchors]
    )
    chosen = Event.objects.filter(pk__in=anchor_ids)
    times, answer = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        answer = analysis.proximity(published, chosen, WINDOW)
        times.append(time.perf_counter() - started)
    fast = statistics.median(times)
    result = answer.result
    print(
        f"Annals: {result.events:,} events x {answer.anchors:,} anchors, window {WINDOW}: "
        f"{fast * 1000:,.0f} ms (median of {repeat}); near {result.near:,}, "
        f"expected {result.expected:,.1f}, p {result.p_value:.3g}"
    )

    # The baseline, on a sample of the same events; both must agree there.
    from chronology.dates import day_number

    rows = list(
        published.filter(precision="day", earliest_day__gte=day_number(2, 1, 1))
        .order_by("pk")
        .values_list("earliest_day", "latest_day")[: SAMPLE * 3]
    )
    sample = [first for first, last in rows if first == last][:SAMPLE]
    anchor_events = list(chosen.only("id", "date", "calendar", "observed"))
    feb29, milestones = policy.feb29_policy(), policy.milestones()
    started = time.perf_counter()
    naive, naive_expected = naive_near(sample, anchor_events, WINDOW, feb29, milestones)
    per_event = (time.perf_counter() - started) / len(sample)
    points, moving, _, _ = analysis._anchor_points(chosen)
    check = analyse(np.array(sample, dtype=np.int64), Anchors.fixed(points), WINDOW, feb29)
    assert not moving, "the generated anchors are all kept as written"
    assert (check.near, round(check.expected, 6)) == (naive, round(naive_expected, 6)), (
        check.near,
        naive,
        check.expected,
        naive_expected,
    )
    scaled = per_event * result.events
    print(
        f"Naive per pair: {per_event * 1000:,.1f} ms per event on {len(sample)} events "
        f"(same near count and expected: {naive}, {naive_expected:.3f}), "
        f"scaled to {result.events:,} events: {scaled:,.0f} s"
    )
    verdict = "met" if fast < 1 else "NOT met"
    print(f"Ratio: {scaled / fast:,.0f}x faster; target Annals < 1 s: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--anchors", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    vendor = "sqlite" if args.sqlite else "postgresql"
    print(f"Proximity at {args.events:,} events x {args.anchors:,} anchors on {vendor}")
    bench(vendor, args.events, args.anchors, args.repeat)


if __name__ == "__main__":
    main()
