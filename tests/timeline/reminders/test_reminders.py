"""Reminders in one process: subscribing, planning, sending over real SMTP and HTTP.

The faults that need a real worker, Redis and PostgreSQL are in test_reminder_faults.py.
"""

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from events.models import Event
from tests.factories import EventFactory
from timeline.reminders import dispatch, planner, sending
from timeline.reminders.links import make_token
from timeline.reminders.models import Delivery, DeliveryAttempt, PlannerState, Subscription
from timeline.reminders.subscriptions import subscription_create

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def planned_until(moment: datetime) -> None:
    PlannerState.objects.update_or_create(pk=1, defaults={"planned_until": moment})


def confirmed(**kwargs) -> Subscription:
    kwargs.setdefault("email", "reader@example.org")
    created = subscription_create(**kwargs)
    subscription = created.subscription
    subscription.confirmed_at = datetime(2020, 1, 1, tzinfo=UTC)
    subscription.save()
    subscription.secret = created.secret
    return subscription


# --- Subscribing ----------------------------------------------------------------------------


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


# --- Planning ----------------------------------------------------------------------------------


def test_the_75th_is_planned_a_week_ahead_and_sent_with_everything(seeded, smtp):
    subscription = confirmed(
        target="event", target_slug="korean-war-armistice-agreement", timezone_name="Asia/Seoul"
    )
    planned_until(at("2028-07-20T08:55:00+09:00"))
    out = call_command_output("plan_reminders", "--as-of", "2028-07-20T09:00:00+09:00", "--send")
    assert "1 new deliveries" in out and "Sent 1 of 1" in out
    delivery = Delivery.objects.get()
    assert (delivery.years, delivery.lead_days, delivery.occurs_on, delivery.milestone) == (
        75,
        7,
        date(2028, 7, 27),
        True,
    )
    assert delivery.due_at == at("2028-07-20T09:00:00+09:00")
    [message] = smtp.messages
    assert message["Subject"] == (
        "In 7 days: 75th anniversary of the Korean War Armistice Agreement (27 July 1953)"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    text, html = [
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    ]
    assert "27 July 1953" in text and "Panmunjom" in text
    assert "https://en.wikipedia.org/wiki/Korean_Armistice_Agreement" in text
    assert "/subscriptions/manage/" in text and unsubscribe in text
    assert '<a href="https://en.wikipedia.org/wiki/Korean_Armistice_Agreement">' in html

    # One-click unsubscribe: a POST without a login or CSRF token.
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        unsubscribe.replace("http://127.0.0.1:8000", ""), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def call_command_output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_planning_twice_records_each_reminder_once(seeded):
    confirmed(target="all", timezone_name="Asia/Seoul")
    planned_until(at("2028-07-20T08:00:00+09:00"))
    first = planner.plan_reminders(at("2028-07-20T09:00:00+09:00"), dispatch=False)
    planned_until(at("2028-07-20T08:00:00+09:00"))  # as if the first had not been saved
    second = planner.plan_reminders(at("2028-07-20T09:00:00+09:00"), dispatch=False)
    assert first.created > 0 and second.created == 0
    assert Delivery.objects.count() == first.created


def test_after_three_days_down_missed_reminders_go_once_marked_late(seeded):
    confirmed(
        target="event",
        target_slug="korean-war-armistice-agreement",
        lead_days=[7, 1, 0],
        timezone_name="Asia/Seoul",
    )
    planned_until(at("2028-07-25T12:00:00+09:00"))
    report = planner.plan_reminders(at("2028-07-28T12:00:00+09:00"), dispatch=False)
    assert report.created == 2 and report.late == 2  # the day before, and the day
    assert {(d.lead_days, d.late) for d in Delivery.objects.all()} == {(1, True), (0, True)}
    again = planner.plan_reminders(at("2028-07-28T12:05:00+09:00"), dispatch=False)
    assert again.created == 0


def test_reminders_older_than_the_setting_are_skipped(seeded, settings):
    settings.ANNALS_REMINDER_SKIP_LATE_DAYS = 2
    confirmed(
        target="event",
        target_slug="korean-war-armistice-agreement",
        lead_days=[7, 0],
        timezone_name="Asia/Seoul",
    )
    planned_until(at("2028-07-10T00:00:00+09:00"))
    report = planner.plan_reminders(at("2028-07-27T12:00:00+09:00"), dispatch=False)
    assert [d.lead_days for d in Delivery.objects.all()] == [0]  # the 7-day one is too old
    assert report.skipped_from is not None


@pytest.mark.parametrize(
    ("zone", "days"),
    [
        ("Europe/London", ("2027-03-27", "2027-03-29")),  # clocks go forward 28 March
        ("Europe/London", ("2027-10-30", "2027-11-01")),  # and back 31 October
        ("America/New_York", ("2027-03-13", "2027-03-15")),  # forward 14 March
        ("America/New_York", ("2027-11-06", "2027-11-08")),  # back 7 November
    ],
)
@pytest.mark.parametrize("send_at", [time(9, 0), time(1, 30), time(2, 30)])
def test_one_reminder_per_local_day_across_daylight_saving(zone, days, send_at):
    first, last = (date.fromisoformat(d) for d in days)
    day = first
    while day <= last:
        EventFactory(date=f"1990-{day.month:02d}-{day.day:02d}")
        day += timedelta(days=1)
    confirmed(target="all", lead_days=[0], timezone_name=zone, send_time=send_at)
    tz = ZoneInfo(zone)
    # Stepping in UTC: Python's arithmetic on aware datetimes is wall-clock arithmetic.
    moment = datetime.combine(first - timedelta(days=1), time(12), tzinfo=tz).astimezone(UTC)
    planned_until(moment)
    end = datetime.combine(last, time(23, 59), tzinfo=tz).astimezone(UTC)
    while moment < end:  # the beat, every 20 minutes
        moment += timedelta(minutes=20)
        planner.plan_reminders(moment, dispatch=False)
    deliveries = list(Delivery.objects.order_by("due_at"))
    local_days = [d.due_at.astimezone(tz).date() for d in deliveries]
    assert len(local_days) == len(set(local_days)) == (last - first).days + 1
    for delivery in deliveries:
        local = delivery.due_at.astimezone(tz)
        assert delivery.occurs_on == local.date()
        if send_at == time(9, 0):
            assert local.time() == send_at  # at the local send time, whatever the offset


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("feb28", [date(2027, 2, 28), date(2028, 2, 29), date(2029, 2, 28)]),
        ("mar1", [date(2027, 3, 1), date(2028, 2, 29), date(2029, 3, 1)]),
    ],
)
def test_29_february_is_reminded_once_a_year_on_the_documented_day(settings, policy, expected):
    settings.ANNALS_FEB29_POLICY = policy
    settings.ANNALS_REMINDER_SKIP_LATE_DAYS = 5000
    EventFactory(slug="leap", date="1896-02-29")
    confirmed(target="all", lead_days=[0], timezone_name="UTC")
    planned_until(at("2027-01-01T00:00:00+00:00"))
    planner.plan_reminders(at("2029-12-31T23:00:00+00:00"), dispatch=False)
    assert [d.occurs_on for d in Delivery.objects.order_by("occurs_on")] == expected


