"""2. Plan: turn subscriptions and anniversaries into deliveries.

Each run plans the send moments that fell in (planned_until, now]: for every active
subscription, each local day whose local send time lies in that span, and each lead
time, the anniversaries on (local day + lead). It records one Delivery per
(subscription, event, anniversary day, lead, bound) — the unique constraint makes a
second record impossible, so overlapping or repeated runs add nothing — and moves
planned_until to now. After a scheduler outage the span is simply longer: what fell due
meanwhile is planned once and marked late; what is older than
ANNALS_REMINDER_SKIP_LATE_DAYS is skipped (not planned at all).

Each committed chunk is then handed to the workers (dispatch.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from chronology.moments import send_moments
from chronology.recurrence import Anniversary, anniversaries_between, beyond_tables
from events.choices import Facts
from events.models import Event
from timeline import policy
from timeline.anniversaries.listing import anniversary_rows
from timeline.reminders.dispatch import dispatch_due
from timeline.reminders.models import Delivery, PlannerState, Subscription

log = logging.getLogger(__name__)


@dataclass
class PlanReport:
    since: datetime | None = None
    until: datetime | None = None
    created: int = 0
    late: int = 0
    skipped_from: datetime | None = None  # planning resumed here; earlier was too late
    enqueued: int = 0
    busy: bool = False  # another planner held the lease
    errors: list[str] = field(default_factory=list)
    # Events kept in a calendar whose tables miss a day planned: no reminder could be
    # worked out for them that day (by calendar, a sentence each).
    left_out: dict[str, str] = field(default_factory=dict)


class _AnniversaryCache:
    """Anniversaries by day, read once per day for all subscribers."""

    def __init__(self) -> None:
        self._days: dict[date, list[tuple[Facts, Anniversary]]] = {}
        self._policy, self._milestones = policy.feb29_policy(), policy.milestones()
        self.left_out: dict[str, str] = {}

    def on(self, day: date) -> list[tuple[Facts, Anniversary]]:
        if day not in self._days:
            rows = anniversary_rows(Event.objects.published(), day, day).prefetch_related(
                "tags", "participations", "timeline_entries"
            )
            for event in rows:
                if problem := beyond_tables(event.observed_in, day, day):
                    self.left_out[event.observed] = problem
            self._days[day] = [
                (
                    Facts(
                        e.pk,
                        e.place_id,
                        e.kind,
                        frozenset(t.pk for t in e.tags.all()),
                        frozenset(p.actor_id for p in e.participations.all()),
                        frozenset(t.timeline_id for t in e.timeline_entries.all()),
                    ),
                    anniversary,
                )
                for e in rows
                for anniversary in anniversaries_between(
                    e.date_value, day, day, self._policy, self._milestones, e.observed_in
                )
            ]
        return self._days[day]


def _planned(
    since: datetime, until: datetime, now: datetime, left_out: dict[str, str]
) -> Iterator[Delivery]:
    """The deliveries falling due from `since` to `until`; `left_out` gets a sentence for
    each calendar whose tables miss a day planned (its events get no reminder then)."""
    cache = _AnniversaryCache()
    active = Subscription.objects.filter(
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
        paused_at__isnull=True,
    ).select_related("target_timeline", "target_event")
    yield from _planned_for(active, cache, since, until, now)
    if cache.left_out:
        log.warning("Reminders not planned: %s", " ".join(cache.left_out.values()))
    left_out.update(cache.left_out)


def _planned_for(active, cache, since, until, now) -> Iterator[Delivery]:
    late_after = timedelta(seconds=settings.ANNALS_REMINDER_LATE_AFTER_SECONDS)
    for subscription in active.iterator(chunk_size=2000):
        if subscription.withdrawn():  # a timeline turned private, an event unpublished
            continue
        zone = ZoneInfo(subscription.timezone)
        leads = subscription.leads_for(milestone=True)
        for local_day, moment in send_moments(since, until, zone, subscription.send_time):
            due = moment
            for lead in leads:
                for facts, anniversary in cache.on(local_day + timedelta(days=lead)):
                    if (
                        lead not in subscription.leads_for(anniversary.milestone)
                        or (subscription.milestones_only and not anniversary.milestone)
                        or not subscription.choice().matches(facts)
                    ):
                        continue
                    yield Delivery(
                        subscription_id=subscription.pk,
                        event_id=facts.id,
                        occurs_on=anniversary.occurs_on,
                        lead_days=lead,
                        bound=anniversary.bound.value,
                        years=anniversary.years,
                        label=anniversary.label,
                        milestone=anniversary.milestone,
                        due_at=due,
                        next_attempt_at=due,
                        late=now - due > late_after,
                    )


def plan_reminders(now: datetime | None = None, *, dispatch: bool = True) -> PlanReport:
    """Plan what fell due up to `now` (default: the clock). Safe to run twice or twice
    at once: a lease keeps a second planner from repeating the first one's work, and the
    unique constraint keeps every reminder single even if two ever overlap.

    Deliveries are committed in chunks, each handed to the workers once committed, so
    that a large fan-out starts sending while the rest is still being planned.
    """
    now = (now or timezone.now()).astimezone(UTC)
    report = PlanReport(until=now)
    PlannerState.objects.get_or_create(pk=1)
    clock = timezone.now()
    taken = (
        PlannerState.objects.filter(pk=1)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=clock))
        .update(lease_until=clock + LEASE)
    )
    if not taken:
        report.busy = True  # another planner is at work; it plans this span
        return report
    try:
        _plan(report, now, dispatch)
        # Only forward, and only once planned: a failure leaves the span to the next run.
        PlannerState.objects.filter(pk=1).filter(
            Q(planned_until__isnull=True) | Q(planned_until__lt=report.until)
        ).update(planned_until=report.until)
    finally:
        PlannerState.objects.filter(pk=1).update(lease_until=None)
    return report


LEASE = timedelta(minutes=15)


def _plan(report: PlanReport, now: datetime, dispatch: bool) -> None:
    state = PlannerState.objects.get(pk=1)
    every = timedelta(seconds=settings.ANNALS_PLANNER_EVERY_SECONDS)
    since = state.planned_until or (now - every)
    oldest = now - timedelta(days=settings.ANNALS_REMINDER_SKIP_LATE_DAYS)
    if since < oldest:
        since = report.skipped_from = oldest  # too late to be worth sending
    report.since = since
    if now <= since:
        report.until = since  # nothing to plan; never move planned_until back
        return
    batch: list[Delivery] = []
    for delivery in _planned(since, now, now, report.left_out):
        batch.append(delivery)
        report.late += delivery.late
        if len(batch) >= CHUNK:
            _commit(batch, report, now, dispatch)
            batch = []
    _commit(batch, report, now, dispatch)


CHUNK = 2000


def _commit(batch: list[Delivery], report: PlanReport, now: datetime, dispatch: bool) -> None:
    with transaction.atomic():
        report.created += _insert(batch)
        if dispatch:
            # Handed to the workers only once committed: a rollback sends nothing.
            transaction.on_commit(lambda: _dispatch_into(report, now))


def _dispatch_into(report: PlanReport, now: datetime) -> None:
    enqueued, errors = dispatch_due(now)
    report.enqueued += enqueued
    report.errors += errors


def _insert(deliveries: list[Delivery]) -> int:
    """Insert what is not recorded yet; returns how many were new."""
    if not deliveries:
        return 0

    def key(d):
        return (d.subscription_id, d.event_id, d.occurs_on, d.lead_days, d.bound)

    existing = set(
        Delivery.objects.filter(
            subscription_id__in={d.subscription_id for d in deliveries},
            occurs_on__in={d.occurs_on for d in deliveries},
        ).values_list("subscription_id", "event_id", "occurs_on", "lead_days", "bound")
    )
    new = [d for d in deliveries if key(d) not in existing]
    # A planner racing this one is stopped by the unique constraint, not by the read.
    Delivery.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return len(new)


@shared_task(name="reminders.plan_reminders")
def plan_reminders_task() -> None:
    """The beat's job, every ANNALS_PLANNER_EVERY_SECONDS."""
    report = plan_reminders()
    if report.errors:
        # Deliveries are recorded; the next run enqueues what the broker refused.
        raise RuntimeError("; ".join(report.errors[:3]))
