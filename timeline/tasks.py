"""Celery tasks: thin, taking ids, safe to run twice (sending claims first)."""

from celery import shared_task

from timeline import planner, sending


@shared_task
def plan_reminders() -> None:
    report = planner.plan_reminders()
    if report.errors:
        # Deliveries are recorded; the next run enqueues what the broker refused.
        raise RuntimeError("; ".join(report.errors[:3]))


@shared_task(acks_late=True)
def send_emails(delivery_ids: list[int]) -> int:
    return sending.send_email_batch(delivery_ids)


@shared_task(acks_late=True)
def send_webhook(delivery_id: int) -> bool:
    return sending.send_webhook(delivery_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_confirmation(subscription_id: int) -> None:
    sending.send_confirmation(subscription_id)
