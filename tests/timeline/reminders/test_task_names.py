"""The reminder tasks keep the names they were queued under before the package moved
("timeline.tasks.*"): messages already in Redis and the beat schedule still resolve."""

from django.conf import settings

from config.celery_app import app

NAMES = {
    "timeline.tasks.plan_reminders",
    "timeline.tasks.send_emails",
    "timeline.tasks.send_webhook",
    "timeline.tasks.send_confirmation",
    "timeline.tasks.expire_subscriptions",
}


def registered() -> set[str]:
    app.loader.import_default_modules()  # what a worker does when it starts
    return set(app.tasks)


def test_every_reminder_task_answers_to_its_old_name():
    assert registered() >= NAMES


def test_every_scheduled_task_is_registered():
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= registered()


def test_the_names_lead_to_the_reminder_package():
    registered()
    assert app.tasks["timeline.tasks.send_webhook"].__module__ == "timeline.reminders.sending"
    assert app.tasks["timeline.tasks.plan_reminders"].__module__ == "timeline.reminders.planner"
