"""The reminder tasks have names of their app ("reminders.*"), and still answer to those
they were queued under before the reminders were an app of their own ("timeline.tasks.*"):
messages already in Redis run the same work, with the same limits."""

from django.conf import settings

from config.celery_app import app

TASKS = [
    "plan_reminders",
    "send_emails",
    "send_webhook",
    "send_webhooks",
    "send_confirmation",
    "expire_subscriptions",
]


def registered() -> set[str]:
    app.loader.import_default_modules()  # what a worker does when it starts
    return set(app.tasks)


def test_every_reminder_task_has_its_name_and_its_old_one():
    names = registered()
    for task in TASKS:
        assert f"reminders.{task}" in names and f"timeline.tasks.{task}" in names, task


def test_an_old_name_keeps_the_new_ones_limits_and_queue():
    registered()
    for task in TASKS:
        new, old = app.tasks[f"reminders.{task}"], app.tasks[f"timeline.tasks.{task}"]
        assert (old.soft_time_limit, old.time_limit, old.acks_late) == (
            new.soft_time_limit,
            new.time_limit,
            new.acks_late,
        ), task
        route = settings.CELERY_TASK_ROUTES.get(new.name)
        assert settings.CELERY_TASK_ROUTES.get(old.name) == route, task


def test_every_scheduled_task_is_registered_under_its_apps_name():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= registered()
    assert not any(name.startswith("timeline.tasks.") for name in scheduled)


def test_an_old_name_runs_the_same_work(seeded, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from timeline.reminders.models import Subscription

    Subscription.objects.create(
        target="all",
        email="old@example.org",
        timezone="UTC",
    )
    Subscription.objects.update(created_at=timezone.now() - timedelta(days=30))
    deleted = app.tasks["timeline.tasks.expire_subscriptions"].apply().get()
    assert deleted == 1 and not Subscription.objects.exists()
