"""timeline/queries.py: the indexed anniversary query agrees with the pure engine over all
rows, and the database serves it through the month-day indexes."""

import random
from datetime import date

import pytest
from django.test import override_settings

from events.maintenance import refresh_statistics
from events.models import Event
from tests.factories import EventFactory
from timeline import policy
from timeline.anniversaries import collect
from timeline.queries import anniversaries, anniversary_rows

pytestmark = pytest.mark.django_db

DATES = [
    "1953-07-27", "1950-06-25/1953-07-27", "1896-02-29", "2000-02-29", "-0043-03-15",
    "2023-07~", "1950?", "2020-21", "2020-24", "2020-37~", "195X", "1999-12-31",
    "2001-01-01", "1900-03-01", "1999-02-28", "2020-02/..", "../1953-07-27",
]

WINDOWS = [
    (date(2023, 7, 27), date(2023, 7, 27)),
    (date(2026, 12, 15), date(2027, 1, 14)),  # crosses the year end
    (date(2027, 2, 28), date(2027, 2, 28)),  # 29 February in a common year
    (date(2027, 3, 1), date(2027, 3, 1)),
    (date(2028, 2, 29), date(2028, 2, 29)),
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2026, 6, 1), date(2027, 6, 1)),  # 366 days
]


@pytest.fixture
def events():
    made = [EventFactory(date=text) for text in DATES]
    EventFactory(date="1953-07-27", status=Event.Status.DRAFT)
    return made


@pytest.mark.parametrize("feb29", ["feb28", "mar1"])
@pytest.mark.parametrize(("start", "end"), WINDOWS)
def test_indexed_query_matches_the_pure_engine_over_every_row(events, feb29, start, end):
    with override_settings(ANNALS_FEB29_POLICY=feb29):
        found = anniversaries(Event.objects.published(), start, end)
        everything = collect(
            ((e, e.date_value) for e in Event.objects.published()), start, end,
            policy.feb29_policy(), policy.milestones(),
        )
    assert [(e.slug, a) for e, a in found] == [(e.slug, a) for e, a in everything]
    assert found, "each window has something to find"


def test_rows_read_are_only_those_on_matching_month_days(events):
    rows = anniversary_rows(Event.objects.published(), date(2023, 7, 27), date(2023, 7, 27))
    assert {e.date for e in rows} == {"1953-07-27", "1950-06-25/1953-07-27",
                                      "../1953-07-27"}


def test_the_database_uses_the_month_day_indexes():
    rng = random.Random(1953)
    rows = []
    for n in range(3000):
        year, month, day = rng.randint(1000, 2020), rng.randint(1, 12), rng.randint(1, 28)
        text = f"{year}-{month:02d}-{day:02d}"
        if n % 10 == 0:
            text = f"{text}/{year + 3}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        event = Event(title=f"Event {n}", slug=f"event-{n}", date=text,
                      status=Event.Status.PUBLISHED)
        event.apply_date()
        rows.append(event)
    Event.objects.bulk_create(rows)
    refresh_statistics()  # as seeding, imports and the daily housekeeping do
    plan = anniversary_rows(
        Event.objects.published(), date(2026, 12, 15), date(2027, 1, 14)
    ).explain()
    assert "event_status_start_md" in plan and "event_status_end_md" in plan, plan
    assert "Seq Scan" not in plan and "SCAN events_event" not in plan, plan
