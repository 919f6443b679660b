"""A timeline of 100,000 events, its first page, against a bare template rendering 200
plain rows from the same table. Both served in-process by the same Django, on PostgreSQL.
Also the first view after a change to the records, which works the page out again.

    .venv/bin/python bench/timeline_page.py [--events 1000000] [--timeline 100000]

Prints pages per second for each, their ratio (target >= 0.5), the page's queries and its
number of HTML elements (target < 1,500), and the time of a first view after a change.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from generate import ensure_dataset

SLUG = "bench-timeline"


def build_timeline(size: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from events.models import Event
    from timeline.models import Timeline, TimelineEntry

    timeline = Timeline.objects.filter(slug=SLUG).first()
    if timeline and timeline.entries.count() == size:
        return
    owner, _ = get_user_model().objects.get_or_create(username="bench")
    with transaction.atomic():
        Timeline.objects.filter(slug=SLUG).delete()
        timeline = Timeline.objects.create(
            title="A hundred thousand events", slug=SLUG, owner=owner, visibility="public"
        )
        # Every tenth event: spread over all of history, BCE included.
        ids = Event.objects.order_by("id").values_list("id", flat=True)[: size * 10 : 10]
        TimelineEntry.objects.bulk_create(
            [TimelineEntry(timeline=timeline, event_id=pk, position=n) for n, pk in enumerate(ids)],
            batch_size=5000,
        )
    from django.db import connection

    with connection.cursor() as cursor:  # statistics, as autovacuum would leave them
        cursor.execute(f"ANALYZE {TimelineEntry._meta.db_table}")
    from events.changes import records_changed

    records_changed()  # bulk_create sends no signals
    print(f"  timeline: {size:,} entries")


def per_second(client, url: str, seconds: float) -> tuple[float, bytes]:
    response = client.get(url)
    assert response.status_code == 200, url
    times, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
    return 1 / statistics.median(times), response.content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--timeline", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    ensure_dataset("annals_bench_events", args.events)
    build_timeline(min(args.timeline, args.events // 10))

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    url = f"/timelines/{SLUG}/"
    client.get("/bench/plain-rows/")  # the connection, the templates
    from events.changes import records_changed

    cold = []
    for _ in range(3):  # after any edit, the page and its summaries are worked out again
        records_changed()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            cold.append(time.perf_counter() - started)
    cold_queries = len(queries)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    warm_queries = len(queries)  # read now: each request clears the connection's log
    page_rate, page = per_second(client, url, args.seconds)
    plain_rate, plain = per_second(client, "/bench/plain-rows/", args.seconds)
    from tests.html import elements

    count = elements(page.decode())
    print(
        f"Timeline page ({args.timeline:,} events), first page: {page_rate:,.1f} pages/s "
        f"({warm_queries} queries), {count:,} elements, {len(page):,} bytes; "
        f"the first view after a change: {statistics.median(cold) * 1000:,.0f} ms "
        f"({cold_queries} queries)"
    )
    print(f"Baseline (200 plain rows): {plain_rate:,.1f} pages/s, {len(plain):,} bytes")
    print(f"Ratio: {page_rate / plain_rate:.2f}")


if __name__ == "__main__":
    main()
