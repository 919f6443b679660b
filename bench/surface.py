"""The anonymous surface at a million events: every URL pattern an anonymous client can
reach, asked with the worst parameters this script can build (the largest and deepest
pages, the widest windows, the broadest filters and their combinations), each from a
cold cache, in-process on PostgreSQL. Prints each request's time and size, slowest first,
against a bare page of 200 rows from the same table (the baseline), and fails when a
request other than a streamed or throttled export or file takes over 250 ms or 1 MB.

    .venv/bin/python bench/surface.py [--events 1000000] [--runs 3]

Builds (once, reused): the generated events, a timeline of 100,000 of them, 200 public
timelines of 50 events each, and 200 events kept in other calendars.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from generate import ensure_dataset

TARGET_MS, TARGET_BYTES = 250, 1_000_000
# Throttled per anonymous client, and so bounded by their rate rather than their time:
# streamed exports (any size), and calendar files (at most 1,000 events, under 1 MB).
EXEMPT_TIME, EXEMPT_SIZE = ("/exports/", ".ics"), ("/exports/",)
# Events kept in other calendars are chosen one by one by editors: 50 is many.
TIMELINES, MOVING = 200, 50


def build_extras() -> None:
    """What the generated events lack for the worst cases: many timelines, one big one,
    and events whose anniversaries another calendar keeps."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from timeline_page import build_timeline

    from events.changes import records_changed
    from events.models import Event
    from timeline.models import Timeline, TimelineEntry

    build_timeline(100_000)
    if Timeline.objects.filter(slug__startswith="bench-small-").count() < TIMELINES:
        owner, _ = get_user_model().objects.get_or_create(username="bench")
        with transaction.atomic():
            Timeline.objects.filter(slug__startswith="bench-small-").delete()
            ids = list(Event.objects.order_by("id").values_list("id", flat=True)[: TIMELINES * 50])
            for n in range(TIMELINES):
                timeline = Timeline.objects.create(
                    title=f"Small timeline {n}", slug=f"bench-small-{n:03d}", owner=owner
                )
                TimelineEntry.objects.bulk_create(
                    TimelineEntry(timeline=timeline, event_id=pk, position=k)
                    for k, pk in enumerate(ids[n * 50 : (n + 1) * 50])
                )
    if Event.objects.published().moving().count() < MOVING:
        kept = ["korean-lunar", "chinese-lunar", "hebrew", "islamic", "julian", "gregorian"]
        candidates = Event.objects.published().filter(
            precision="day", start_year__gte=1930, start_year__lte=2020, end_year__isnull=True
        )
        for n, event in enumerate(candidates.order_by("id")[:MOVING]):
            event.observed = kept[n % len(kept)]
            event.save()
    records_changed()
    from django.db import connection

    with connection.cursor() as cursor:  # statistics, as autovacuum would leave them
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    # What the workers do after a change: the timelines' summaries, worked out again.
    from timeline.summaries import refresh_task

    for pk in Timeline.objects.values_list("pk", flat=True):
        refresh_task.run(pk)


def worst_slugs() -> dict[str, str]:
    """The records that make the biggest pages: the most used tag, actor and place, the
    event with the most citations."""
    from django.db.models import Count

    from events.models import Actor, Event, Place, Tag

    def most(model, relation: str) -> str:
        return (
            model.objects.annotate(n=Count(relation)).order_by("-n").values_list("slug", flat=True)
        )[0]

    return {
        "tag": most(Tag, "events"),
        "rare_tag": Tag.objects.annotate(n=Count("events"))
        .order_by("n")
        .values_list("slug", flat=True)[0],
        "actor": most(Actor, "participations"),
        "place": most(Place, "events"),
        "event": Event.objects.published()
        .annotate(n=Count("citations"))
        .order_by("-n")
        .values_list("slug", flat=True)[0],
    }


