"""Faults reminders survive, with real parts: a Celery worker process, a private Redis
(stopped and started by the test), PostgreSQL, an SMTP server and an HTTP receiver.

These run in the PostgreSQL pass; the worker reads the test database, so the tests
commit (transactional db).
"""

import itertools
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from config.celery_app import app as celery_app
from tests.factories import EventFactory, due_now
from tests.servers import CeleryWorker, PrivateRedis, wait_until
from timeline.reminders import dispatch, planner
from timeline.reminders.models import Delivery, PlannerState, Subscription
from timeline.reminders.subscriptions import subscription_create

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="the worker drills run in the PostgreSQL pass"
    ),
]

FAST = {
    "ANNALS_RETRY_BASE_SECONDS": 1,
    "ANNALS_RETRY_CAP_SECONDS": 2,
    "ANNALS_CLAIM_TIMEOUT_SECONDS": 3,
    "ANNALS_REMINDER_MAX_ATTEMPTS": 3,
    "ANNALS_WEBHOOK_TIMEOUT": 1,
    "ANNALS_PLANNER_EVERY_SECONDS": 60,
}


def _use_broker(url: str) -> None:
    """Point this process's Celery app at `url`, dropping pooled connections."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis():
    server = PrivateRedis().start()
    previous = celery_app.conf.broker_url
    _use_broker(server.url)
    yield server
    server.stop()
    _use_broker(previous)


@pytest.fixture
def worker_env(redis, smtp, settings, tmp_path):
    for name, value in FAST.items():
        setattr(settings, name, value)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        "DATABASE_URL": url,
        "REDIS_URL": redis.url,
        "SECRET_KEY": "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "false",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "ANNALS_WEBHOOK_ALLOW_PRIVATE": "true",
        "ANNALS_VAR_DIR": str(tmp_path),
        **{name: str(value) for name, value in FAST.items()},
    }


@pytest.fixture
def worker(worker_env, tmp_path):
    process = CeleryWorker(worker_env, tmp_path / "worker.log").start()
    yield process
    process.stop()


def beat_until(condition, timeout=40):
    """Run the planner's dispatch every half second, as the beat would, until done."""

    def tick():
        dispatch.dispatch_due()
        return condition()

    return wait_until(tick, timeout, 0.5)


def statuses():
    return sorted(Delivery.objects.values_list("status", flat=True))


def test_two_planners_at_once_send_each_reminder_once(worker, smtp):
    due_now(count=12)
    reports = []

    def run():
        try:
            reports.append(planner.plan_reminders())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.created for r in reports) == 12
    beat_until(lambda: len(smtp.messages) >= 12)
    time.sleep(2)  # anything doubled would arrive now
    assert len(smtp.messages) == 12
    assert statuses() == ["sent"] * 12
    assert planner.plan_reminders().created == 0


def test_a_worker_killed_mid_send_still_delivers_once_more_at_most(
    worker, worker_env, smtp, tmp_path
):
    due_now()
    smtp.hold.clear()  # the SMTP server keeps the worker waiting in DATA
    planner.plan_reminders()
    wait_until(smtp.holding.is_set, 30, message="the worker never reached the SMTP server")
    worker.kill()
    smtp.hold.set()
    replacement = CeleryWorker(worker_env, tmp_path / "worker2.log").start()
    try:
        beat_until(lambda: statuses() == ["sent"])  # after the claim timeout, retried
    finally:
        replacement.stop()
    delivery = Delivery.objects.get()
    assert len(smtp.messages) in (1, 2)  # at most one duplicate ...
    assert delivery.attempts == 2  # ... and it is recorded
    log = list(delivery.log.all())
    assert "worker stopped" in log[0].error and log[-1].ok


def test_redis_down_when_the_planner_runs(worker, redis, smtp):
    due_now()
    redis.stop()
    report = planner.plan_reminders()
    assert report.created == 1 and report.errors  # recorded, but not handed over
    assert statuses() == ["pending"]
    assert Delivery.objects.get().enqueued_at is None
    redis.start()
    beat_until(lambda: len(smtp.messages) == 1, timeout=60)
    time.sleep(1)
    assert len(smtp.messages) == 1 and statuses() == ["sent"]


