"""Celery tasks: thin, taking ids, safe to run twice (sending claims first).

The sending tasks have time limits: soft (SoftTimeLimitExceeded is raised in the task,
and the claimed deliveries are retried once their claim times out) and hard (the worker
process is replaced). A webhook's own deadline (ANNALS_WEBHOOK_TIMEOUT) comes well
before either.
"""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from timeline import planner, sending, subscriptions

WEBHOOK_LIMITS = {"soft_time_limit": settings.ANNALS_WEBHOOK_TIMEOUT + 25,
                  "time_limit": settings.ANNALS_WEBHOOK_TIMEOUT + 40}
# A batch is ANNALS_EMAIL_BATCH_SIZE messages over one SMTP connection.
EMAIL_LIMITS = {"soft_time_limit": 300, "time_limit": 360}


@shared_task
def plan_reminders() -> None:
    report = planner.plan_reminders()
    if report.errors:
        # Deliveries are recorded; the next run enqueues what the broker refused.
        raise RuntimeError("; ".join(report.errors[:3]))


@shared_task(acks_late=True, **EMAIL_LIMITS)
def send_emails(delivery_ids: list[int]) -> int:
    return sending.send_email_batch(delivery_ids)


@shared_task(acks_late=True, **WEBHOOK_LIMITS)
def send_webhook(delivery_id: int) -> bool:
    return sending.send_webhook(delivery_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5,
             soft_time_limit=60, time_limit=90)
def send_confirmation(subscription_id: int) -> None:
    sending.send_confirmation(subscription_id)


@shared_task
def expire_subscriptions() -> int:
    return subscriptions.subscriptions_expire(timezone.now())
