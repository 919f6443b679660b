"""Anniversaries at scale: one page of the API's listing (the count and the first 50
anniversaries, as /api/anniversaries/ reads them) for one day and for a 30-day window
across the year end, against a naive scan that extracts month and day from unindexed date
columns and sorts. Same database, same count and page (checked), median of several runs.

    .venv/bin/python bench/anniversaries.py [--events 1000000] [--sqlite | --both]

Prints both times, their ratio (target >= 50x) and the API query's plans (they must use
the month-day indexes).
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from generate import ensure_dataset

PAGE = 50
DAY = (date(2026, 7, 27), date(2026, 7, 27))
WINDOW = (date(2025, 12, 15), date(2026, 1, 13))

# The baseline's own columns: the listing dates as plain dates, with no index.
NAIVE_COLUMNS = {
    "postgresql": [
        "ALTER TABLE events_event ADD COLUMN IF NOT EXISTS naive_start date",
        "ALTER TABLE events_event ADD COLUMN IF NOT EXISTS naive_end date",
        # Astronomical year 0 is 1 BC, which PostgreSQL writes as -1.
        """UPDATE events_event SET
             naive_start = make_date(CASE WHEN start_year <= 0 THEN start_year - 1
                                     ELSE start_year END, start_md / 100, start_md % 100),
             naive_end = make_date(CASE WHEN end_year <= 0 THEN end_year - 1
                                   ELSE end_year END, end_md / 100, end_md % 100)
           WHERE naive_start IS NULL""",
    ],
    "sqlite": [
        "ALTER TABLE events_event ADD COLUMN naive_start text",
        "ALTER TABLE events_event ADD COLUMN naive_end text",
        """UPDATE events_event SET
             naive_start = printf('%04d-%02d-%02d', start_year, start_md / 100, start_md % 100),
             naive_end = CASE WHEN end_md IS NULL THEN NULL ELSE
                 printf('%04d-%02d-%02d', end_year, end_md / 100, end_md % 100) END
           WHERE naive_start IS NULL""",
    ],
}
# Year, month and day extracted from a date, as a first attempt would.
EXTRACT = {
    "postgresql": ("EXTRACT(YEAR FROM d)", "EXTRACT(MONTH FROM d)", "EXTRACT(DAY FROM d)"),
    "sqlite": (
        "CAST(substr(d, 1, length(d) - 6) AS integer)",
        "CAST(substr(d, -5, 2) AS integer)",
        "CAST(substr(d, -2) AS integer)",
    ),
}


def naive_sql(vendor: str, segments: list[tuple[int, tuple[int, int], tuple[int, int]]]):
    """One scan: every published event's start and end date, month and day extracted,
    kept when inside a segment (year, first month-day, last month-day) and older than
    it, counted, sorted in listing order and cut to a page."""
    year, month, day = EXTRACT[vendor]
    in_year = " ".join(
        f"WHEN (m > {m1} OR (m = {m1} AND dd >= {d1})) AND "
        f"(m < {m2} OR (m = {m2} AND dd <= {d2})) THEN {y}"
        for y, (m1, d1), (m2, d2) in segments
    )
    return f"""
        SELECT id, a_year, bound, total FROM (
          SELECT id, bound, y, m, dd, a_year, count(*) OVER () AS total FROM (
            SELECT id, bound, y, m, dd, CASE {in_year} END AS a_year FROM (
              SELECT id, bound, {year} AS y, {month} AS m, {day} AS dd FROM (
                SELECT e.id, b.bound,
                       CASE b.bound WHEN 0 THEN e.naive_start ELSE e.naive_end END AS d
                FROM events_event e CROSS JOIN (SELECT 0 AS bound UNION ALL SELECT 1) b
                WHERE e.status = 'published') dated
              WHERE d IS NOT NULL) parts) listed
          WHERE a_year IS NOT NULL AND y < a_year) counted
        ORDER BY a_year, m, dd, y, bound, id LIMIT {PAGE}"""


def median_seconds(run, repeat: int) -> float:
    run()  # warm the caches: both sides read from memory
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench(vendor: str, events: int, repeat: int) -> list[tuple[str, float, float]]:
    ensure_dataset("annals_bench_events", events, vendor)
    from django.db import connection

    from events.models import Event
    from timeline.anniversaries.listing import listing

    with connection.cursor() as cursor:
        if not _has_naive(cursor):  # a freshly generated table
            for statement in NAIVE_COLUMNS[vendor]:
                cursor.execute(statement)
        # Updates (the naive columns, a migration's backfill) clear the visibility map
        # that index-only scans rely on; autovacuum would restore it, in its own time.
        cursor.execute(
            "VACUUM ANALYZE events_event" if vendor == "postgresql" else "ANALYZE events_event"
        )

    results = []
    for label, (start, end), segments in (
        ("one day (27 July)", DAY, [(2026, (7, 27), (7, 27))]),
        (
            "30 days across the year end",
            WINDOW,
            [(2025, (12, 15), (12, 31)), (2026, (1, 1), (1, 13))],
        ),
    ):
        rows = listing(Event.objects.published(), start, end)
        sql = naive_sql(vendor, segments)

        def api(rows=rows):  # what the paginator asks: the count, then the page
            return rows.count(), [(r[0], r[1], r[4]) for r in rows[:PAGE]]

        def naive(sql=sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)
                found = cursor.fetchall()
            return (found[0][3] if found else 0), [(int(i), int(y), int(b)) for i, y, b, _ in found]

        assert api() == naive(), f"{label}: the two queries disagree"
        count = api()[0]
        api_s, naive_s = median_seconds(api, repeat), median_seconds(naive, repeat)
        print(
            f"  {label}: {count:,} anniversaries, page of {PAGE} — API query "
            f"{api_s * 1000:.1f} ms, naive scan {naive_s * 1000:.1f} ms, "
            f"ratio {naive_s / api_s:.1f}x"
        )
        plan = rows.explain(PAGE)
        uses_index = "event_start_md" in plan and "event_end_md" in plan
        print("    plans (count, page): " + plan.replace("\n", "\n          "))
        print(f"    uses the month-day indexes: {uses_index}")
        results.append((label, api_s, naive_s))
    return results


def _has_naive(cursor) -> bool:
    from django.db import connection

    columns = [
        c.name for c in connection.introspection.get_table_description(cursor, "events_event")
    ]
    return "naive_start" in columns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sqlite", action="store_true", help="SQLite only")
    parser.add_argument("--both", action="store_true", help="PostgreSQL, then SQLite")
    args = parser.parse_args()
    vendors = (
        ["sqlite"] if args.sqlite else ["postgresql", "sqlite"] if args.both else ["postgresql"]
    )
    for vendor in vendors:
        if vendor != vendors[0]:  # a second vendor needs a fresh interpreter
            import subprocess
            import sys

            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--events",
                    str(args.events),
                    "--repeat",
                    str(args.repeat),
                    "--sqlite",
                ],
                check=True,
            )
            continue
        print(f"Anniversaries at {args.events:,} events on {vendor}")
        bench(vendor, args.events, args.repeat)


if __name__ == "__main__":
    main()
