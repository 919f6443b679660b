"""An event's columns are declared once (events/columns.py): every field of Event is
placed there, and the API, its list rows, its briefs and the exchange format show what
the declaration says, in its order."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from events import columns
from events.models import Event
from events.serializers import EventBriefSerializer, EventSerializer

pytestmark = pytest.mark.django_db


def test_every_field_of_an_event_is_declared_once():
    fields = {f.name for f in Event._meta.get_fields() if f.concrete and not f.many_to_many}
    declared = [
        *columns.WRITTEN,
        *columns.DERIVED,
        *columns.PICTURE,
        *columns.TRANSLATIONS,
        *columns.INTERNAL,
        "place",
    ]
    assert len(declared) == len(set(declared))
    assert fields == set(declared)


def test_the_serializers_fields_are_the_declaration():
    assert list(EventSerializer().fields) == [*columns.API, *columns.DETAIL_ONLY]
    assert list(EventBriefSerializer().fields) == list(columns.BRIEF_SHOWN)
    assert [n for n, f in EventSerializer().fields.items() if f.write_only] == ["body"]


def test_the_api_list_and_detail_show_the_declared_columns_in_order(seeded):
    api = APIClient()
    listed = api.get("/api/events/", {"page_size": 5}).json()["results"]
    assert [list(event) for event in listed] == [list(columns.SHOWN)] * len(listed)
    detail = api.get(f"/api/events/{listed[0]['slug']}/").json()
    assert list(detail) == [*columns.SHOWN, *columns.DETAIL_ONLY]
    brief = api.get("/api/anniversaries/", {"start": "2023-07-27", "end": "2023-07-27"}).json()
    assert [list(row["event"]) for row in brief["results"]][:1] == [list(columns.BRIEF_SHOWN)]


def test_the_export_header_is_the_exchange_declaration(seeded, client):
    response = client.get("/exports/events.csv")
    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert header == list(columns.EXCHANGE)
