"""3. Dispatch: hand due deliveries to the workers (email in batches, webhooks in
batches per endpoint). It also takes back deliveries whose worker vanished mid-send, and offers the
broker again what it could not take before (a Redis outage leaves them pending in the
database)."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from timeline.reminders.models import Delivery, DeliveryAttempt, Subscription, origin_of
from timeline.reminders.sending import send_emails_task, send_webhooks_task

log = logging.getLogger(__name__)


def dispatch_due(now: datetime | None = None) -> tuple[int, list[str]]:
    """Enqueue due deliveries for the workers: email in batches, webhooks one by one.

    Returns (how many enqueued, broker errors). What the broker refuses stays pending
    and is offered again on the next run.
    """
    now = now or timezone.now()
    claim_timeout = timedelta(seconds=settings.ANNALS_CLAIM_TIMEOUT_SECONDS)
    # A worker that died mid-send never reported back: try again (at most one duplicate,
    # counted in `attempts`).
    # Workers stamp their claims with the real clock, so lost claims are judged by it
    # too, even when planning "as of" another moment.
    lost = list(
        Delivery.objects.filter(
            status=Delivery.Status.SENDING, claimed_at__lt=timezone.now() - claim_timeout
        ).values_list("pk", flat=True)
    )
    if lost:
        error = "The worker stopped before reporting (it may have sent); sending again."
        DeliveryAttempt.objects.bulk_create(
            DeliveryAttempt(delivery_id=pk, at=now, ok=False, error=error) for pk in lost
        )
        Delivery.objects.filter(pk__in=lost, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.PENDING, next_attempt_at=now, enqueued_at=None, last_error=error
        )
    requeue_after = timedelta(seconds=max(settings.ANNALS_PLANNER_EVERY_SECONDS * 2, 60))
    due = (
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - requeue_after))
        .order_by("due_at", "pk")
        .values_list("pk", "subscription__channel", "subscription__webhook_url")
    )
    emails: list[int] = []
    webhooks: dict[str, list[int]] = defaultdict(list)  # by endpoint
    for pk, channel, url in due:
        if channel == Subscription.Channel.EMAIL:
            emails.append(pk)
        else:
            webhooks[origin_of(url)].append(pk)
    size = settings.ANNALS_EMAIL_BATCH_SIZE
    # (task, a batch of ids): emails over one SMTP connection; webhooks one endpoint per
    # batch, sent in order under its lease and circuit (circuits.py).
    jobs: list[tuple[Any, list[int]]] = [
        (send_emails_task, emails[i : i + size]) for i in range(0, len(emails), size)
    ]
    hooks = settings.ANNALS_WEBHOOK_BATCH_SIZE
    jobs += [
        (send_webhooks_task, ids[i : i + hooks])
        for ids in webhooks.values()
        for i in range(0, len(ids), hooks)
    ]
    enqueued, errors = 0, []
    for task, ids in jobs:
        args = [ids]
        Delivery.objects.filter(pk__in=ids).update(enqueued_at=now)
        try:
            task.apply_async(args=args, retry=False)
            enqueued += len(ids)
        except Exception as exc:  # the broker is down: leave them for the next run
            Delivery.objects.filter(pk__in=ids).update(enqueued_at=None)
            errors.append(f"broker unavailable: {exc}")
            log.warning("Could not enqueue deliveries %s: %s", ids, exc)
            break
    return enqueued, errors
