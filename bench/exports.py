"""Whole exports: /exports/events.csv and .jsonl (every published event with its place,
tags, actors and citations, streamed) against a baseline that streams the events table
alone through csv.writer from a server-side cursor, in the same process and database.

    .venv/bin/python bench/exports.py [--events 100000] [--sqlite]

Prints rows per second for each, medians of three alternating rounds (target for the
exports: >= 20,000 rows/s), their ratio,
and the peak Python memory (tracemalloc) while streaming a tenth of the rows and all of
them: flat memory means the two peaks are about the same.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import time
import tracemalloc

from generate import ensure_dataset

ROUNDS = 3


def consume(pieces) -> tuple[int, int]:
    """Read a streamed body as a client would; (lines, bytes)."""
    lines = size = 0
    for piece in pieces:
        data = piece if isinstance(piece, bytes) else piece.encode()
        lines += data.count(b"\n")
        size += len(data)
    return lines, size


def baseline():
    from events.models import Event

    columns = ["external_id", "slug", "title", "summary", "body", "date", "kind", "status"]
    events = Event.objects.published().order_by("sort_day", "pk").values_list(*columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in events.iterator(chunk_size=2000):
        writer.writerow(row)
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def annals(fmt: str):
    from django.test import Client

    response = Client().get(f"/exports/events.{fmt}")
    assert response.status_code == 200, response.status_code
    return response.streaming_content


def measure(label: str, make) -> dict:
    started = time.perf_counter()
    lines, size = consume(make())
    seconds = time.perf_counter() - started
    rows = lines - (0 if label == "jsonl" else 1)  # CSV has a header
    print(
        f"  {label:>9}: {rows:,} rows, {size / 1e6:,.1f} MB in {seconds:.2f}s = "
        f"{rows / seconds:,.0f} rows/s",
        flush=True,
    )
    return {"rows": rows, "rate": rows / seconds}


def peak_memory(make) -> int:
    """Python's peak allocation while streaming (tracemalloc slows it: a separate pass)."""
    tracemalloc.start()
    consume(make())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--sqlite", action="store_true", help="the embedded default")
    args = parser.parse_args()
    vendor = "sqlite" if args.sqlite else "postgresql"
    ensure_dataset("annals_bench_events", args.events, vendor)
    from django.conf import settings
    from rest_framework.throttling import SimpleRateThrottle

    settings.ALLOWED_HOSTS = ["testserver"]
    SimpleRateThrottle.THROTTLE_RATES = {
        **SimpleRateThrottle.THROTTLE_RATES,
        "export": "100000/hour",
    }
    from events.models import Event

    published = Event.objects.published().count()
    print(f"Exporting {published:,} published events ({vendor})")
    # Alternating rounds, medians: this machine's speed drifts by a fifth within minutes.
    rounds: dict[str, list[dict]] = {"baseline": [], "csv": [], "jsonl": []}
    for _ in range(ROUNDS):
        for label, make in (
            ("baseline", baseline),
            ("csv", lambda: annals("csv")),
            ("jsonl", lambda: annals("jsonl")),
        ):
            rounds[label].append(measure(label, make))
    results = {
        label: {"rows": found[0]["rows"], "rate": statistics.median(r["rate"] for r in found)}
        for label, found in rounds.items()
    }
    import events.exchange.views as views

    original = views._rows

    def tenth(request):
        from itertools import islice

        return islice(original(request), published // 10)

    views._rows = tenth
    small = peak_memory(lambda: annals("csv"))
    views._rows = original
    whole = peak_memory(lambda: annals("csv"))
    for label in ("csv", "jsonl"):
        assert results[label]["rows"] == published, (label, results[label]["rows"])
        ratio = results[label]["rate"] / results["baseline"]["rate"]
        print(
            f"{label}: median {results[label]['rate']:,.0f} rows/s (target >= 20,000), "
            f"{ratio:.2f} of the baseline's {results['baseline']['rate']:,.0f}"
        )
    print(
        f"peak memory (CSV): {small / 1e6:.1f} MB for a tenth of the rows, "
        f"{whole / 1e6:.1f} MB for all (ratio {whole / max(small, 1):.2f}; flat is ~1)"
    )


if __name__ == "__main__":
    main()
