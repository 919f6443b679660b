"""Reminders by webhook to a real HTTP receiver: signed per Standard Webhooks, backing off,
checked again when sent, redelivered with the same id."""

import json
from datetime import timedelta

import pytest
import time_machine
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.reminders.helpers import (
    at,
    confirmed,
    dispatch_at,
    plan_and_dispatch,
    planned_until,
)
from timeline.reminders import dispatch, sending
from timeline.reminders.models import Delivery, DeliveryAttempt

pytestmark = pytest.mark.django_db


def test_webhooks_are_signed_per_standard_webhooks(seeded, editor, receiver):
    subscription = confirmed(
        target="event",
        target_slug="korean-war-armistice-agreement",
        webhook_url=receiver.url,
        user=editor,
        lead_days=[7],
        timezone_name="UTC",
    )
    planned_until(at("2028-07-20T08:00:00+00:00"))
    plan_and_dispatch("2028-07-20T09:00:00+00:00")
    [request] = receiver.requests
    headers = {k.lower(): v for k, v in request["headers"].items()}
    # The reference verifier checks the timestamp against its clock: the same as ours.
    clock = time_machine.travel(at("2028-07-20T09:00:10+00:00"), tick=False)
    clock.start()
    payload = Webhook(subscription.secret).verify(request["body"], headers)
    assert payload["type"] == "anniversary.reminder"
    data = payload["data"]
    assert (
        data["years"],
        data["label"],
        data["milestone"],
        data["lead_days"],
        data["bound"],
        data["occurs_on"],
    ) == (75, "75th anniversary", True, 7, "start", "2028-07-27")
    assert data["event"]["slug"] == "korean-war-armistice-agreement"
    assert headers["webhook-id"] == Delivery.objects.get().message_id
    with pytest.raises(WebhookVerificationError):
        Webhook(subscription.secret).verify(request["body"].replace(b"75", b"76"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 32).verify(request["body"], headers)
    clock.stop()


@pytest.mark.parametrize("failure", ["500", "hang", "refused", "redirect"])
def test_failing_webhooks_back_off_then_fail_keeping_their_id(
    seeded, editor, receiver, settings, failure
):
    settings.ANNALS_REMINDER_MAX_ATTEMPTS = 3
    url = receiver.url
    if failure == "500":
        receiver.status = 500
    elif failure == "hang":
        receiver.delay = 2  # past the 1 s timeout
    elif failure == "refused":
        receiver.stop()
    else:
        receiver.status, receiver.location = 302, "http://169.254.169.254/latest/meta-data/"
    confirmed(
        target="event",
        target_slug="korean-war-armistice-agreement",
        webhook_url=url,
        user=editor,
        lead_days=[0],
        timezone_name="UTC",
    )
    planned_until(at("2028-07-27T08:00:00+00:00"))
    plan_and_dispatch("2028-07-27T09:00:00+00:00")
    delivery = Delivery.objects.get()
    waits = []
    while delivery.status == "pending":
        waits.append(delivery.next_attempt_at)
        dispatch_at(delivery.next_attempt_at + timedelta(seconds=1))
        delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == 3
    attempts = list(DeliveryAttempt.objects.filter(delivery=delivery))
    # Capped exponential backoff with jitter: attempt n waits between half and all of
    # base * 2^(n-1) seconds.
    delays = [
        (wait - attempt.at).total_seconds() for wait, attempt in zip(waits, attempts, strict=False)
    ]
    assert len(delays) == 2
    for n, delay in enumerate(delays, start=1):
        ceiling = settings.ANNALS_RETRY_BASE_SECONDS * 2 ** (n - 1)
        assert ceiling / 2 <= delay <= ceiling
    assert len(attempts) == 3 and not any(a.ok for a in attempts)
    expected = {
        "500": "answered 500",
        "hang": "timed out",
        "refused": "ConnectError",
        "redirect": "redirects are not followed",
    }[failure]
    assert all(expected in a.error for a in attempts)
    if failure not in ("refused",):
        ids = {r["headers"]["webhook-id"] for r in receiver.requests}
        assert ids == {delivery.message_id}
        assert len(receiver.requests) == 3


def test_webhooks_are_checked_again_when_sent(seeded, editor, receiver, settings):
    confirmed(
        target="event",
        target_slug="korean-war-armistice-agreement",
        webhook_url=receiver.url,
        user=editor,
        lead_days=[0],
        timezone_name="UTC",
    )
    settings.ANNALS_WEBHOOK_ALLOW_PRIVATE = False  # e.g. the name now resolves to loopback
    planned_until(at("2028-07-27T08:00:00+00:00"))
    plan_and_dispatch("2028-07-27T09:00:00+00:00")
    delivery = Delivery.objects.get()
    assert receiver.requests == []
    assert "a private address" in delivery.last_error


def test_redeliver_keeps_the_webhook_id(seeded, editor, receiver):
    confirmed(
        target="event",
        target_slug="korean-war-armistice-agreement",
        webhook_url=receiver.url,
        user=editor,
        lead_days=[0],
        timezone_name="UTC",
    )
    planned_until(at("2028-07-27T08:00:00+00:00"))
    plan_and_dispatch("2028-07-27T09:00:00+00:00")
    delivery = Delivery.objects.get()
    with time_machine.travel(at("2028-07-27T10:00:00+00:00"), tick=False):
        sending.redeliver(delivery)
        dispatch.dispatch_due()
    ids = [
        json.loads(r["body"])["data"]["years"] and r["headers"]["webhook-id"]
        for r in receiver.requests
    ]
    assert ids == [delivery.message_id, delivery.message_id]
