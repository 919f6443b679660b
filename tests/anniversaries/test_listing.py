"""timeline/anniversaries/listing.py: the indexed anniversary query agrees with the pure
engine over all rows, and the database serves it through the month-day indexes."""

import random
from datetime import date

import pytest
from django.test import override_settings

from chronology.recurrence import collect
from events.maintenance import refresh_statistics
from events.models import Event
from tests.factories import EventFactory
from timeline import policy
from timeline.anniversaries.listing import anniversaries, anniversary_rows, listing, resolve

pytestmark = pytest.mark.django_db

DATES = [
    "1953-07-27",
    "1950-06-25/1953-07-27",
    "1896-02-29",
    "2000-02-29",
    "-0043-03-15",
    "2023-07~",
    "1950?",
    "2020-21",
    "2020-24",
    "2020-37~",
    "195X",
    "1999-12-31",
    "2001-01-01",
    "1900-03-01",
    "1999-02-28",
    "2020-02/..",
    "../1953-07-27",
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
            ((e, e.date_value) for e in Event.objects.published()),
            start,
            end,
            policy.feb29_policy(),
            policy.milestones(),
        )
    assert [(e.slug, a) for e, a in found] == [(e.slug, a) for e, a in everything]
    assert found, "each window has something to find"


@pytest.mark.parametrize(("start", "end"), WINDOWS)
def test_milestones_only_matches_the_pure_engine(events, start, end):
    found = anniversaries(Event.objects.published(), start, end, milestones_only=True)
    everything = collect(
        ((e, e.date_value) for e in Event.objects.published()),
        start,
        end,
        policy.feb29_policy(),
        policy.milestones(),
        milestones_only=True,
    )
    assert [(e.slug, a) for e, a in found] == [(e.slug, a) for e, a in everything]


def test_milestones_in_sql_follow_the_rule_beyond_the_explicit_list():
    # 1, 5, 10 … 100 explicitly; then every 25 years up to 500; then every 100.
    for years in [70, 71, 99, 100, 125, 130, 500, 525, 600, 650, 2100]:
        year = 2026 - years
        text = f"{year:05d}-07-27" if year < 0 else f"{year:04d}-07-27"
        EventFactory(date=text, title=f"{years} years")
    found = anniversaries(
        Event.objects.published(), date(2026, 7, 27), date(2026, 7, 27), milestones_only=True
    )
    assert [a.years for _, a in found] == [2100, 600, 500, 125, 100, 70]


@pytest.mark.parametrize(("start", "end"), WINDOWS[1:3])
def test_a_page_of_the_listing_is_the_same_slice_of_the_whole(events, start, end):
    whole = anniversaries(Event.objects.published(), start, end)
    rows = listing(Event.objects.published(), start, end)
    assert rows.count() == len(whole)
    for offset in range(0, len(whole), 2):
        page = resolve(rows[offset : offset + 2], Event.objects.all())
        assert page == whole[offset : offset + 2]


def test_an_empty_listing_counts_and_slices_to_nothing():
    rows = listing(Event.objects.none(), date(2026, 1, 1), date(2026, 12, 31))
    assert rows.count() == 0 and rows[0:50] == [] and rows[0:0] == []


def test_rows_read_are_only_those_on_matching_month_days(events):
    rows = anniversary_rows(Event.objects.published(), date(2023, 7, 27), date(2023, 7, 27))
    assert {e.date for e in rows} == {"1953-07-27", "1950-06-25/1953-07-27", "../1953-07-27"}


def test_the_database_uses_the_month_day_indexes():
    rng = random.Random(1953)
    rows = []
    for n in range(3000):
        year, month, day = rng.randint(1000, 2020), rng.randint(1, 12), rng.randint(1, 28)
        text = f"{year}-{month:02d}-{day:02d}"
        if n % 10 == 0:
            text = f"{text}/{year + 3}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        event = Event(
            title=f"Event {n}", slug=f"event-{n}", date=text, status=Event.Status.PUBLISHED
        )
        event.apply_date()
        rows.append(event)
    Event.objects.bulk_create(rows)
    refresh_statistics()  # as seeding, imports and the daily housekeeping do
    window = (date(2026, 12, 15), date(2027, 1, 14))
    for plan in [
        anniversary_rows(Event.objects.published(), *window).explain(),
        listing(Event.objects.published(), *window).explain(50),
    ]:
        assert "event_start_md" in plan and "event_end_md" in plan, plan
        assert "Seq Scan" not in plan and "SCAN events_event" not in plan, plan


def test_a_capped_count_reads_each_range_only_up_to_the_cap():
    for year in range(1900, 1910):
        EventFactory(date=f"{year}-08-01")
        EventFactory(date=f"{year}-08-02")
    rows = listing(Event.objects.published(), date(2026, 8, 1), date(2026, 8, 2))
    assert rows.count() == 20
    assert rows.count_up_to(20) == 20 and rows.count_up_to(25) == 20
    assert rows.count_up_to(19) is None and rows.count_up_to(10) is None
