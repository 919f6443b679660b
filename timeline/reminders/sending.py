"""4. Send: claim first, then send, then record the outcome.

A worker claims a delivery by moving it from pending to sending in one conditional
UPDATE; a second worker (or a second run) finds nothing to claim. Failures go back to
pending with capped exponential backoff and jitter until the attempts run out. Every
attempt is logged.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import smtplib
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import cast

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from events.models import Citation, Event
from timeline.reminders import circuits, webhooks
from timeline.reminders.emails import (
    ReminderBatch,
    confirmation_message,
    headline,
    reminder_message,
)
from timeline.reminders.models import Delivery, DeliveryAttempt, Subscription

log = logging.getLogger(__name__)

# Sent messages are recorded in small groups: fewer writes than one per message, and a
# worker killed mid-batch re-sends (at most once) no more than this many.
RECORD_EVERY = 20


def claim(ids: Iterable[int], now: datetime) -> list[int]:
    """Take pending deliveries for this worker; returns the ids it got.

    Rows another worker holds are skipped (PostgreSQL: SKIP LOCKED; SQLite's write lock
    serialises the whole transaction), and only pending rows are taken.
    """
    with transaction.atomic():
        claimed = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk__in=list(ids), status=Delivery.Status.PENDING)
            .values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=claimed).update(
            status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return claimed


def backoff(attempts: int) -> timedelta:
    """Capped exponential backoff with full jitter: base·2^(n-1), at most the cap."""
    ceiling = min(
        settings.ANNALS_RETRY_CAP_SECONDS,
        settings.ANNALS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0),
    )
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311 - jitter


def _record(
    deliveries: list[Delivery],
    now: datetime,
    *,
    ok: bool,
    error: str = "",
    status_code: int | None = None,
    latency_ms: int | None = None,
) -> None:
    if not deliveries:
        return
    DeliveryAttempt.objects.bulk_create(
        DeliveryAttempt(
            delivery=delivery,
            at=now,
            ok=ok,
            status_code=status_code,
            latency_ms=latency_ms,
            error=error[:2000],
        )
        for delivery in deliveries
    )
    if ok:
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
            status=Delivery.Status.SENT, sent_at=now, last_error=""
        )
        return
    for delivery in deliveries:
        if delivery.attempts >= settings.ANNALS_REMINDER_MAX_ATTEMPTS:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.FAILED, last_error=error[:2000]
            )
        else:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.PENDING,
                enqueued_at=None,
                last_error=error[:2000],
                next_attempt_at=now + backoff(delivery.attempts),
            )


def _loaded(ids: list[int], now: datetime) -> list[Delivery]:
    """The claimed deliveries that may still be sent. Visibility is checked again at every
    attempt, retries included: one whose event was unpublished, or whose subscription
    ended or lost sight of its timeline, is withdrawn instead."""
    loaded = list(
        Delivery.objects.filter(pk__in=ids)
        .select_related(
            "subscription",
            "subscription__target_timeline",
            "subscription__target_event",
            "event",
            "event__place",
        )
        .prefetch_related(
            Prefetch("event__citations", queryset=Citation.objects.select_related("source"))
        )
        .order_by("due_at", "pk")
    )
    sendable = []
    for delivery in loaded:
        reason = delivery.subscription.withdrawn()
        if not reason and delivery.event.status != Event.Status.PUBLISHED:
            reason = "the event is no longer published"
        if reason:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.WITHDRAWN, last_error=f"withdrawn: {reason}"
            )
            DeliveryAttempt.objects.create(
                delivery=delivery, at=now, ok=False, error=f"withdrawn: {reason}"
            )
        else:
            sendable.append(delivery)
    return sendable


def send_email_batch(ids: list[int], now: datetime | None = None) -> int:
    """Send claimed email deliveries over one SMTP connection; digest subscriptions get
    one message per send time. Returns how many deliveries were sent."""
    now = now or timezone.now()
    deliveries = _loaded(claim(ids, now), now)
    if not deliveries:
        return 0
    groups: dict[tuple, list[Delivery]] = defaultdict(list)
    for delivery in deliveries:
        subscription = delivery.subscription
        key = (
            (subscription.pk, delivery.due_at)
            if subscription.digest
            else (subscription.pk, delivery.pk)
        )
        groups[key].append(delivery)
    connection = get_connection()
    try:
        connection.open()
    except Exception as exc:  # SMTP is down: every one of them waits for a retry
        _record(deliveries, now, ok=False, error=f"SMTP unavailable: {exc}")
        return 0
    sent, pending_record, batch = 0, [], ReminderBatch()
    envelope_from = parseaddr(settings.DEFAULT_FROM_EMAIL or "")[1]
    try:
        for group in groups.values():
            subscription = group[0].subscription
            try:
                raw = (
                    batch.raw(subscription, group) if isinstance(connection, SMTPBackend) else None
                )
                if raw is not None:
                    # Opened above: open_connection() succeeded.
                    smtp = cast(smtplib.SMTP, cast(SMTPBackend, connection).connection)
                    options = ["BODY=8BITMIME"] if smtp.has_extn("8bitmime") else []
                    smtp.sendmail(envelope_from, [subscription.email], raw, options)
                else:
                    message = reminder_message(subscription, group)
                    message.connection = connection
                    message.send()
            except Exception as exc:
                _record(group, now, ok=False, error=f"SMTP error: {exc}")
            else:
                pending_record += group
                sent += len(group)
            if len(pending_record) >= RECORD_EVERY:
                _record(pending_record, now, ok=True)
                pending_record = []
        _record(pending_record, now, ok=True)
    finally:
        # A failed QUIT changes nothing already recorded.
        with contextlib.suppress(Exception):
            connection.close()
    return sent


def webhook_payload(delivery: Delivery, timestamp: datetime) -> dict:
    event = delivery.event
    return {
        "type": "anniversary.reminder",
        "timestamp": timestamp.isoformat().replace("+00:00", "Z"),
        "data": {
            "event": {
                "slug": event.slug,
                "title": event.title,
                "date": event.date,
                "date_display": event.date_display,
                "url": f"{settings.ANNALS_BASE_URL}{event.get_absolute_url()}",
                "sources": [
                    {"title": c.source.title, "url": c.source.url} for c in event.citations.all()
                ],
            },
            "occurs_on": delivery.occurs_on.isoformat(),
            "years": delivery.years,
            "label": delivery.label,
            "headline": headline(delivery),
            "milestone": delivery.milestone,
            "lead_days": delivery.lead_days,
            "bound": delivery.bound,
            "late": delivery.late,
        },
    }


def send_webhooks(delivery_ids: list[int]) -> int:
    """POST deliveries that go to one endpoint, one after another, signed per Standard
    Webhooks; returns how many were accepted.

    The endpoint is leased for the batch, so one slow receiver holds one worker slot
    and no more (another batch for it is put back a little later). Its circuit is read
    before each delivery: once it has failed ANNALS_WEBHOOK_CIRCUIT_FAILURES times in a
    row, the rest wait until the circuit closes again, without spending attempts (and a
    receiver that has kept failing long enough is paused, its owner told: circuits.py).
    """
    pending = list(
        Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.Status.PENDING)
        .select_related("subscription")
        .order_by("due_at", "pk")
    )
    if not pending:
        return 0
    endpoint = circuits.endpoint_for(pending[0].subscription.webhook_url)
    if not circuits.lease(endpoint, len(pending)):
        # Another batch for this receiver is in flight: come back when it may be done.
        send_webhooks_task.apply_async(
            args=[delivery_ids], countdown=settings.ANNALS_WEBHOOK_TIMEOUT, retry=False
        )
        return 0
    accepted = 0
    try:
        for delivery in pending:
            if (closed_until := circuits.open_until(endpoint)) is not None:
                circuits.postpone([d.pk for d in pending[pending.index(delivery) :]], closed_until)
                break
            ok, error = _send_webhook(delivery.pk)
            if ok is None:
                continue  # withdrawn, or claimed elsewhere
            circuits.record(endpoint, ok=ok, error=error)
            accepted += ok
    finally:
        circuits.release(endpoint)
    return accepted


def send_webhook(delivery_id: int, now: datetime | None = None) -> bool:
    """POST one claimed delivery (circuit and lease aside: send_webhooks minds them)."""
    return bool(_send_webhook(delivery_id, now)[0])


def _send_webhook(delivery_id: int, now: datetime | None = None) -> tuple[bool | None, str]:
    """(accepted, error) of one delivery; (None, "") when there was nothing to send."""
    now = now or timezone.now()
    loaded = _loaded(claim([delivery_id], now), now)
    if not loaded:
        return None, ""
    [delivery] = loaded
    subscription = delivery.subscription
    timestamp = int(timezone.now().timestamp())
    body = json.dumps(webhook_payload(delivery, timezone.now()), separators=(",", ":")).encode()
    headers = {
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": webhooks.sign(
            subscription.webhook_secret, delivery.message_id, timestamp, body
        ),
    }
    result = webhooks.post(subscription.webhook_url, body, headers)
    _record(
        [delivery],
        now,
        ok=result.ok,
        error=result.error,
        status_code=result.status_code,
        latency_ms=result.latency_ms,
    )
    if not result.ok:
        log.info(
            "Webhook delivery %s failed (attempt %s): %s",
            delivery.pk,
            delivery.attempts,
            result.error,
        )
    return result.ok, result.error


def send_confirmation(subscription_id: int) -> None:
    """Send the confirmation mail and record what became of it: an SMTP server that
    cannot be reached is an OSError, recorded and raised for the task to retry."""
    subscription = Subscription.objects.get(pk=subscription_id)
    if subscription.confirmed_at is not None or subscription.unsubscribed_at is not None:
        return
    mine = Subscription.objects.filter(pk=subscription_id)
    try:
        confirmation_message(subscription).send()
    except OSError as exc:
        mine.update(confirmation_error=f"{type(exc).__name__}: {exc}"[:500])
        raise
    mine.update(confirmation_sent_at=timezone.now(), confirmation_error="")


def redeliver(delivery: Delivery) -> None:
    """Send again (admin action): same message id, fresh attempts."""
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.PENDING,
        next_attempt_at=timezone.now(),
        enqueued_at=None,
        attempts=0,
        last_error="",
    )


# --- The workers' tasks: thin, taking ids, safe to run twice (sending claims first) ------
# The time limits are soft (SoftTimeLimitExceeded is raised in the task, and the claimed
# deliveries are retried once their claim times out) and hard (the worker process is
# replaced). A webhook's own deadline (ANNALS_WEBHOOK_TIMEOUT) comes well before either.

# A batch is at most ANNALS_WEBHOOK_BATCH_SIZE deliveries to one endpoint, each within
# its deadline.
WEBHOOK_LIMITS = {
    "soft_time_limit": settings.ANNALS_WEBHOOK_BATCH_SIZE * settings.ANNALS_WEBHOOK_TIMEOUT + 25,
    "time_limit": settings.ANNALS_WEBHOOK_BATCH_SIZE * settings.ANNALS_WEBHOOK_TIMEOUT + 40,
}
# A batch is ANNALS_EMAIL_BATCH_SIZE messages over one SMTP connection.
EMAIL_LIMITS = {"soft_time_limit": 300, "time_limit": 360}


@shared_task(name="reminders.send_emails", acks_late=True, **EMAIL_LIMITS)
def send_emails_task(delivery_ids: list[int]) -> int:
    return send_email_batch(delivery_ids)


@shared_task(name="reminders.send_webhooks", acks_late=True, **WEBHOOK_LIMITS)
def send_webhooks_task(delivery_ids: list[int]) -> int:
    return send_webhooks(delivery_ids)


@shared_task(name="reminders.send_webhook", acks_late=True, **WEBHOOK_LIMITS)
def send_webhook_task(delivery_id: int) -> int:
    """One delivery, as queued before batches: the same path."""
    return send_webhooks([delivery_id])


# A confirmation mail is retried while the SMTP server cannot be reached.
CONFIRMATION_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "max_retries": 5,
    "soft_time_limit": 60,
    "time_limit": 90,
}


@shared_task(name="reminders.send_confirmation", **CONFIRMATION_OPTIONS)
def send_confirmation_task(subscription_id: int) -> None:
    send_confirmation(subscription_id)