def test_after_the_scheduler_was_down_three_days_missed_reminders_go_once_late(worker, smtp):
    due_now(lead_days=(0,))
    # Three more days of send times that nobody planned.
    for back in (1, 2, 3):
        day = (timezone.now() - timedelta(minutes=30) - timedelta(days=back)).date()
        EventFactory(date=f"1960-{day.month:02d}-{day.day:02d}")
    PlannerState.objects.update(planned_until=timezone.now() - timedelta(days=3, hours=1))
    report = planner.plan_reminders()
    assert report.created == 4 and report.late >= 3
    beat_until(lambda: len(smtp.messages) == 4)
    assert planner.plan_reminders().created == 0
    time.sleep(1)
    assert len(smtp.messages) == 4
    late = [
        m for m in smtp.messages if "This reminder is late" in m.get_body(("plain",)).get_content()
    ]
    assert len(late) >= 3


def test_smtp_down_is_retried_by_the_worker_not_lost(worker, smtp):
    due_now()
    smtp.stop()
    planner.plan_reminders()
    wait_until(lambda: Delivery.objects.filter(attempts__gte=1).exists(), 30)
    assert statuses() == ["pending"]
    smtp.start()
    beat_until(lambda: statuses() == ["sent"])
    assert len(smtp.messages) == 1


def test_a_failing_webhook_is_retried_with_backoff_then_failed(worker, receiver, editor):
    moment = timezone.now() - timedelta(minutes=30)
    EventFactory(date=f"1953-{moment.month:02d}-{moment.day:02d}")
    PlannerState.objects.update_or_create(
        pk=1, defaults={"planned_until": moment - timedelta(minutes=5)}
    )
    subscription_create(
        target="all",
        webhook_url=receiver.url,
        user=editor,
        lead_days=[0],
        timezone_name="UTC",
        send_time=moment.time().replace(microsecond=0),
    )
    receiver.status = 500
    planner.plan_reminders()
    beat_until(lambda: statuses() == ["failed"])
    delivery = Delivery.objects.get()
    assert delivery.attempts == 3 and len(receiver.requests) == 3
    assert {r["headers"]["webhook-id"] for r in receiver.requests} == {delivery.message_id}
    times = [a.at for a in delivery.log.all()]
    assert all(later > earlier for earlier, later in itertools.pairwise(times))


def test_a_rolled_back_transaction_sends_nothing(worker, smtp, tmp_path):
    due_now()
    with pytest.raises(RuntimeError), transaction.atomic():
        planner.plan_reminders()
        subscription_create(target="all", email="late@example.org")
        raise RuntimeError("something after planning failed")
    time.sleep(3)
    assert smtp.messages == [] and not Delivery.objects.exists()
    assert not Subscription.objects.filter(email="late@example.org").exists()
    worker_log = (tmp_path / "worker.log").read_text()
    assert "received" not in worker_log  # no task reached the worker


@pytest.mark.parametrize(
    ("zone", "first", "last"),
    [
        ("Europe/London", "2027-03-27", "2027-03-29"),  # clocks go forward on the 28th
        ("America/New_York", "2027-11-06", "2027-11-08"),  # and back on the 7th
    ],
)
def test_daylight_saving_days_send_one_reminder_per_local_day(
    worker, smtp, zone, first, last, settings
):
    from datetime import UTC, date, datetime, time
    from zoneinfo import ZoneInfo

    start, end = date.fromisoformat(first), date.fromisoformat(last)
    day = start
    while day <= end:
        EventFactory(date=f"1990-{day.month:02d}-{day.day:02d}")
        day += timedelta(days=1)
    Subscription.objects.create(
        target="all",
        email="dst@example.org",
        lead_days=[0],
        timezone=zone,
        send_time=time(9, 0),
        confirmed_at=timezone.now(),
    )
    tz = ZoneInfo(zone)
    moment = datetime.combine(start, time(0), tzinfo=tz).astimezone(UTC)
    PlannerState.objects.update_or_create(pk=1, defaults={"planned_until": moment})
    settings.ANNALS_REMINDER_SKIP_LATE_DAYS = 5000
    stop = datetime.combine(end, time(23), tzinfo=tz).astimezone(UTC)
    while moment < stop:  # an hourly beat, as of those days
        moment += timedelta(hours=1)
        planner.plan_reminders(moment)
    beat_until(lambda: len(smtp.messages) == 3)
    sent = sorted(Delivery.objects.values_list("due_at", flat=True))
    assert [d.astimezone(tz).time() for d in sent] == [time(9, 0)] * 3
    assert [d.astimezone(tz).date() for d in sent] == [start, start + timedelta(days=1), end]


