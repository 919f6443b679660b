"""Reminder fan-out: N subscriptions due at one send time, planned and sent through a
real Celery worker and an SMTP sink, against a no-op Celery task's throughput measured
in the same run with the same worker.

    .venv/bin/python bench/reminders_fanout.py [--subscriptions 100000] [--noop 20000]

Prints deliveries per second, no-op tasks per second, their ratio (target >= 0.5) and
SMTP connections per 100 emails (target <= 1). Needs PostgreSQL on 127.0.0.1:5432
(BENCH_POSTGRES to change) and redis-server on the PATH; it starts its own Redis.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from setup import Progress, fresh_database, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--noop", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()

    from tests.servers import CeleryWorker, PrivateRedis, SMTPSink

    redis_server = PrivateRedis().start()
    smtp = SMTPSink().start()
    database_url = fresh_database("annals_bench_fanout")
    env = {
        "REDIS_URL": redis_server.url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "ANNALS_EMAIL_BATCH_SIZE": "100",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
    setup_django(database_url, **env)

    import redis
    from django.db import connection

    from bench.tasks import noop
    from events.models import Event
    from timeline.reminders.models import Delivery, PlannerState, Subscription
    from timeline.reminders.planner import plan_reminders

    log_dir = Path(tempfile.mkdtemp(prefix="annals-bench-"))
    worker = CeleryWorker(
        {
            **env,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DEBUG": "false",
        },
        log_dir / "worker.log",
        options=(
            f"--concurrency={args.concurrency}",
            "--pool=prefork",
            "-O",
            "fair",
            "-I",
            "bench.tasks",
        ),
    ).start()
    counter = redis.Redis.from_url(redis_server.url)
    try:
        print(f"Baseline: {args.noop:,} no-op tasks through the same worker")
        counter.delete("bench:noop")
        progress = Progress("no-op tasks", args.noop)
        for _ in range(args.noop):
            noop.delay()
        while (done := int(counter.get("bench:noop") or 0)) < args.noop:
            progress.update(done)
            time.sleep(0.2)
        noop_rate = args.noop / progress.finish()

        print(f"Fan-out: {args.subscriptions:,} subscriptions due at one send time")
        Event.objects.create(
            title="Korean War Armistice Agreement",
            slug="armistice",
            date="1953-07-27",
            kind="signing",
            status="published",
        )
        progress = Progress("subscriptions created", args.subscriptions)
        confirmed = datetime(2026, 1, 1, tzinfo=UTC)
        for start in range(0, args.subscriptions, 10_000):
            Subscription.objects.bulk_create(
                Subscription(
                    target="all",
                    email=f"reader{n}@example.org",
                    lead_days=[0],
                    timezone="UTC",
                    confirmed_at=confirmed,
                )
                for n in range(start, min(start + 10_000, args.subscriptions))
            )
            progress.update(min(start + 10_000, args.subscriptions))
        progress.finish()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        PlannerState.objects.update_or_create(
            pk=1, defaults={"planned_until": datetime(2028, 7, 27, 8, 55, tzinfo=UTC)}
        )

        started = time.monotonic()
        report = plan_reminders(datetime(2028, 7, 27, 9, 0, tzinfo=UTC))
        planned = time.monotonic() - started
        print(
            f"  planned {report.created:,} deliveries and enqueued {report.enqueued:,} "
            f"in {planned:.1f}s"
        )
        progress = Progress("deliveries sent", report.created)
        progress.started = started
        sent_query = Delivery.objects.filter(status=Delivery.Status.SENT)
        while (sent := sent_query.count()) < report.created:
            progress.update(sent)
            time.sleep(1)
        elapsed = progress.finish()
        delivery_rate = report.created / elapsed
        sending_rate = report.created / (elapsed - planned)
    finally:
        worker.stop()
        smtp.stop()
        redis_server.stop()

    per_100 = smtp.connections / (len(smtp.raw) / 100) if smtp.messages else 0
    print()
    print(f"no-op tasks/s          {noop_rate:10,.0f}")
    print(
        f"deliveries/s           {delivery_rate:10,.0f}   (end to end: planning "
        f"{planned:.1f}s included)"
    )
    print(f"  of which sending     {sending_rate:10,.0f}")
    print(f"ratio                  {delivery_rate / noop_rate:10.2f}   (target >= 0.5)")
    print(f"  sending only         {sending_rate / noop_rate:10.2f}")
    print(f"emails received        {len(smtp.raw):10,}")
    print(f"SMTP connections/100   {per_100:10.2f}   (target <= 1)")


if __name__ == "__main__":
    main()
