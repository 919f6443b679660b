"""Subscribing to reminders: double opt-in by mail, webhooks for signed-in users, the manage
page and one-click unsubscribe."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from rest_framework.test import APIClient

from tests.reminders.helpers import at, confirmed, plan_and_dispatch, planned_until
from timeline.reminders import planner
from timeline.reminders.links import make_token
from timeline.reminders.models import Subscription
from timeline.reminders.subscriptions import subscription_create

pytestmark = pytest.mark.django_db


def test_email_subscription_is_double_opt_in(seeded, client, django_capture_on_commit_callbacks):
    api = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/subscriptions/",
            {
                "email": "reader@example.org",
                "target": {"type": "event", "slug": "korean-war-armistice-agreement"},
                "lead_days": [365, 7, 0],
                "timezone": "Asia/Seoul",
                "send_time": "08:30",
            },
            format="json",
        )
    assert response.status_code == 201, response.json()
    assert response.json()["confirmed"] is False and "secret" not in response.json()
    subscription = Subscription.objects.get()
    assert (subscription.lead_days, subscription.send_time) == ([365, 7, 0], time(8, 30))
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "Confirm" in message.subject
    confirm_url = re.search(r"https?://\S+/subscriptions/confirm/\S+/", message.body)[0]
    # Nothing is planned for an unconfirmed subscription.
    planned_until(at("2028-07-20T08:00:00+09:00"))
    assert planner.plan_reminders(at("2028-07-20T09:00:00+09:00")).created == 0

    # Following the link (as a mail scanner would) only shows a button...
    path = confirm_url.replace("http://127.0.0.1:8000", "")
    page = client.get(path)
    assert page.status_code == 200 and "Confirm your subscription" in page.content.decode()
    assert '<form method="post">' in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    # ...and pressing it confirms.
    page = client.post(path)
    assert page.status_code == 200 and "Subscription confirmed" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active
    planned_until(at("2028-07-20T08:00:00+09:00"))
    assert planner.plan_reminders(at("2028-07-20T09:00:00+09:00")).created == 1


def test_a_tampered_or_expired_confirmation_changes_nothing(seeded, client):
    subscription = subscription_create(target="all", email="a@example.org").subscription
    token = make_token(subscription, "confirm")
    tampered = client.post(f"/subscriptions/confirm/{token[:-2]}xx/")
    assert tampered.status_code == 400 and "not valid" in tampered.content.decode()
    with time_machine.travel(datetime.now(UTC) + timedelta(days=8)):
        expired = client.post(f"/subscriptions/confirm/{token}/")
    assert expired.status_code == 400 and "expired" in expired.content.decode()
    wrong_purpose = client.post(f"/subscriptions/confirm/{make_token(subscription, 'manage')}/")
    assert wrong_purpose.status_code == 400
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_rolled_back_subscription_sends_nothing(seeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                subscription_create(target="all", email="gone@example.org")
                raise RuntimeError("the request failed after subscribing")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-address", "target": {"type": "all"}}, "email"),
        ({"email": "a@example.org", "target": {"type": "event"}}, "target"),
        ({"email": "a@example.org", "target": {"type": "event", "slug": "nope"}}, "target"),
        ({"email": "a@example.org", "target": {"type": "planet", "slug": "mars"}}, "target"),
        (
            {"email": "a@example.org", "target": {"type": "all"}, "timezone": "Mars/Olympus"},
            "timezone",
        ),
        ({"email": "a@example.org", "target": {"type": "all"}, "lead_days": [-1]}, "lead_days"),
        ({"email": "a@example.org", "target": {"type": "all"}, "lead_days": []}, "lead_days"),
        ({"email": "a@example.org", "target": {"type": "all"}, "send_time": "25:00"}, "send_time"),
        ({"channel": "webhook", "target": {"type": "all"}}, "webhook_url"),
    ],
)
def test_bad_subscriptions_get_400_naming_the_field(seeded, body, field):
    response = APIClient().post("/api/subscriptions/", body, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not Subscription.objects.exists()


def test_webhooks_need_a_signed_in_user_who_sees_the_secret_once(seeded, editor, receiver):
    anonymous = APIClient().post(
        "/api/subscriptions/",
        {"channel": "webhook", "webhook_url": receiver.url, "target": {"type": "all"}},
        format="json",
    )
    assert anonymous.status_code == 401
    api = APIClient()
    api.force_authenticate(editor)
    created = api.post(
        "/api/subscriptions/",
        {"channel": "webhook", "webhook_url": receiver.url, "target": {"type": "all"}},
        format="json",
    )
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith("whsec_") and created.json()["confirmed"] is True
    pk = created.json()["id"]
    assert "secret" not in api.get(f"/api/subscriptions/{pk}/").json()
    rotated = api.post(f"/api/subscriptions/{pk}/rotate-secret/").json()["secret"]
    assert rotated.startswith("whsec_") and rotated != secret
    other = APIClient()
    other.force_authenticate(type(editor).objects.create_user("mallory"))
    assert other.get(f"/api/subscriptions/{pk}/").status_code == 404
    assert other.post(f"/api/subscriptions/{pk}/rotate-secret/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://0x7f000001/hook",
        "http://2130706433/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[::1]/hook",
        "http://localhost/hook",
        "http://10.0.0.1/hook",
        "http://192.168.1.20/hook",
        "http://172.16.0.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://0.0.0.0/hook",
        "ftp://93.184.216.34/hook",
        "javascript:alert(1)",
    ],
)
def test_webhook_urls_to_private_addresses_are_refused(seeded, editor, url):
    api = APIClient()
    api.force_authenticate(editor)
    response = api.post(
        "/api/subscriptions/",
        {"channel": "webhook", "webhook_url": url, "target": {"type": "all"}},
        format="json",
    )
    assert response.status_code == 400 and "webhook_url" in response.json(), response.json()
    assert not Subscription.objects.exists()


def test_a_public_address_passes_the_check(seeded, editor):
    created = subscription_create(
        target="all", webhook_url="http://93.184.216.34/hook", user=editor
    )
    assert created.subscription.channel == "webhook"


def test_manage_page_changes_lead_times_and_unsubscribes(seeded, client):
    subscription = confirmed(target="all", timezone_name="UTC")
    manage = f"/subscriptions/manage/{make_token(subscription, 'manage')}/"
    page = client.get(manage)
    assert page.status_code == 200
    response = client.post(
        manage, {"lead": "1,0", "timezone": "Europe/London", "send_time": "07:15"}
    )
    assert response.status_code == 200 and "Saved." in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.lead_days == [1, 0] and subscription.timezone == "Europe/London"
    tampered = client.post(f"/subscriptions/unsubscribe/{make_token(subscription, 'manage')}/")
    assert tampered.status_code == 400
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None


def test_list_unsubscribe_is_a_plain_url_clients_can_follow(seeded, smtp):
    confirmed(
        target="event",
        target_slug="korean-war-armistice-agreement",
        lead_days=[0],
        timezone_name="UTC",
    )
    planned_until(at("2028-07-27T08:00:00+00:00"))
    plan_and_dispatch("2028-07-27T09:00:00+00:00")
    raw = smtp.raw[0].decode()
    [header] = [line for line in raw.splitlines() if line.startswith("List-Unsubscribe:")]
    assert re.fullmatch(r"List-Unsubscribe: <http://\S+/subscriptions/unsubscribe/\S+/>", header), (
        header
    )  # not RFC 2047 encoded words
