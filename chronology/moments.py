"""The planner's clock maths, pure: when a subscriber's local send time falls. No ORM,
no "now": the moments are passed in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def send_moments(
    since: datetime, until: datetime, zone: ZoneInfo, send_time: time
) -> Iterator[tuple[date, datetime]]:
    """(local day, aware moment) for each local day whose send time is in (since, until].

    One per local day, also on daylight-saving days: a send time that does not exist
    that day (the spring gap) falls at the same wall-clock offset as before the change,
    and one that happens twice (autumn) is taken the first time.
    """
    # Compared in UTC: aware datetimes sharing a tzinfo compare by wall clock in Python.
    since, until = since.astimezone(UTC), until.astimezone(UTC)
    day = since.astimezone(zone).date() - timedelta(days=1)
    last = until.astimezone(zone).date()
    while day <= last:
        moment = datetime.combine(day, send_time, tzinfo=zone).astimezone(UTC)
        if since < moment <= until:
            yield day, moment
        day += timedelta(days=1)
