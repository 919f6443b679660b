"""Benchmark data: N events (1,000 to 1,000,000) with a realistic mix of precisions, BCE
years, 29 February, places, actors, sources and tags, plus M subscriptions. Streams in
chunks, so memory stays flat in N; shows progress.

    .venv/bin/python bench/generate.py --events 100000 --subscriptions 1000 [--sqlite]
    .venv/bin/python bench/generate.py --events 1000000 --jsonl var/bench/events.jsonl

With --jsonl it writes the rows as Annals' JSON Lines import format instead (no database).
The other benchmarks call `ensure_dataset`, which builds a database once and reuses it.
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
from collections.abc import Iterator
from pathlib import Path

from setup import ROOT, Progress, fresh_database, setup_django

CHUNK = 5000
PLACES, TAGS, ACTORS, SOURCES = 500, 60, 2000, 5000
KINDS = [
    "signing",
    "visit",
    "parade",
    "missile_test",
    "meeting",
    "war",
    "celebration",
    "closure",
    "disaster",
    "election",
    "birth",
    "death",
    "other",
]
ZONES = [
    "UTC",
    "Europe/London",
    "Asia/Seoul",
    "Asia/Pyongyang",
    "America/New_York",
    "Asia/Tokyo",
    "Europe/Moscow",
    "Asia/Shanghai",
    "Africa/Cairo",
    "Australia/Sydney",
]


def _year(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.05:
        return rng.randint(-3000, 0)  # BCE, astronomical (0 is 1 BC)
    if roll < 0.15:
        return rng.randint(1, 999)
    return int(2025 - rng.expovariate(1 / 150)) if rng.random() < 0.8 else rng.randint(1000, 2025)


def _y(year: int) -> str:
    return f"{year:05d}" if year < 0 else f"{max(year, 0):04d}"


def _day(rng: random.Random, year: int) -> tuple[int, int]:
    if rng.random() < 0.004:  # 29 February, in a leap year
        while not calendar.isleap(year):
            year += 1
        return 2, 29
    month = rng.randint(1, 12)
    return month, rng.randint(1, calendar.monthrange(2001, month)[1])


def random_date(rng: random.Random) -> str:
    """An EDTF date: mostly days, then months, years, approximations, decades, ranges."""
    year = max(min(_year(rng), 2025), -3000)
    roll = rng.random()
    if roll < 0.80:
        month, day = _day(rng, year)
        if (month, day) == (2, 29):
            while not calendar.isleap(year):
                year += 1
        return f"{_y(year)}-{month:02d}-{day:02d}"
    if roll < 0.86:
        return f"{_y(year)}-{rng.randint(1, 12):02d}"
    if roll < 0.91:
        return _y(year)
    if roll < 0.93:
        return f"{_y(year)}~"
    if roll < 0.95:
        month, day = _day(rng, year)
        if (month, day) == (2, 29):
            month, day = 2, 28
        return f"{_y(year)}-{month:02d}-{day:02d}?"
    if roll < 0.96 and year >= 1000:
        return f"{str(year)[:3]}X"
    if roll < 0.98:
        month, day = _day(rng, year)
        if (month, day) == (2, 29):
            month, day = 2, 28
        end = min(year + rng.randint(0, 5), 2025)
        end_month, end_day = (12, 31) if end > year else (month, max(day, 28 if month == 2 else 30))
        return f"{_y(year)}-{month:02d}-{day:02d}/{_y(end)}-{end_month:02d}-{end_day:02d}"
    if roll < 0.99:
        return f"{_y(year)}-{rng.choice([21, 22, 23, 24])}"
    return f"{_y(year)}-{rng.randint(1, 12):02d}/.."


def rows(n: int, seed: int = 1953) -> Iterator[dict]:
    """N events in Annals' exchange format (what import_events reads), deterministic."""
    rng = random.Random(seed)
    for i in range(n):
        place = rng.randrange(PLACES) if rng.random() < 0.8 else None
        yield {
            "external_id": f"bench:{i}",
            "slug": f"bench-event-{i}",
            "title": f"{rng.choice(KINDS).replace('_', ' ').title()} number {i}",
            "summary": f"Generated event {i} for the benchmarks.",
            "body": "",
            "date": random_date(rng),
            "time": "",
            "timezone": "",
            "kind": rng.choice(KINDS),
            "status": "published" if rng.random() < 0.95 else "draft",
            "place": f"bench-place-{place}" if place is not None else "",
            "place_name": f"Place {place}" if place is not None else "",
            "place_country": "",
            "latitude": "",
            "longitude": "",
            "place_timezone": ZONES[place % len(ZONES)] if place is not None else "",
            "tags": [f"bench-tag-{t}" for t in rng.sample(range(TAGS), rng.randint(0, 3))],
            "actors": [
                {
                    "slug": f"bench-actor-{a}",
                    "name": f"Actor {a}",
                    "kind": "person",
                    "role": "participant",
                }
                for a in rng.sample(range(ACTORS), rng.randint(0, 2))
            ],
            "citations": [{"source": _source(rng.randrange(SOURCES)), "quote": "", "locator": ""}],
        }


def _source(k: int) -> dict:
    return {
        "title": f"Source {k}",
        "url": f"https://example.org/source/{k}",
        "publisher": "Bench Press",
        "published": "",
        "kind": "news",
        "language": "en",
    }


