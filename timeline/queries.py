"""Anniversary reads backed by the indexes on Event.start_md and Event.end_md."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from events.models import Event
from timeline import policy
from timeline.anniversaries import Anniversary, collect, window_month_days


def anniversary_rows(events: QuerySet[Event], start: date, end: date) -> QuerySet[Event]:
    """Only the events whose start or end is listed on a month-day inside the window:
    range conditions on the indexed month-day columns (a year-end window is two ranges).
    """
    condition = Q()
    for low, high in window_month_days(start, end, policy.feb29_policy()):
        condition |= Q(start_md__range=(low, high)) | Q(end_md__range=(low, high))
    return events.filter(condition).order_by()  # ordering is done after, in Python


def anniversaries(
    events: QuerySet[Event], start: date, end: date, *, milestones_only: bool = False
) -> list[tuple[Event, Anniversary]]:
    """(event, anniversary) pairs from `start` to `end`, by day, then oldest first."""
    rows = anniversary_rows(events, start, end)
    return collect(
        ((event, event.date_value) for event in rows),
        start, end, policy.feb29_policy(), policy.milestones(),
        milestones_only=milestones_only,
    )