def urls(s: dict[str, str]) -> list[str]:
    big = "bench-timeline"
    facets = f"tag={s['tag']}&actor={s['actor']}&place={s['place']}&kind=other"
    window = "start=2026-12-15&end=2027-12-15"
    return [
        "/",
        f"/events/{s['event']}/",
        f"/events/{s['event']}.ics",
        f"/timelines/{big}/",
        f"/timelines/{big}/?{facets}&zoom=year",
        f"/timelines/{big}/?tag={s['tag']}&zoom=century",
        f"/timelines/{big}/?from=-3000",
        f"/timelines/{big}/?from=1990&zoom=year",
        f"/timelines/{big}/?after=-1000000.1&fragment=1",
        f"/timelines/{big}/interactive/",
        f"/timelines/{big}.ics",
        f"/tags/{s['tag']}/",
        f"/tags/{s['tag']}/?after=0.1",
        f"/tags/{s['tag']}.ics",
        f"/actors/{s['actor']}/",
        f"/actors/{s['actor']}/?after=0.1",
        f"/actors/{s['actor']}.ics",
        f"/places/{s['place']}/",
        "/anniversaries.ics",
        "/anniversaries.ics?milestones_only=false&alarm=13",
        "/search/?q=zzzz",
        "/search/?q=a",
        "/search/?q=war",
        "/search/?q=a&page=50&order=newest",
        "/on-this-day/",
        "/on-this-day/01-01/",
        "/on-this-day/02-29/",
        "/on-this-day/01-01/?after=0.1&year=2027",
        "/anniversaries/",
        "/anniversaries/?from=2026-12-15&to=2027-12-14",
        "/anniversaries/?from=2026-12-15&to=2027-12-14&page=100",
        f"/anniversaries/?milestones=on&tag={s['tag']}&actor={s['actor']}",
        f"/anniversaries/?timeline={big}&from=2026-12-15&to=2027-12-14",
        "/timelines/",
        "/timelines/?page=4",
        "/map/",
        f"/map/?tag={s['tag']}&from=1900&to=2000",
        "/api/geo/events/?page_size=2000",
        f"/api/geo/events/?page_size=2000&{facets}",
        "/api/geo/events/?page_size=2000&q=a",
        "/api/geo/events/?page_size=2000&cursor=0.1",
        "/analysis/proximity/",
        f"/analysis/proximity/?events_tag={s['tag']}&anchors_tag={s['rare_tag']}&window=60",
        "/feeds/anniversaries.atom",
        "/feeds/events.atom",
        "/subscribe/all/",
        f"/subscribe/event/{s['event']}/",
        f"/exports/events.csv?tag={s['rare_tag']}",
        "/api/events/?page_size=200",
        "/api/events/?q=zzzz",
        "/api/events/?q=a&page_size=200",
        f"/api/events/?{facets}&after=-3000&before=2030&ordering=-date&page_size=200",
        f"/api/events/?timeline={big}&page_size=200&ordering=-date",
        f"/api/events/{s['event']}/",
        "/api/sources/?page_size=200&q=zzzz",
        "/api/actors/?page_size=200&q=a",
        "/api/places/?page_size=200",
        "/api/places/?page_size=200&q=a",
        "/api/tags/?page_size=200",
        "/api/timelines/?page_size=50",
        f"/api/timelines/{big}/",
        f"/api/timelines/{big}/timelinejs/",
        f"/api/anniversaries/?{window}&page_size=200",
        f"/api/anniversaries/?{window}&page_size=200&page=50",
        f"/api/anniversaries/?{window}&milestones_only=true&page_size=200",
        "/api/anniversaries/?date=2027-01-01&page_size=200",
        "/api/on-this-day/01-01/?page_size=200",
        f"/api/analysis/proximity/?events_tag={s['tag']}&anchors_tag={s['rare_tag']}&window=60",
        "/api/schema/",
        "/api/docs/",
        "/healthz",
    ]


def measure(client, url: str, runs: int) -> tuple[float, int, int]:
    """Median milliseconds from a cold cache, bytes, and the status."""
    from django.core.cache import caches

    times, size, status = [], 0, 0
    for _ in range(runs):
        for cache in caches.all():
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        times.append((time.perf_counter() - started) * 1000)
        size, status = len(body), response.status_code
    return statistics.median(times), size, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--name", default="annals_bench_surface")
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"  # the app's routes and baselines
    ensure_dataset(args.name, args.events)
    from django.conf import settings
    from django.test import Client
    from rest_framework.throttling import SimpleRateThrottle

    build_extras()
    slugs = worst_slugs()
    # Throttles are measured elsewhere (tests/gateway/test_throttles.py); here every request runs.
    SimpleRateThrottle.THROTTLE_RATES = dict.fromkeys(
        SimpleRateThrottle.THROTTLE_RATES, "1000000/s"
    )
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.get("/bench/plain-rows/")  # the connection, the templates
    baseline, _, _ = measure(client, "/bench/plain-rows/", args.runs)
    rows = [(url, *measure(client, url, args.runs)) for url in urls(slugs)]
    rows.sort(key=lambda row: -row[1])
    print(f"\nbaseline (200 plain rows in a bare template): {baseline:.1f} ms\n")
    print(f"{'ms':>8} {'× base':>7} {'bytes':>10} status  url")
    failed = []
    for url, ms, size, status in rows:
        path = url.split("?")[0]
        slow_ok = path.startswith(EXEMPT_TIME) or path.endswith(EXEMPT_TIME)
        big_ok = path.startswith(EXEMPT_SIZE)
        over = (ms > TARGET_MS and not slow_ok) or (size > TARGET_BYTES and not big_ok)
        bad = status >= 500 or over
        mark = "  OVER" if over else ("  (throttled)" if slow_ok and ms > TARGET_MS else "")
        print(f"{ms:8.1f} {ms / baseline:7.1f} {size:10,} {status:6}  {url}{mark}")
        if bad:
            failed.append(url)
    slowest = rows[0]
    print(f"\nslowest: {slowest[0]} in {slowest[1]:.0f} ms ({slowest[1] / baseline:.1f}× baseline)")
    print(
        f"{len(rows) - len(failed)} of {len(rows)} within {TARGET_MS} ms and 1 MB "
        "(throttled exports and calendar files: by their rate)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