def load(n: int, subscriptions: int = 0, source: Iterator[dict] | None = None) -> None:
    """Write N events (and their links) and M subscriptions straight to the database with
    bulk_create: generated here, or read from `source` (rows of the same shape)."""
    from django.db import transaction

    from events import search
    from events.models import Actor, Citation, Event, Participation, Place, Source, Tag
    from timeline.reminders.models import Subscription

    with transaction.atomic():
        Place.objects.bulk_create(
            [
                Place(slug=f"bench-place-{k}", name=f"Place {k}", timezone=ZONES[k % len(ZONES)])
                for k in range(PLACES)
            ]
        )
        Tag.objects.bulk_create([Tag(slug=f"bench-tag-{k}", name=f"Tag {k}") for k in range(TAGS)])
        Actor.objects.bulk_create(
            [
                Actor(
                    slug=f"bench-actor-{k}",
                    name=f"Actor {k}",
                    kind="person",
                    search_key=f"actor {k}",
                )
                for k in range(ACTORS)
            ],
            batch_size=CHUNK,
        )
        Source.objects.bulk_create([Source(**_source(k)) for k in range(SOURCES)], batch_size=CHUNK)
    places = dict(Place.objects.values_list("slug", "id"))
    tags = dict(Tag.objects.values_list("slug", "id"))
    actors = dict(Actor.objects.values_list("slug", "id"))
    sources = dict(Source.objects.values_list("title", "id"))
    tag_link = Event.tags.through

    progress = Progress("events", n)
    chunk: list[dict] = []

    def flush(done: int) -> None:
        events = []
        for row in chunk:
            event = Event(
                external_id=row["external_id"],
                slug=row["slug"],
                title=row["title"],
                summary=row["summary"],
                date=row["date"],
                kind=row["kind"],
                status=row["status"],
                place_id=places.get(row["place"]),
            )
            event.apply_date()
            event.search_doc = search.document(
                [row["title"], row["summary"], *(a.get("name", "") for a in row["actors"])]
            )
            events.append(event)
        with transaction.atomic():
            Event.objects.bulk_create(events)  # ids come back on PostgreSQL and SQLite
            links, people, cites = [], [], []
            for event, row in zip(events, chunk, strict=True):
                links += [tag_link(event_id=event.pk, tag_id=tags[t]) for t in row["tags"]]
                people += [
                    Participation(event_id=event.pk, actor_id=actors[a["slug"]])
                    for a in row["actors"]
                ]
                cites += [
                    Citation(event_id=event.pk, source_id=sources[c["source"]["title"]])
                    for c in row["citations"]
                ]
            tag_link.objects.bulk_create(links)
            Participation.objects.bulk_create(people)
            Citation.objects.bulk_create(cites)
        chunk.clear()
        progress.update(done)

    for i, row in enumerate(source if source is not None else rows(n), 1):
        chunk.append(row)
        if len(chunk) == CHUNK:
            flush(i)
    if chunk:
        flush(i)
    progress.finish()

    if subscriptions:
        from django.utils import timezone

        now = timezone.now()
        Subscription.objects.bulk_create(
            [
                Subscription(
                    target="all", email=f"reader{k}@example.org", timezone="UTC", confirmed_at=now
                )
                for k in range(subscriptions)
            ],
            batch_size=CHUNK,
        )
        print(f"  subscriptions: {subscriptions:,}")
    from django.db import connection

    # Planner statistics and the visibility map, as autovacuum would leave them in time.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def ensure_dataset(
    name: str, events: int, vendor: str = "postgresql", subscriptions: int = 0
) -> str:
    """A database called `name` holding exactly the generated N events: built the first
    time, reused after (generating a million events takes minutes). Returns its URL, and
    leaves Django set up on it."""
    import os

    url = _existing(name, vendor)
    if vendor == "sqlite":
        os.environ["ANNALS_VAR_DIR"] = str(ROOT / "var" / name)
    if url is not None:
        setup_django(url)
        from events.models import Event

        if Event.objects.filter(external_id__startswith="bench:").count() == events:
            print(f"Reusing {name}: {events:,} events")
            return url
        from django.db import connections

        connections.close_all()
    url = fresh_database(name, vendor)
    if vendor == "sqlite":
        db = ROOT / "var" / name / "annals.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    setup_django(url)
    print(f"Generating {events:,} events into {name} ({vendor})")
    load(events, subscriptions)
    return url


def _existing(name: str, vendor: str) -> str | None:
    import os

    if vendor == "sqlite":
        return "" if (ROOT / "var" / name / "annals.sqlite3").exists() else None
    import psycopg

    server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return f"{server}/{name}" if found else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--subscriptions", type=int, default=0)
    parser.add_argument("--sqlite", action="store_true", help="the embedded default")
    parser.add_argument("--name", default="annals_bench")
    parser.add_argument("--jsonl", type=Path, help="write import rows here instead")
    args = parser.parse_args()
    if args.jsonl:
        args.jsonl.parent.mkdir(parents=True, exist_ok=True)
        progress = Progress("rows", args.events)
        with args.jsonl.open("w") as out:
            for i, row in enumerate(rows(args.events), 1):
                out.write(json.dumps(row) + "\n")
                if i % CHUNK == 0:
                    progress.update(i)
        progress.finish()
        return
    ensure_dataset(
        args.name, args.events, "sqlite" if args.sqlite else "postgresql", args.subscriptions
    )


if __name__ == "__main__":
    main()
