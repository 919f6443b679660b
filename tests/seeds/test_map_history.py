"""The map-history demo corpus: one event per distinct event, locations as places, credit."""

import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from events.models import Event, Place
from seeds.map_history import DEFAULT_PATH

pytestmark = pytest.mark.django_db


def load(path) -> str:
    out = StringIO()
    call_command("load_map_history", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def corpus(tmp_path):
    rows = [
        {
            "day": 27,
            "month": "July",
            "year": 1953,
            "description": "The armistice is signed.",
            "latitude": 37.96,
            "longitude": 126.66,
        },
        {
            "day": 27,
            "month": "July",
            "year": 1953,
            "description": "The armistice is signed.",
            "latitude": 37.5,
            "longitude": 127.0,
        },
        {
            "day": 15,
            "month": "March",
            "year": -43,
            "description": "Julius Caesar is assassinated.",
            "latitude": 41.89,
            "longitude": 12.47,
        },
        {
            "day": 29,
            "month": "February",
            "year": 1504,
            "description": "Columbus predicts an eclipse.",
            "latitude": 18.47,
            "longitude": -77.92,
        },
    ]
    (tmp_path / "07.json").write_text(json.dumps(rows[:2] + rows[2:3]))
    (tmp_path / "02.json").write_text(json.dumps(rows[3:]))
    return tmp_path


def test_one_event_per_distinct_event_with_its_locations_as_places(corpus, client):
    assert "3 distinct events: 3 created" in load(corpus)
    armistice = Event.objects.get(summary="The armistice is signed.")
    assert armistice.date_display == "27 July 1953"
    assert armistice.place.name == "37.96° N, 126.66° E"
    assert "37.50° N, 127.00° E" in armistice.body
    assert Place.objects.count() == 3
    assert Event.objects.get(summary__startswith="Julius").date_display == "15 March 44 BC"
    assert Event.objects.get(summary__startswith="Columbus").date == "1504-02-29"
    assert "3 unchanged" in load(corpus)
    cache.clear()
    page = client.get(f"/events/{armistice.slug}/").content.decode()
    assert "map-history</a> (GPL-3.0)" in page.split("<footer")[1]
    assert "Wikipedia “On this day” events, via map-history" in page


@pytest.mark.skipif(not DEFAULT_PATH.is_dir(), reason="../shared/data/map-history is absent")
def test_the_real_corpus_loads_completely():
    out = load(DEFAULT_PATH)
    assert "12,099 distinct events: 12,099 created" in out and "0 refused" in out
    assert Event.objects.filter(date__startswith="-").count() > 40
    assert Event.objects.filter(date__endswith="-02-29").count() == 25
