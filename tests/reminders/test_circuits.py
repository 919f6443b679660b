"""A webhook endpoint that keeps failing is called less and less, then paused with its
owner told; one that recovers closes its circuit. Deliveries held back spend no attempt."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import EventFactory
from timeline.reminders import circuits, sending
from timeline.reminders.models import Delivery, Subscription

pytestmark = pytest.mark.django_db


def _subscribe(url: str, owner, deliveries: int = 2) -> Subscription:
    """A confirmed webhook subscription to `url` with `deliveries` due now."""
    subscription = Subscription.objects.create(
        channel="webhook",
        webhook_url=url,
        webhook_secret="whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY",
        user=owner,
        target="all",
        timezone="UTC",
        confirmed_at=timezone.now(),
    )
    now = timezone.now()
    for n in range(deliveries):
        Delivery.objects.create(
            subscription=subscription,
            event=EventFactory(),
            occurs_on=now.date(),
            lead_days=0,
            bound="start",
            years=n + 1,
            label=f"{n + 1} years",
            due_at=now,
            next_attempt_at=now,
        )
    return subscription


def _pending(subscription) -> list[int]:
    return list(
        Delivery.objects.filter(subscription=subscription, status="pending").values_list(
            "pk", flat=True
        )
    )


@pytest.fixture
def webhook_due(db, receiver, editor):
    editor.email = "owner@example.org"
    editor.save()
    return _subscribe(receiver.url, editor)


def test_the_circuit_opens_after_failures_and_held_deliveries_spend_no_attempt(
    webhook_due, receiver, settings
):
    settings.ANNALS_WEBHOOK_CIRCUIT_FAILURES = 2
    receiver.status = 500
    endpoint = circuits.endpoint_for(webhook_due.webhook_url)
    for _ in range(2):
        circuits.record(endpoint, ok=False, error="answered 500")
    endpoint.refresh_from_db()
    assert endpoint.failures == 2 and endpoint.open_until is not None
    ids = _pending(webhook_due)
    assert ids
    assert sending.send_webhooks(ids) == 0
    assert receiver.requests == []  # nothing was called while the circuit is open
    for delivery in Delivery.objects.filter(pk__in=ids):
        assert delivery.status == "pending" and delivery.attempts == 0
        assert delivery.next_attempt_at == endpoint.open_until
        assert "circuit is open" in delivery.last_error


def test_a_success_closes_the_circuit(webhook_due, receiver, settings):
    settings.ANNALS_WEBHOOK_CIRCUIT_FAILURES = 1
    endpoint = circuits.endpoint_for(webhook_due.webhook_url)
    circuits.record(endpoint, ok=False, error="timed out")
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=2)):  # half open: a trial
        assert sending.send_webhooks(_pending(webhook_due)) >= 1
    endpoint.refresh_from_db()
    assert (endpoint.failures, endpoint.open_until, endpoint.busy_until) == (0, None, None)
    assert receiver.requests


def test_an_endpoint_failing_for_days_is_paused_and_its_owner_told(
    webhook_due, receiver, settings, mailoutbox
):
    settings.ANNALS_WEBHOOK_PAUSE_FAILURES = 3
    endpoint = circuits.endpoint_for(webhook_due.webhook_url)
    start = datetime.now(UTC)
    for day in range(4):
        circuits.record(endpoint, ok=False, error="no answer", now=start + timedelta(days=day))
    webhook_due.refresh_from_db()
    assert webhook_due.paused_at is not None and "4 failed deliveries" in webhook_due.paused_reason
    assert not Delivery.objects.filter(subscription=webhook_due, status="pending").exists()
    [mail] = mailoutbox
    assert mail.to == ["owner@example.org"] and "paused" in mail.subject
    assert f"/api/subscriptions/{webhook_due.pk}/resume/" in mail.body
    # Paused, it plans nothing; resumed by its owner, it does again, its circuit closed.
    assert not Subscription.objects.get(pk=webhook_due.pk).is_active
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(webhook_due.user)
    response = api.post(f"/api/subscriptions/{webhook_due.pk}/resume/")
    assert response.status_code == 200 and response.json()["paused"] is False
    endpoint.refresh_from_db()
    assert endpoint.failures == 0 and endpoint.open_until is None
    # Somebody else's subscription cannot be resumed (or even seen).
    assert APIClient().post(f"/api/subscriptions/{webhook_due.pk}/resume/").status_code == 401


def test_failures_over_less_time_than_the_pause_rule_only_open_the_circuit(webhook_due, settings):
    settings.ANNALS_WEBHOOK_PAUSE_FAILURES = 3
    endpoint = circuits.endpoint_for(webhook_due.webhook_url)
    for _ in range(10):  # many failures, within a minute
        circuits.record(endpoint, ok=False, error="no answer")
    webhook_due.refresh_from_db()
    assert webhook_due.paused_at is None


def test_one_batch_at_a_time_per_endpoint(webhook_due, receiver, monkeypatch):
    endpoint = circuits.endpoint_for(webhook_due.webhook_url)
    assert circuits.lease(endpoint, 1)  # another worker holds it
    later = []
    monkeypatch.setattr(sending.send_webhooks_task, "apply_async", lambda **kw: later.append(kw))
    assert sending.send_webhooks(_pending(webhook_due)) == 0
    assert receiver.requests == [] and later  # put back, for when the batch may be done
    circuits.release(endpoint)
    assert sending.send_webhooks(_pending(webhook_due)) >= 1


def test_dispatch_sends_one_batch_per_endpoint(db, editor, settings, monkeypatch):
    from timeline.reminders import dispatch

    settings.ANNALS_WEBHOOK_ALLOW_PRIVATE = True
    for url in ("http://127.0.0.1:9/a", "http://127.0.0.1:9/b", "http://127.0.0.1:10/c"):
        _subscribe(url, editor)
    sent = []
    monkeypatch.setattr(
        sending.send_webhooks_task, "apply_async", lambda args, **kw: sent.append(args[0])
    )
    dispatch.dispatch_due()
    urls = [
        {Delivery.objects.get(pk=pk).subscription.webhook_url.rsplit("/", 1)[0] for pk in batch}
        for batch in sent
    ]
    # Port 9's two subscriptions (four deliveries) in one batch; port 10's in another.
    assert sorted(len(batch) for batch in sent) == [2, 4]
    assert all(len(origins) == 1 for origins in urls)
