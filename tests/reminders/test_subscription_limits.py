"""What one anonymous visitor can make Annals send is bounded: few lead times, a cap per
address, confirmation by POST only, expiry of unconfirmed sign-ups, and nothing sent
about what has since turned private or unpublished."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from events.models import Event
from tests.reminders.helpers import at, confirmed, planned_until
from timeline.models import Timeline
from timeline.reminders import planner, sending
from timeline.reminders.links import make_token
from timeline.reminders.models import Delivery, Subscription
from timeline.reminders.subscriptions import subscription_create, subscriptions_expire

pytestmark = pytest.mark.django_db


def post(body: dict):
    return APIClient().post(
        "/api/subscriptions/",
        {"email": "reader@example.org", "target": {"type": "all"}, **body},
        format="json",
    )


@pytest.mark.parametrize("field", ["lead_days", "milestone_lead_days"])
def test_many_distinct_lead_times_are_refused_naming_the_field(seeded, field):
    response = post({field: list(range(400))})
    assert response.status_code == 400
    assert field in response.json()
    response = post({field: [30, 14, 7, 3, 1, 0]})
    assert response.status_code == 400
    assert "at most 5 different lead times" in str(response.json()[field])
    assert not Subscription.objects.exists()


def test_lead_times_are_deduplicated_and_in_range(seeded):
    response = post({"lead_days": [7, 7, 0, 7, 0], "milestone_lead_days": [3650, 365]})
    assert response.status_code == 201, response.json()
    assert response.json()["lead_days"] == [7, 0]
    assert response.json()["milestone_lead_days"] == [3650, 365]
    for field, value in (
        ("lead_days", [366]),
        ("lead_days", [-1]),
        ("milestone_lead_days", [3661]),
    ):
        refused = post({"email": "other@example.org", field: value})
        assert refused.status_code == 400 and field in refused.json(), (field, value)


def test_an_address_holds_a_bounded_number_of_confirmed_subscriptions(seeded, settings):
    settings.ANNALS_MAX_SUBSCRIPTIONS_PER_ADDRESS = 3
    codes = [post({"email": "Reader@Example.org"}).status_code for _ in range(3)]
    assert codes == [201] * 3
    Subscription.objects.update(confirmed_at=datetime.now(UTC))  # all three confirmed
    refused = post({"email": "reader@example.ORG"})  # the same mailbox, differently cased
    assert refused.status_code == 400
    assert "already has 3 subscriptions" in refused.json()["email"][0]
    # Unsubscribing makes room again.
    Subscription.objects.filter(pk=Subscription.objects.first().pk).update(
        unsubscribed_at=datetime.now(UTC)
    )
    assert post({"email": "reader@example.org"}).status_code == 201
    assert Subscription.objects.count() == 4


def test_a_stranger_cannot_fill_an_addresss_room(
    seeded, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # Sign-ups nobody confirmed: at most three wait, and they do not count toward the cap.
    settings.ANNALS_MAX_SUBSCRIPTIONS_PER_ADDRESS = 5
    with django_capture_on_commit_callbacks(execute=True):
        codes = [post({"email": "victim@example.org"}).status_code for _ in range(5)]
    assert codes == [201, 201, 201, 400, 400]
    refused = post({"email": "victim@example.org"})
    assert "waiting for confirmation" in refused.json()["email"][0]
    assert len(mailoutbox) == 3  # one confirmation mail each, no more
    # The owner confirms one from their inbox, and may subscribe as they wish.
    Subscription.objects.filter(pk=Subscription.objects.first().pk).update(
        confirmed_at=datetime.now(UTC)
    )
    assert post({"email": "victim@example.org"}).status_code == 201


def test_confirmation_mails_to_one_address_are_throttled(
    seeded, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "confirmation", "2/day")
    with django_capture_on_commit_callbacks(execute=True):
        first, second = (post({"email": "mailbox@example.org"}) for _ in range(2))
    assert first.status_code == second.status_code == 201
    Subscription.objects.update(confirmed_at=datetime.now(UTC))
    third = post({"email": "MAILBOX@example.org"})
    assert third.status_code == 429 and "Retry-After" in third
    assert len(mailoutbox) == 2
    assert Subscription.objects.count() == 2  # the refused one left nothing behind
    # The web form says so too, as a page.
    page = Client().post(
        "/subscribe/all/",
        {"email": "mailbox@example.org", "lead": "7,0", "timezone": "UTC", "send_time": "08:00"},
    )
    assert page.status_code == 429
    assert "confirmation mails" in page.content.decode()
    assert post({"email": "other@example.org"}).status_code == 201  # another address


def test_confirmation_needs_a_post(seeded):
    subscription = subscription_create(target="all", email="a@example.org").subscription
    path = f"/subscriptions/confirm/{make_token(subscription, 'confirm')}/"
    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert page.status_code == 200
    assert page.content.decode().count('<form method="post">') == 1
    assert '<button type="submit">Confirm</button>' in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a scanner's GET confirmed nothing
    token = page.cookies["csrftoken"].value
    assert client.post(path, {"csrfmiddlewaretoken": token}).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_unconfirmed_subscriptions_expire(seeded):
    old = subscription_create(target="all", email="old@example.org").subscription
    kept = confirmed(target="all", email="kept@example.org")
    Subscription.objects.filter(pk__in=[old.pk, kept.pk]).update(
        created_at=datetime.now(UTC) - timedelta(days=8)
    )
    fresh = subscription_create(target="all", email="new@example.org").subscription
    assert subscriptions_expire(datetime.now(UTC)) == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {kept.pk, fresh.pk}
    with time_machine.travel(datetime.now(UTC) + timedelta(days=8)):
        assert subscriptions_expire(datetime.now(UTC)) == 1


def test_a_timeline_turned_private_plans_and_sends_nothing_more(seeded, editor, smtp):
    timeline = Timeline.objects.get(slug="korean-war-armistice")
    timeline.owner = editor
    timeline.save()
    subscription = confirmed(
        target="timeline", target_slug="korean-war-armistice", timezone_name="Asia/Seoul"
    )
    planned_until(at("2028-07-20T08:55:00+09:00"))
    report = planner.plan_reminders(at("2028-07-20T09:00:00+09:00"), dispatch=False)
    assert report.created >= 1
    pending = list(Delivery.objects.filter(status=Delivery.Status.PENDING))
    # Made private before the worker gets to it (or between two attempts).
    Timeline.objects.filter(pk=timeline.pk).update(visibility=Timeline.Visibility.PRIVATE)
    assert sending.send_email_batch([d.pk for d in pending]) == 0
    assert smtp.messages == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {"withdrawn"}
    # And the planner plans nothing more for it.
    planned_until(at("2029-07-20T08:55:00+09:00"))
    assert planner.plan_reminders(at("2029-07-20T09:00:00+09:00")).created == 0
    assert subscription.deliveries.count() == len(pending)


def test_an_unpublished_event_is_not_sent_on_retry(seeded, smtp, settings):
    confirmed(
        target="event", target_slug="korean-war-armistice-agreement", timezone_name="Asia/Seoul"
    )
    planned_until(at("2028-07-20T08:55:00+09:00"))
    planner.plan_reminders(at("2028-07-20T09:00:00+09:00"), dispatch=False)
    [delivery] = Delivery.objects.all()
    # A first attempt failed (SMTP down); then the event is unpublished.
    settings.EMAIL_PORT = 1
    assert sending.send_email_batch([delivery.pk]) == 0
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 1
    Event.objects.filter(slug="korean-war-armistice-agreement").update(status="draft")
    settings.EMAIL_PORT = smtp.port
    assert sending.send_email_batch([delivery.pk]) == 0
    delivery.refresh_from_db()
    assert delivery.status == "withdrawn"
    assert "no longer published" in delivery.last_error
    assert smtp.messages == []