def test_milestones_only_and_longer_milestone_leads(seeded):
    confirmed(
        target="event",
        target_slug="korean-war-armistice-agreement",
        milestones_only=True,
        lead_days=[0],
        milestone_lead_days=[365, 0],
        timezone_name="UTC",
    )
    planned_until(at("2027-07-26T00:00:00+00:00"))
    planner.plan_reminders(at("2027-07-29T00:00:00+00:00"), dispatch=False)
    # 27 July 2027 is the 74th (no milestone); 365 days before the 75th (28 July 2027)
    # is a milestone lead.
    assert [(d.years, d.lead_days) for d in Delivery.objects.all()] == [(75, 365)]


def test_targets_tag_actor_place_and_timeline(seeded):
    for kind, slug in [
        ("tag", "covid-19"),
        ("actor", "sergei-shoigu"),
        ("place", "panmunjom"),
        ("timeline", "korean-war-armistice"),
    ]:
        confirmed(
            target=kind,
            target_slug=slug,
            lead_days=[0],
            timezone_name="UTC",
            email=f"{kind}@example.org",
        )
    planned_until(at("2027-12-31T23:00:00+00:00"))
    settings_days = 400
    from django.test import override_settings

    with override_settings(ANNALS_REMINDER_SKIP_LATE_DAYS=settings_days):
        planner.plan_reminders(at("2028-12-31T23:00:00+00:00"), dispatch=False)
    by_email = {}
    for delivery in Delivery.objects.select_related("event", "subscription"):
        by_email.setdefault(delivery.subscription.email, set()).add(delivery.event.slug)
    assert by_email["tag@example.org"] == {"north-korea-closes-borders"}
    assert by_email["actor@example.org"] == {
        "sergei-shoigu-arrives-in-pyongyang",
        "victory-day-2023",
        "night-parade-hwasong-18",
    }
    assert by_email["place@example.org"] == {"korean-war-armistice-agreement"}
    assert len(by_email["timeline@example.org"]) == Event.objects.count()


