"""Planning reminders: which anniversaries, when in the subscriber's day, once each, after
downtime, and handed to workers only after commit.

The faults that need a real worker, Redis and PostgreSQL are in test_reminder_faults.py."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events.models import Event
from tests.factories import EventFactory
from tests.reminders.helpers import at, call_command_output, confirmed, planned_until
from timeline.reminders import dispatch, planner, sending
from timeline.reminders.models import Delivery, PlannerState

pytestmark = pytest.mark.django_db


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
