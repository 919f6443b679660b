"""Reminders by email over a real SMTP server: digests, one connection a batch, a server down."""

from datetime import timedelta

import pytest

from tests.factories import EventFactory
from tests.reminders.helpers import at, confirmed, dispatch_at, plan_and_dispatch, planned_until
from timeline.reminders.models import Delivery

pytestmark = pytest.mark.django_db


def test_digest_sends_one_message_per_send_time(seeded, smtp):
    confirmed(target="all", lead_days=[0], timezone_name="Asia/Seoul", digest=True)
    planned_until(at("2028-07-27T08:00:00+09:00"))
    plan_and_dispatch("2028-07-27T09:00:00+09:00")
    [message] = smtp.messages
    assert Delivery.objects.filter(status="sent").count() == 4
    assert message["Subject"].startswith("Today: ") and "and 3 more" in message["Subject"]


def test_one_smtp_connection_per_batch(smtp, settings):
    settings.ANNALS_EMAIL_BATCH_SIZE = 100
    for n in range(150):
        confirmed(target="all", lead_days=[0], timezone_name="UTC", email=f"r{n}@example.org")
    EventFactory(date="1953-07-27")
    planned_until(at("2028-07-27T08:00:00+00:00"))
    plan_and_dispatch("2028-07-27T09:00:00+00:00")
    assert len(smtp.messages) == 150
    assert smtp.connections == 2
    # Each copy of the shared reminder is the subscriber's own: address, links, id.
    from timeline.reminders.links import read_token

    for message in smtp.messages:
        token = message["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]
        assert read_token(token, "unsubscribe").email == message["To"]
        assert token in message.get_body(("plain",)).get_content()
        assert token in message.get_body(("html",)).get_content()
    assert len({m["To"] for m in smtp.messages}) == 150
    assert len({m["Message-ID"] for m in smtp.messages}) == 150


def test_smtp_down_is_retried_later_not_lost(seeded, smtp, settings):
    confirmed(
        target="event",
        target_slug="korean-war-armistice-agreement",
        lead_days=[0],
        timezone_name="UTC",
    )
    smtp.stop()
    planned_until(at("2028-07-27T08:00:00+00:00"))
    plan_and_dispatch("2028-07-27T09:00:00+00:00")
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "SMTP unavailable" in delivery.last_error
    assert delivery.next_attempt_at > at("2028-07-27T09:00:00+00:00")
    smtp.start()
    dispatch_at(delivery.next_attempt_at + timedelta(seconds=1))
    delivery.refresh_from_db()
    assert delivery.status == "sent" and len(smtp.messages) == 1
    assert [a.ok for a in delivery.log.all()] == [False, True]
