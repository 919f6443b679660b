"""Search at a million events: the reader's /search/ and the API's ?q=, for a word in
none of them and for words in a few, in many and in most, against the scan they replaced
(an ILIKE over every title and summary), in the same run on the same database. Prints each
median and its ratio to the scan; fails when a search takes over 100 ms.

    .venv/bin/python bench/search.py [--events 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from generate import ensure_dataset

TARGET_MS = 100


def timed(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--name", default="annals_bench_surface")
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    ensure_dataset(args.name, args.events)
    from django.conf import settings
    from django.core.cache import caches
    from django.db.models import Q
    from django.test import Client
    from rest_framework.throttling import SimpleRateThrottle

    from events.models import Event

    SimpleRateThrottle.THROTTLE_RATES = dict.fromkeys(
        SimpleRateThrottle.THROTTLE_RATES, "1000000/s"
    )
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()

    def get(url: str):
        def run():
            for cache in caches.all():
                cache.clear()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    def scan(word: str):
        # What search was: every title and summary read for the word, and a first page.
        def run():
            found = Event.objects.published().filter(
                Q(title__icontains=word) | Q(summary__icontains=word)
            )
            found.count()
            list(found.order_by("sort_day", "pk")[:20])

        return run

    get("/search/?q=warm")()
    baseline = timed(scan("zzzz"), max(1, args.runs // 2))
    cases = [
        ("/search/?q=zzzz", "a word in none"),
        ("/api/events/?q=zzzz", "a word in none (API)"),
        ("/search/?q=treaty", "a word in a few"),
        ("/search/?q=war", "a word in many"),
        ("/search/?q=a", "a word in most"),
        ("/api/events/?q=a&page_size=200", "a word in most (API, 200 a page)"),
        ("/search/?q=%EC%87%BC%EC%9D%B4%EA%B5%AC", "Korean, in none"),
    ]
    print(
        "\nscan baseline (ILIKE over every title and summary, count and a page): "
        f"{baseline:.0f} ms\n"
    )
    print(f"{'ms':>8} {'× scan':>8}  url")
    over = []
    for url, what in cases:
        ms = timed(get(url), args.runs)
        print(f"{ms:8.1f} {ms / baseline:8.3f}  {url}  ({what})")
        if ms > TARGET_MS:
            over.append(url)
    print(f"\n{len(cases) - len(over)} of {len(cases)} under {TARGET_MS} ms")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