def test_29_february_is_reminded_once_a_year_through_the_worker(worker, smtp, settings):
    from datetime import UTC, date, datetime

    settings.ANNALS_REMINDER_SKIP_LATE_DAYS = 5000
    EventFactory(slug="leap", date="1896-02-29")
    Subscription.objects.create(
        target="all",
        email="leap@example.org",
        lead_days=[0],
        timezone="UTC",
        confirmed_at=timezone.now(),
    )
    PlannerState.objects.update_or_create(
        pk=1, defaults={"planned_until": datetime(2027, 1, 1, tzinfo=UTC)}
    )
    planner.plan_reminders(datetime(2029, 12, 31, tzinfo=UTC))
    beat_until(lambda: len(smtp.messages) == 3)
    assert sorted(Delivery.objects.values_list("occurs_on", flat=True)) == [
        date(2027, 2, 28),
        date(2028, 2, 29),
        date(2029, 2, 28),
    ]


def test_a_receiver_that_never_answers_delays_nobody_else(worker_env, smtp, tmp_path, receiver):
    """An editor's webhook for everything points at an address that accepts and never
    answers. Its deliveries are tried a few times (the circuit), then wait without
    spending attempts; every other subscriber's email and webhook arrives meanwhile."""
    from django.contrib.auth import get_user_model

    from tests.servers import HostileReceiver
    from timeline.reminders.models import Endpoint

    dead = HostileReceiver("silent")
    env = {**worker_env, "ANNALS_WEBHOOK_CIRCUIT_FAILURES": "3"}
    owner = get_user_model().objects.create(username="hooks", email="hooks@example.org")
    subscriptions = due_now(count=3)
    # Thirty more events on the day due_now made due: thirty reminders for the dead
    # endpoint, and as many for the email and the good webhook.
    day = (timezone.now() - timedelta(minutes=30)).date()
    for n in range(30):
        year = 1904 + 4 * n  # leap years, in case the day is 29 February
        EventFactory(date=f"{year}-{day.month:02d}-{day.day:02d}")
    Subscription.objects.filter(pk=subscriptions[1].pk).update(
        channel="webhook", webhook_url=dead.url, user=owner, webhook_secret="whsec_QUJD"
    )
    Subscription.objects.filter(pk=subscriptions[2].pk).update(
        channel="webhook", webhook_url=receiver.url, user=owner, webhook_secret="whsec_QUJD"
    )
    planner.plan_reminders(dispatch=False)
    dead_ids = list(
        Delivery.objects.filter(subscription_id=subscriptions[1].pk).values_list("pk", flat=True)
    )
    process = CeleryWorker(env, tmp_path / "worker.log", options=("--concurrency=2",)).start()
    try:
        started = time.monotonic()
        beat_until(lambda: smtp.messages and receiver.requests, timeout=30)
        reached = time.monotonic() - started
        # The others did not wait for thirty one-second deadlines, one after another.
        assert reached < 10, reached
        wait_until(
            lambda: (
                Endpoint.objects.filter(origin__endswith=f":{dead.port}", failures__gte=3)
                .exclude(open_until=None)
                .exists()
            ),
            30,
        )
        time.sleep(2)
        assert dead.connections <= 4  # the circuit's three, and at most one in flight
        waiting = Delivery.objects.filter(pk__in=dead_ids, status="pending", attempts=0)
        assert waiting.count() >= len(dead_ids) - 4
    finally:
        process.stop()
        dead.stop()
