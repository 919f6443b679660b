"""The REST API under load: /api/events/ (a page of 50 with place, actors and citations)
and /api/anniversaries/, against minimal Django views reading the same rows with
.values(), all through the same gunicorn on the same database, loaded by wrk on loopback.

    .venv/bin/python bench/api_load.py [--events 1000000] [--seconds 15] [--workers 2]

Prints requests per second for each, the ratios (target: the list >= 0.5 of its
baseline) and the queries each request makes on two different pages (constant).
Needs `wrk` (Debian: apt-get install wrk) and PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import ensure_dataset

PAIRS = [
    ("events list", "/api/events/", "/bench/events/"),
    (
        "anniversaries of a day",
        "/api/anniversaries/?date=2026-07-27",
        "/bench/anniversaries/?date=2026-07-27",
    ),
]


def wrk(url: str, seconds: int, connections: int) -> float:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        import httpx

        sample = httpx.get(url)
        raise SystemExit(
            f"{url}: {errors[1]} error responses under load, e.g. "
            f"{sample.status_code} {sample.text[:300]}\n{out}"
        )
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])


def query_counts() -> dict[str, list[int]]:
    """Queries per request on two different pages of each endpoint: they must not grow."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    first = client.get("/api/events/").json()
    for label, urls in {
        "events list": ["/api/events/", first["next"]],
        "anniversaries of a day": [
            "/api/anniversaries/?date=2026-07-27",
            "/api/anniversaries/?date=2026-03-15",
        ],
    }.items():
        counts[label] = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            counts[label].append(len(queries))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")

    # Measure the work, not the limits (the throttles still count every request).
    os.environ["ANNALS_THROTTLE_ANON"] = os.environ["ANNALS_THROTTLE_USER"] = "1000000000/s"
    database_url = ensure_dataset("annals_bench_events", args.events)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    print("Queries per request (two different pages each):")
    for label, counts in query_counts().items():
        print(f"  {label}: {counts}" + ("" if len(set(counts)) == 1 else "  NOT CONSTANT"))

    from django.db import connections

    connections.close_all()
    from tests.servers import Program, free_port, http_ok

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path(tempfile.mkdtemp(prefix="annals-bench-")) / "gunicorn.log"
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "false",
        "ANNALS_HTTPS": "false",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "ANNALS_THROTTLE_ANON": "1000000000/s",
        "ANNALS_THROTTLE_USER": "1000000000/s",
    }
    server = Program(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
        ],
        env,
        log,
        ready=lambda: http_ok(f"{base}/healthz"),
    ).start(timeout=30)
    try:
        print(
            f"Under load: gunicorn, {args.workers} sync workers; wrk, {args.connections} "
            f"connections, {args.seconds}s a side a round (after a warm-up)"
        )
        for label, api, baseline in PAIRS:
            for url in (api, baseline):
                wrk(base + url, 2, args.connections)  # warm-up
            # Alternating rounds, medians: a noisy neighbour second hits both sides.
            rounds = [
                (
                    wrk(base + api, args.seconds, args.connections),
                    wrk(base + baseline, args.seconds, args.connections),
                )
                for _ in range(args.rounds)
            ]
            api_rps = statistics.median(a for a, _ in rounds)
            base_rps = statistics.median(b for _, b in rounds)
            print(
                f"  {label}: API {api_rps:,.0f} req/s, baseline {base_rps:,.0f} req/s, "
                f"ratio {api_rps / base_rps:.2f} (median of {args.rounds} alternating "
                f"rounds: {', '.join(f'{a / b:.2f}' for a, b in rounds)})"
            )
            time.sleep(1)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