# --- Sending ----------------------------------------------------------------------------------


def plan_and_dispatch(moment: str) -> None:
    """The beat's planner run at `moment`, with workers (inline) on the same clock."""
    with time_machine.travel(at(moment), tick=False):
        planner.plan_reminders(dispatch=False)
        dispatch.dispatch_due()  # what plan_reminders does on commit (see below)


def dispatch_at(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        dispatch.dispatch_due()


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


def test_the_planner_hands_deliveries_to_workers_only_after_commit(
    seeded, smtp, django_capture_on_commit_callbacks
):
    confirmed(
        target="event",
        target_slug="korean-war-armistice-agreement",
        lead_days=[0],
        timezone_name="UTC",
    )
    planned_until(at("2028-07-27T08:00:00+00:00"))
    with time_machine.travel(at("2028-07-27T09:00:00+00:00"), tick=False):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            report = planner.plan_reminders()
        assert report.created == 1 and smtp.messages == []  # nothing before commit
        for callback in callbacks:
            callback()
    assert report.enqueued == 1 and len(smtp.messages) == 1


def test_two_workers_cannot_both_claim_a_delivery(seeded):
    confirmed(target="all", lead_days=[0], timezone_name="UTC")
    planned_until(at("2028-07-27T08:00:00+00:00"))
    planner.plan_reminders(at("2028-07-27T09:00:00+00:00"), dispatch=False)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    now = at("2028-07-27T09:00:01+00:00")
    assert sending.claim(ids, now) == ids
    assert sending.claim(ids, now) == []


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


def test_a_running_planner_leaves_no_work_for_a_second_and_a_dead_ones_lease_expires(seeded):
    confirmed(target="all", lead_days=[0], timezone_name="UTC")
    planned_until(at("2028-07-27T08:00:00+00:00"))
    PlannerState.objects.filter(pk=1).update(lease_until=datetime.now(UTC) + timedelta(minutes=5))
    busy = planner.plan_reminders(at("2028-07-27T09:00:00+00:00"), dispatch=False)
    assert busy.busy and busy.created == 0 and not Delivery.objects.exists()
    PlannerState.objects.filter(pk=1).update(
        lease_until=datetime.now(UTC) - timedelta(seconds=1)
    )  # its planner died
    report = planner.plan_reminders(at("2028-07-27T09:00:00+00:00"), dispatch=False)
    assert not report.busy and report.created == 4
    state = PlannerState.objects.get()
    assert state.lease_until is None and state.planned_until == at("2028-07-27T09:00:00+00:00")


def test_planning_as_of_a_later_moment_leaves_claims_in_flight_alone(seeded):
    confirmed(target="all", lead_days=[0], timezone_name="UTC")
    planned_until(at("2028-07-27T08:00:00+00:00"))
    planner.plan_reminders(at("2028-07-27T09:00:00+00:00"), dispatch=False)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    sending.claim(ids, datetime.now(UTC))  # a worker, on the real clock, is sending
    dispatch.dispatch_due(at("2028-07-27T09:05:00+00:00"))
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sending"}
