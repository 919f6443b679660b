"""Anniversaries at scale: the rows the API's query reads for one day and for a 30-day
window across the year end, against a naive scan that extracts month and day from an
unindexed date column. Same database, same rows (checked), median of several runs.

    .venv/bin/python bench/anniversaries.py [--events 1000000] [--sqlite | --both]

Prints both times, their ratio (target >= 50x) and the API query's plan (it must use the
month-day indexes).
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from generate import ensure_dataset

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
             naive_end = CASE WHEN end_md IS NULL THEN NULL ELSE make_date(
                 CAST(EXTRACT(YEAR FROM DATE '1970-01-01' + latest_day) AS integer),
                 end_md / 100, end_md % 100) END
           WHERE naive_start IS NULL""",
    ],
    "sqlite": [
        "ALTER TABLE events_event ADD COLUMN naive_start text",
        "ALTER TABLE events_event ADD COLUMN naive_end text",
        """UPDATE events_event SET
             naive_start = printf('%04d-%02d-%02d', start_year, start_md / 100, start_md % 100),
             naive_end = CASE WHEN end_md IS NULL THEN NULL ELSE printf('%04d-%02d-%02d',
                 CAST(strftime('%Y', date('1970-01-01', latest_day || ' days')) AS integer),
                 end_md / 100, end_md % 100) END
           WHERE naive_start IS NULL""",
    ],
}
# Month and day extracted from the date, as a first attempt would.
EXTRACT = {
    "postgresql": ("EXTRACT(MONTH FROM {c})", "EXTRACT(DAY FROM {c})"),
    "sqlite": ("CAST(substr({c}, -5, 2) AS integer)", "CAST(substr({c}, -2) AS integer)"),
}


def naive_sql(vendor: str, ranges: list[tuple[tuple[int, int], tuple[int, int]]]) -> str:
    month, day = EXTRACT[vendor]
    parts = []
    for column in ("naive_start", "naive_end"):
        m, d = month.format(c=column), day.format(c=column)
        for (m1, d1), (m2, d2) in ranges:
            parts.append(f"(({m} > {m1} OR ({m} = {m1} AND {d} >= {d1})) AND "
                         f"({m} < {m2} OR ({m} = {m2} AND {d} <= {d2})))")
    return ("SELECT id FROM events_event WHERE status = 'published' AND ("
            + " OR ".join(parts) + ")")


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
    from timeline.queries import anniversary_rows

    with connection.cursor() as cursor:
        if not _has_naive(cursor):  # a freshly generated table
            for statement in NAIVE_COLUMNS[vendor]:
                cursor.execute(statement)

    results = []
    for label, (start, end), ranges in (
        ("one day (27 July)", DAY, [((7, 27), (7, 27))]),
        ("30 days across the year end", WINDOW, [((12, 15), (12, 31)), ((1, 1), (1, 13))]),
    ):
        rows = anniversary_rows(Event.objects.published(), start, end)
        sql = naive_sql(vendor, ranges)

        def api(rows=rows):
            return list(rows.values_list("id", flat=True))

        def naive(sql=sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return [row[0] for row in cursor.fetchall()]

        assert sorted(api()) == sorted(naive()), f"{label}: the two queries disagree"
        found = len(api())
        api_s, naive_s = median_seconds(api, repeat), median_seconds(naive, repeat)
        print(f"  {label}: {found:,} rows — API query {api_s * 1000:.1f} ms, "
              f"naive scan {naive_s * 1000:.1f} ms, ratio {naive_s / api_s:.1f}x")
        plan = rows.values_list("id", flat=True).explain()
        uses_index = "event_status_start_md" in plan or "event_status_end_md" in plan
        print("    plan: " + plan.replace("\n", "\n          "))
        print(f"    uses the month-day indexes: {uses_index}")
        results.append((label, api_s, naive_s))
    return results


def _has_naive(cursor) -> bool:
    from django.db import connection

    columns = [c.name for c in connection.introspection.get_table_description(
        cursor, "events_event")]
    return "naive_start" in columns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sqlite", action="store_true", help="SQLite only")
    parser.add_argument("--both", action="store_true", help="PostgreSQL, then SQLite")
    args = parser.parse_args()
    vendors = ["sqlite"] if args.sqlite else ["postgresql", "sqlite"] if args.both \
        else ["postgresql"]
    for vendor in vendors:
        if vendor != vendors[0]:  # a second vendor needs a fresh interpreter
            import subprocess
            import sys

            subprocess.run([sys.executable, __file__, "--events", str(args.events),
                            "--repeat", str(args.repeat), "--sqlite"], check=True)
            continue
        print(f"Anniversaries at {args.events:,} events on {vendor}")
        bench(vendor, args.events, args.repeat)


if __name__ == "__main__":
    main()
