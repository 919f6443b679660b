"""Every Celery task of the reminder pipeline, by name ("reminders.<name>"), and the names
they had before the reminders were an app of their own ("timeline.tasks.<name>"), under
which messages may still wait in the broker: each old name runs the same work, with the
same options.

Each task is thin (ids in, a service called) and defined beside the service it calls,
so that a stage may enqueue the next one (subscribing sends a confirmation; dispatch
hands deliveries to the senders) without importing this module back. Celery finds
them all through this module.
"""

from celery import shared_task

from timeline.reminders import planner, sending, subscriptions
from timeline.reminders.planner import plan_reminders_task as plan_reminders
from timeline.reminders.sending import send_confirmation_task as send_confirmation
from timeline.reminders.sending import send_emails_task as send_emails
from timeline.reminders.sending import send_webhook_task as send_webhook
from timeline.reminders.sending import send_webhooks_task as send_webhooks
from timeline.reminders.subscriptions import expire_subscriptions_task as expire_subscriptions

__all__ = [
    "expire_subscriptions",
    "plan_reminders",
    "send_confirmation",
    "send_emails",
    "send_webhook",
    "send_webhooks",
]

OLD_PREFIX = "timeline.tasks."


@shared_task(name=f"{OLD_PREFIX}plan_reminders")
def _plan_reminders() -> None:
    planner.plan_reminders_task.run()


@shared_task(name=f"{OLD_PREFIX}expire_subscriptions")
def _expire_subscriptions() -> int:
    return subscriptions.expire_subscriptions_task.run()


@shared_task(name=f"{OLD_PREFIX}send_emails", acks_late=True, **sending.EMAIL_LIMITS)
def _send_emails(delivery_ids: list[int]) -> int:
    return sending.send_email_batch(delivery_ids)


@shared_task(name=f"{OLD_PREFIX}send_webhook", acks_late=True, **sending.WEBHOOK_LIMITS)
def _send_webhook(delivery_id: int) -> int:
    return sending.send_webhooks([delivery_id])


@shared_task(name=f"{OLD_PREFIX}send_webhooks", acks_late=True, **sending.WEBHOOK_LIMITS)
def _send_webhooks(delivery_ids: list[int]) -> int:
    return sending.send_webhooks(delivery_ids)


@shared_task(name=f"{OLD_PREFIX}send_confirmation", **sending.CONFIRMATION_OPTIONS)
def _send_confirmation(subscription_id: int) -> None:
    sending.send_confirmation(subscription_id)
