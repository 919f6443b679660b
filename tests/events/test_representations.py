"""events/representations.py: list pages show exactly what EventSerializer shows, in a
constant number of queries."""

import json
from datetime import time

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from events import columns
from events.models import Citation, Event, EventRelation, Participation
from events.representations import event_representations, event_rows
from events.serializers import EventSerializer
from tests.factories import (
    ActorFactory,
    EventFactory,
    PlaceFactory,
    SourceFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def _json(data) -> list:
    return json.loads(json.dumps(data))


@pytest.fixture
def varied():
    """Every kind of thing an event shows: times, places, tags, people, sources with
    and without dates, relations both ways, Markdown, BCE and open intervals."""
    place = PlaceFactory(slug="pyongyang")
    visit = EventFactory(
        slug="visit",
        date="2023-07-26",
        time=time(21, 30, 5),
        timezone="Asia/Pyongyang",
        place=place,
        body="A *night* parade.",
        summary="Shoigu and Li in Pyongyang.",
    )
    signing = EventFactory(slug="signing", date="1953-07-27")
    war = EventFactory(slug="war", date="1950-06-25/1953-07-27")
    EventFactory(slug="ides", date="-0043-03-15")
    EventFactory(slug="closed", date="2020-37~/..")
    EventFactory(slug="about", date="1950~", status=Event.Status.DRAFT)
    visit.tags.add(TagFactory(name="Zeta", slug="zeta"), TagFactory(name="Alpha", slug="alpha"))
    for role, actor in [
        ("visitor", ActorFactory(slug="shoigu")),
        ("host", ActorFactory(slug="kim")),
    ]:
        Participation.objects.create(event=visit, actor=actor, role=role)
    Citation.objects.create(
        event=visit,
        source=SourceFactory(published="2023-07-26", archive_url="https://a.example/1"),
        quote="A parade",
        locator="para. 2",
    )
    Citation.objects.create(event=visit, source=SourceFactory(), quote="")
    EventRelation.objects.create(from_event=visit, to_event=signing, kind="commemorates")
    EventRelation.objects.create(from_event=signing, to_event=war, kind="part_of")
    EventRelation.objects.create(from_event=visit, to_event=war, kind="related")


def test_list_rows_show_what_the_serializer_shows(varied, seeded):
    request = RequestFactory().get("/api/events/", HTTP_HOST="testserver")
    events = Event.objects.order_by("sort_day", "id")
    serializer = EventSerializer(
        events.with_relations(actor_names=False), many=True, context={"request": request}
    )
    # A list leaves out what only an event's own page holds (its translations).
    expected = [
        {k: v for k, v in e.items() if k not in columns.DETAIL_ONLY} for e in _json(serializer.data)
    ]
    shown = _json(event_representations(event_rows(events), request))
    assert [e["slug"] for e in shown] == [e["slug"] for e in expected]
    for mine, theirs in zip(shown, expected, strict=True):
        assert list(mine) == list(theirs), "same fields, same order"
        assert mine == theirs
    visit = next(e for e in shown if e["slug"] == "visit")
    assert visit["tags"] == ["alpha", "zeta"] and visit["time"] == "21:30:05"
    assert [r["label"] for r in visit["relations"]] == ["commemorates", "is related to"]


def test_the_api_list_uses_them_in_constant_queries():
    from rest_framework.test import APIClient

    client = APIClient()

    def queries(n):
        for _ in range(n):
            event = EventFactory(place=PlaceFactory())
            event.tags.add(TagFactory())
            Participation.objects.create(event=event, actor=ActorFactory())
            Citation.objects.create(event=event, source=SourceFactory())
            EventRelation.objects.create(from_event=event, to_event=EventFactory(), kind="follows")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/events/", {"page_size": 200})
        assert response.status_code == 200
        return len(captured), len(response.json()["results"])

    few, many = queries(2), queries(20)
    assert few[0] == many[0] <= 6, (few, many)
    assert many[1] > few[1]
