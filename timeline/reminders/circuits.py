"""Webhook endpoints as a whole: the circuit that stops calling a receiver that keeps
failing, the lease that keeps one batch in flight per receiver, and pausing a
subscription whose receiver has failed for long enough (its owner told), as Stripe and
GitHub do.

- Closed: deliveries are sent. Each failure counts; a success starts the count again.
- Open: after ANNALS_WEBHOOK_CIRCUIT_FAILURES failures in a row, nothing is sent until
  `open_until` (1, 2, 4 … minutes, at most an hour). The deliveries wait, pending, and
  spend no attempt.
- Half open: once that time has passed, the next delivery is a trial: a success closes
  the circuit, a failure opens it again for twice as long.
- Paused: after ANNALS_WEBHOOK_PAUSE_FAILURES failures in a row spanning at least
  ANNALS_WEBHOOK_PAUSE_AFTER_SECONDS (three days), every live subscription to the
  endpoint is paused, what it still had to send is withdrawn, and each owner is mailed.
  POST /api/subscriptions/<id>/resume/ (or the admin) resumes it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from timeline.reminders.models import Delivery, DeliveryAttempt, Endpoint, Subscription, origin_of

log = logging.getLogger(__name__)

OPEN_BASE_SECONDS = 60
OPEN_CAP_SECONDS = 3600


def endpoint_for(url: str) -> Endpoint:
    origin = origin_of(url)
    try:
        with transaction.atomic():
            endpoint, _ = Endpoint.objects.get_or_create(origin=origin)
    except IntegrityError:  # made by another worker at the same moment
        endpoint = Endpoint.objects.get(origin=origin)
    return endpoint


def lease(endpoint: Endpoint, deliveries: int, now: datetime | None = None) -> bool:
    """Take the endpoint for a batch (a conditional UPDATE: one holder at a time). The
    lease outlives the batch's deadlines, so a worker that died loses it."""
    now = now or timezone.now()
    seconds = deliveries * settings.ANNALS_WEBHOOK_TIMEOUT + 60
    return bool(
        Endpoint.objects.filter(pk=endpoint.pk)
        .filter(Q(busy_until__isnull=True) | Q(busy_until__lt=now))
        .update(busy_until=now + timedelta(seconds=seconds))
    )


def release(endpoint: Endpoint) -> None:
    Endpoint.objects.filter(pk=endpoint.pk).update(busy_until=None)


def open_until(endpoint: Endpoint, now: datetime | None = None) -> datetime | None:
    """When the circuit lets a delivery through again, or None when it does now."""
    now = now or timezone.now()
    until = Endpoint.objects.filter(pk=endpoint.pk).values_list("open_until", flat=True).first()
    return until if until is not None and until > now else None


def postpone(delivery_ids: list[int], until: datetime) -> None:
    """Deliveries the open circuit holds back: pending until it closes, no attempt spent."""
    Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.Status.PENDING).update(
        next_attempt_at=until,
        enqueued_at=None,
        last_error=f"waiting: the endpoint's circuit is open until {until:%Y-%m-%d %H:%M} UTC",
    )


def record(endpoint: Endpoint, *, ok: bool, error: str = "", now: datetime | None = None) -> None:
    """One delivery's outcome: a success closes the circuit; a failure counts, opens it
    past the threshold, and pauses the endpoint's subscriptions past the pause rule."""
    now = now or timezone.now()
    if ok:
        Endpoint.objects.filter(pk=endpoint.pk).update(
            failures=0, failing_since=None, open_until=None, last_error=""
        )
        return
    Endpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(failing_since=now)
    Endpoint.objects.filter(pk=endpoint.pk).update(
        failures=F("failures") + 1, last_error=error[:2000]
    )
    endpoint.refresh_from_db(fields=["failures", "failing_since"])
    threshold = settings.ANNALS_WEBHOOK_CIRCUIT_FAILURES
    if endpoint.failures >= threshold:
        seconds = min(OPEN_BASE_SECONDS * 2 ** (endpoint.failures - threshold), OPEN_CAP_SECONDS)
        Endpoint.objects.filter(pk=endpoint.pk).update(open_until=now + timedelta(seconds=seconds))
    failing_for = (now - (endpoint.failing_since or now)).total_seconds()
    if (
        endpoint.failures >= settings.ANNALS_WEBHOOK_PAUSE_FAILURES
        and failing_for >= settings.ANNALS_WEBHOOK_PAUSE_AFTER_SECONDS
    ):
        pause(endpoint, error, now)


def pause(endpoint: Endpoint, error: str, now: datetime) -> list[Subscription]:
    """Pause every live webhook subscription to the endpoint, withdraw what they still had
    to send, and tell each owner by mail."""
    reason = (
        f"Paused on {now:%Y-%m-%d %H:%M} UTC after {endpoint.failures} failed deliveries "
        f"in a row to {endpoint.origin}. The last: {error or 'no answer'}"
    )
    live = [
        s
        for s in Subscription.objects.filter(
            channel=Subscription.Channel.WEBHOOK,
            unsubscribed_at__isnull=True,
            paused_at__isnull=True,
        ).select_related("user")
        if origin_of(s.webhook_url) == endpoint.origin
    ]
    for subscription in live:
        Subscription.objects.filter(pk=subscription.pk).update(paused_at=now, paused_reason=reason)
        waiting = Delivery.objects.filter(subscription=subscription, status=Delivery.Status.PENDING)
        withdrawn = f"withdrawn: {reason}"
        DeliveryAttempt.objects.bulk_create(
            DeliveryAttempt(delivery_id=pk, at=now, ok=False, error=withdrawn[:2000])
            for pk in waiting.values_list("pk", flat=True)
        )
        waiting.update(status=Delivery.Status.WITHDRAWN, last_error=withdrawn[:2000])
        _tell_owner(subscription, reason)
    log.warning("Paused %s webhook subscription(s) to %s", len(live), endpoint.origin)
    return live


def resume(subscription: Subscription) -> None:
    """The owner says the endpoint answers again: the subscription plans reminders
    anew and the endpoint's circuit starts closed."""
    Subscription.objects.filter(pk=subscription.pk).update(paused_at=None, paused_reason="")
    Endpoint.objects.filter(origin=origin_of(subscription.webhook_url)).update(
        failures=0, failing_since=None, open_until=None, last_error=""
    )


def _tell_owner(subscription: Subscription, reason: str) -> None:
    address = subscription.user.email if subscription.user else ""
    if not address:
        return
    body = (
        f"Your Annals webhook subscription #{subscription.pk} to {subscription.webhook_url} "
        f"is paused.\n\n{reason}\n\nNothing more is sent to it until you resume it, once the "
        f"endpoint answers again:\n\n  POST {settings.ANNALS_BASE_URL}/api/subscriptions/"
        f"{subscription.pk}/resume/\n"
    )
    try:
        send_mail("Annals: your webhook was paused", body, settings.DEFAULT_FROM_EMAIL, [address])
    except Exception:  # the pause stands; the owner also sees it in the API
        log.exception("Could not tell %s that subscription %s was paused", address, subscription.pk)
