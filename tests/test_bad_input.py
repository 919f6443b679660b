"""Bad input is a 400 naming the field, with nothing half-saved; every date Annals accepts
works in every export and feed."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from chronology.dates import MAX_YEAR, MIN_YEAR
from events.models import Event, Tag
from tests.factories import EventFactory
from timeline.models import Timeline, TimelineEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.mark.parametrize(
    "date, problem",
    [
        ("Y5900000", f"accepts years from {MIN_YEAR} to {MAX_YEAR}"),
        ("Y-1000000", "accepts years"),
        ("1953-07-27\n", "line break"),
        ("1953\n/1954", "line break"),
        ("1953-07-27\x00", "NUL"),  # refused by the JSON parser, before the field
        ("10000-01-01", "not an EDTF date"),
    ],
)
def test_dates_out_of_range_or_with_line_breaks_are_refused(seeded, api, date, problem):
    before = Event.objects.count()
    response = api.post("/api/events/", {"title": "Bad", "date": date}, format="json")
    assert response.status_code == 400, response.content
    assert problem in response.json()["date"][0]
    assert Event.objects.count() == before
    patched = api.patch("/api/events/korean-war/", {"date": date}, format="json")
    assert patched.status_code == 400 and "date" in patched.json()
    assert Event.objects.get(slug="korean-war").date == "1950-06-25/1953-07-27"


EXTREMES = [
    "9999-07-27",
    "9999-12-31",
    "9999",
    "9999-12-31/..",
    "Y-999999",
    "-9999-01-01",
    "Y-12000",
    "0000-02-29",
    "-0043-03-15",
    "0001-01-01",
    "2024-02-29",
]


@pytest.fixture
def extremes(seeded):
    tag = Tag.objects.create(slug="edge", name="Edge")
    timeline = Timeline.objects.get(slug="korean-war-armistice")
    events = []
    for n, date in enumerate(EXTREMES):
        event = EventFactory(slug=f"edge-{n}", title=f"Edge {date}", date=date)
        event.tags.add(tag)
        TimelineEntry.objects.create(timeline=timeline, event=event, position=100 + n)
        events.append(event)
    return events


def test_every_accepted_extreme_works_in_every_export_and_feed(extremes):
    client = Client()
    paths = [
        "/",
        "/anniversaries.ics",
        "/anniversaries.ics?milestones_only=false",
        "/tags/edge.ics",
        "/timelines/korean-war-armistice.ics",
        "/tags/edge/",
        "/timelines/korean-war-armistice/",
        "/feeds/anniversaries.atom",
        "/feeds/events.atom",
        "/exports/events.csv",
        "/exports/events.jsonl",
        "/api/events/?tag=edge",
        "/api/timelines/korean-war-armistice/timelinejs/",
        "/api/anniversaries/?start=9999-07-01&end=9999-12-31",
        "/api/anniversaries/?date=0001-01-01",
        "/api/on-this-day/02-29/",
        "/search/?q=Edge",
    ]
    for event in extremes:
        paths += [
            f"/events/{event.slug}/",
            f"/events/{event.slug}.ics",
            f"/api/events/{event.slug}/",
        ]
    failures = {}
    for path in paths:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code != 200 or not body:
            failures[path] = response.status_code
    assert failures == {}
    csv = b"".join(client.get("/exports/events.csv").streaming_content).decode()
    assert all(f"Edge {date}" in csv for date in EXTREMES)


@pytest.mark.parametrize(
    "path, param",
    [
        ("/search/", "q"),
        ("/exports/events.csv", "tag"),
        ("/tags/korean-war/", "after"),
        ("/api/events/", "q"),
        ("/api/events/", "tag"),
        ("/api/anniversaries/", "tag"),
        ("/timelines/korean-war-armistice/", "zoom"),
    ],
)
def test_nul_characters_in_parameters_are_a_400_naming_them(seeded, path, param):
    response = Client().get(path, {param: "war\x00"})
    assert response.status_code == 400
    assert param in response.content.decode() and "NUL" in response.content.decode()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"place": "pyong\x00yang"}, "place"),
        ({"tags": ["korean-war", "x\x00"]}, "tags.1"),
        ({"actors": [{"slug": "sergei-shoigu", "role": "guest\x00"}]}, "actors.0.role"),
        ({"summary": "fine", "\x00": "key"}, "\\x00"),
    ],
)
def test_nul_characters_in_json_are_a_400_naming_where(seeded, api, body, field):
    before = Event.objects.get(slug="korean-war-armistice-agreement")
    response = api.patch("/api/events/korean-war-armistice-agreement/", body, format="json")
    assert response.status_code == 400
    assert field in response.json() or field.replace("\\x00", "\x00") in response.json()
    after = Event.objects.get(slug="korean-war-armistice-agreement")
    assert (after.summary, after.place_id) == (before.summary, before.place_id)
    timeline = api.patch(
        "/api/timelines/korean-war-armistice/", {"events": ["\x00"]}, format="json"
    )
    assert timeline.status_code == 400 and "events.0" in timeline.json()


@pytest.mark.parametrize("value", ["%00", "19%s", "%(x)s", "1953-07-27x"])
def test_date_filters_with_percent_signs_are_a_400_not_a_500(seeded, value):
    for name in ("after", "before"):
        response = APIClient().get("/api/events/", {name: value})
        assert response.status_code == 400 and name in response.json()


@pytest.mark.parametrize(
    "path, method, field, item",
    [
        ("/api/events/", "post", "tags", "korean-war"),
        ("/api/events/", "post", "citations", {"source": 1}),
        ("/api/events/", "post", "actors", {"slug": "sergei-shoigu", "role": "guest"}),
        ("/api/timelines/korean-war-armistice/", "patch", "events", "korean-war"),
    ],
)
def test_list_fields_are_bounded_before_any_item_is_read(seeded, api, path, method, field, item):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    body = {"title": "Many", "date": "1953", field: [item] * 10_001}
    with CaptureQueriesContext(connection) as queries:
        response = getattr(api, method)(path, body, format="json")
    assert response.status_code == 400
    assert "Give at most" in response.json()[field][0]
    assert len(queries) < 20  # counted, not looked up one by one


def test_a_big_timeline_lists_its_first_events_in_the_api(seeded, settings):
    from timeline.serializers import EVENTS_SHOWN, EVENTS_SHOWN_IN_LISTS

    timeline = Timeline.objects.get(slug="korean-war-armistice")
    Event.objects.bulk_create(
        Event(
            title=f"Day {n}",
            slug=f"day-{n}",
            date="1953-07-27",
            status="published",
            sort_day=-6000 + n,
            start_year=1953,
        )
        for n in range(EVENTS_SHOWN + 5)
    )
    TimelineEntry.objects.bulk_create(
        TimelineEntry(timeline=timeline, event=event, position=1000 + n)
        for n, event in enumerate(Event.objects.filter(slug__startswith="day-"))
    )
    detail = APIClient().get("/api/timelines/korean-war-armistice/").json()
    assert len(detail["events"]) == EVENTS_SHOWN
    assert detail["events_url"].endswith("/api/events/?timeline=korean-war-armistice")
    # In the timeline's order: the seed's own entries (lower positions) come first.
    slugs = [e["slug"] for e in detail["events"]]
    seeded_first = next(n for n, slug in enumerate(slugs) if slug.startswith("day-"))
    assert seeded_first > 0
    assert slugs[seeded_first : seeded_first + 3] == ["day-0", "day-1", "day-2"]
    listed = APIClient().get("/api/timelines/").json()["results"]
    assert [len(t["events"]) for t in listed] == [EVENTS_SHOWN_IN_LISTS]


def test_the_timelines_list_costs_the_same_queries_for_any_number_of_timelines(
    seeded, django_assert_num_queries
):
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.create(username="curator")
    events = list(Event.objects.published()[:3])

    def listed() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = APIClient().get("/api/timelines/?page_size=200")
        assert response.status_code == 200
        return len(queries)

    few = listed()
    for n in range(30):
        timeline = Timeline.objects.create(title=f"T{n}", slug=f"t-{n}", owner=owner)
        for position, event in enumerate(events):
            TimelineEntry.objects.create(timeline=timeline, event=event, position=position)
    assert listed() == few


def test_a_partial_update_with_nested_citations_takes_their_defaults(seeded, api):
    from events.models import Source

    source = Source.objects.first()
    response = api.patch(
        "/api/events/korean-war-armistice-agreement/",
        {"citations": [{"source": source.pk}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    [citation] = response.json()["citations"]
    assert (citation["quote"], citation["locator"]) == ("", "")


def test_an_actor_given_the_same_name_twice_is_a_400(seeded, api):
    name = {"name": "세르게이 쇼이구", "language": "ko", "kind": "native"}
    response = api.patch("/api/actors/sergei-shoigu/", {"names": [name, name]}, format="json")
    assert response.status_code == 400
    assert "given twice" in response.json()["names"][0]


def test_a_write_a_constraint_refuses_is_a_409_not_a_500(seeded, api, monkeypatch):
    from django.db import IntegrityError

    from events import serializers

    def refused(**kwargs):  # as if another request took the slug between check and write
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(serializers, "event_save", refused)
    response = api.post("/api/events/", {"title": "Race", "date": "1953"}, format="json")
    assert response.status_code == 409 and "conflicts" in response.json()["detail"]
    assert not Event.objects.filter(title="Race").exists()


# Dates at the edges of what each calendar and each way of keeping anniversaries reaches:
# the Julian-Gregorian gap grows to 73 days by 9998, the tables of the lunar and Islamic
# calendars end, 29 February exists in one calendar and not the other.
EDGE_DATES = [
    "9999-12-31",
    "9998-12-31",
    "9998-10-19",
    "9999-10-19",
    "2050-12-31",
    "2077-11-16",
    "2100-02-08",
    "1900-02-29",
    "2000-02-29",
    "0001-01-01",
    "0000-02-29",
    "-0043-03-15",
    "1582-10-10",
]


def _accepted_edges():
    from chronology.calendars import Observed
    from chronology.dates import Calendar
    from events.models import moment_problems

    return [
        (date, calendar.value, observed.value)
        for date in EDGE_DATES
        for calendar in Calendar
        for observed in Observed
        if not moment_problems(date, None, "", calendar.value, observed.value)
    ]


def test_every_accepted_date_calendar_and_observed_works_in_every_export_and_feed(seeded):
    edges = _accepted_edges()
    assert len(edges) > 40  # the rule itself accepts many: the test covers them all
    timeline = Timeline.objects.get(slug="korean-war-armistice")
    tag = Tag.objects.create(slug="edge", name="Edge")
    for n, (date, calendar, observed) in enumerate(edges):
        event = EventFactory(
            slug=f"edge-{n}",
            title=f"Edge {date} {calendar} {observed}",
            date=date,
            calendar=calendar,
            observed=observed,
        )
        event.tags.add(tag)
        TimelineEntry.objects.create(timeline=timeline, event=event, position=500 + n)
    client = Client()
    paths = [
        "/",
        "/anniversaries.ics",
        "/anniversaries.ics?milestones_only=false&rscale=yes",
        "/tags/edge.ics?rscale=yes",
        "/timelines/korean-war-armistice.ics",
        "/timelines/korean-war-armistice/",
        "/tags/edge/",
        "/feeds/anniversaries.atom",
        "/feeds/events.atom",
        "/exports/events.csv?tag=edge",
        "/exports/events.jsonl?tag=edge",
        "/api/events/?tag=edge&page_size=200",
        "/api/timelines/korean-war-armistice/timelinejs/",
        "/api/anniversaries/?start=9999-01-01&end=9999-12-31&page_size=200",
        "/api/anniversaries/?start=2050-07-01&end=2051-06-30&page_size=200",
        "/api/anniversaries/?start=0001-01-01&end=0001-12-31",
        "/api/on-this-day/02-29/?year=9996",
        "/api/on-this-day/12-31/?year=9999",
    ]
    paths += [f"/events/edge-{n}/" for n in range(len(edges))]
    paths += [f"/events/edge-{n}.ics?rscale=yes" for n in range(len(edges))]
    paths += [f"/api/events/edge-{n}/" for n in range(len(edges))]
    failures = {}
    for path in paths:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code != 200 or not body:
            failures[path] = response.status_code
    assert failures == {}
