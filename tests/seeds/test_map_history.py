"""The map-history demo corpus: one event per distinct event, locations as places, credit."""

import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from events.models import Event, Place

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
    # A point in a town is that town (one place for all its events), named by an offline
    # gazetteer, its country as CLDR names it.
    assert (armistice.place.slug, armistice.place.name) == ("kaesong-kp", "Kaesŏng")
    assert armistice.place.country == "North Korea"
    assert "Also located at: Seoul, South Korea." in armistice.body
    assert Place.objects.count() == 3
    assert Event.objects.get(summary__startswith="Julius").date_display == "15 March 44 BC"
    assert Event.objects.get(summary__startswith="Columbus").date == "1504-02-29"
    assert "3 unchanged, 0 refused; 0 places renamed, 0 unused places removed" in load(corpus)
    cache.clear()
    page = client.get(f"/events/{armistice.slug}/").content.decode()
    assert "map-history</a> (GPL-3.0)" in page.split("<footer")[1]
    assert "Wikipedia “On this day” events, via map-history" in page


# The real corpus's complete load is tested where it is loaded once for the public surface
# (tests/test_public_surface.py::test_the_real_corpus_loaded_completely): loading 12,000
# events costs 40 seconds a pass.


def test_a_database_loaded_before_places_were_towns_is_brought_up_to_date(corpus):
    """Earlier loads gave every point a place named by its coordinates: loading again
    moves the events to their towns and removes the places no event names."""
    load(corpus)
    armistice = Event.objects.get(summary="The armistice is signed.")
    old = Place.objects.create(slug="map-37-96-126-66", name="37.96° N, 126.66° E")
    Event.objects.filter(pk=armistice.pk).update(place=old)
    out = load(corpus)
    assert "1 updated" in out and "1 unused places removed" in out
    armistice.refresh_from_db()
    assert armistice.place.slug == "kaesong-kp"
    assert not Place.objects.filter(slug__startswith="map-").exists()


def test_points_away_from_towns_are_places_of_their_own_named_by_distance(tmp_path):
    rows = [
        {
            "day": 1,
            "month": "May",
            "year": 1915,
            "description": "A ship sinks.",
            "latitude": 0.0,
            "longitude": 0.0,
        },
        {
            "day": 1,
            "month": "May",
            "year": 1916,
            "description": "A ship is found.",
            "latitude": 0.0,
            "longitude": 0.0,
        },
    ]
    (tmp_path / "05.json").write_text(json.dumps(rows))
    load(tmp_path)
    [place] = Place.objects.all()
    assert place.slug == "map-0-00-0-00" and place.events.count() == 2
    assert (place.name, place.country) == ("580 km from Takoradi, Ghana", "")
    Place.objects.update(name="0.00° N, 0.00° E")
    assert "1 places renamed" in load(tmp_path)
    assert Place.objects.get().name == "580 km from Takoradi, Ghana"


@pytest.mark.parametrize(
    "description, title",
    [
        (
            "World War II: The U.S. Seventh Army under General George S. Patton arrives in "
            "Messina, Italy. The conquest of Sicily is complete.",
            "World War II: The U.S. Seventh Army under General George S. Patton arrives in "
            "Messina, Italy",
        ),
        (
            "Reconstruction Era: Post-U.S. Civil War military control of Mississippi ends.",
            "Reconstruction Era: Post-U.S. Civil War military control of Mississippi ends",
        ),
        (
            "Elizabeth I is crowned Queen of England and Ireland. The abbey is full.",
            "Elizabeth I is crowned Queen of England and Ireland",
        ),
        (
            "The siege of the fort ends with the surrender of the garrison to the besieging "
            "army under the command of Lt. Gen. Arsenio Linares y Pombo of the Spanish Army.",
            "The siege of the fort ends with the surrender of the garrison to the besieging "
            "army under the command of…",
        ),
    ],
)
def test_titles_are_first_sentences_never_cut_at_an_abbreviation(description, title):
    from seeds.map_history import _title

    assert _title(description) == title


def test_points_are_named_by_the_largest_town_they_are_in_or_near():
    from events.gazetteer import name_points

    named = name_points([(38.8951, -77.0364), (52.52, 13.405), (37.488, 137.271), (0.0, 0.0)])
    # GeoNames counts city districts as towns ("Shaw", "Mitte"): the city is named.
    assert [(n.name, n.country) for n in named[:2]] == [
        ("Washington", "United States"),
        ("Berlin", "Germany"),
    ]
    assert named[2].name.startswith("near ") and named[2].country == "Japan"
    # At sea: the nearest town and how far, and no country the point is not in.
    assert named[3].name == "580 km from Takoradi, Ghana" and named[3].country == ""
