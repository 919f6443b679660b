"""import_wikidata's places: P625 on Earth only; the location (P276) from the same dump,
wherever in it, as the place; the entity's own point otherwise, named by the nearest
town; coordinates out of range or on another globe give no place."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from events.models import Event, Place

pytestmark = pytest.mark.django_db

DUMP = Path(__file__).parent.parent / "fixtures" / "wikidata-dump.json"
EARTH = "http://www.wikidata.org/entity/Q2"
MOON = "http://www.wikidata.org/entity/Q405"


def dated(qid: str, label: str, **claims) -> dict:
    good = json.loads(DUMP.read_text(encoding="utf-8").splitlines()[1].rstrip(","))
    return {
        **good,
        "id": qid,
        "labels": {"en": {"value": label}},
        "claims": {**good["claims"], **claims},
    }


def statement(value: dict, datatype: str = "globe-coordinate") -> list[dict]:
    return [{"mainsnak": {"snaktype": "value", "datavalue": {"value": value}}, "rank": "normal"}]


def point(latitude, longitude, globe=EARTH) -> list[dict]:
    return statement({"latitude": latitude, "longitude": longitude, "globe": globe})


def item(qid: str) -> list[dict]:
    return statement({"entity-type": "item", "id": qid})


def load(tmp_path, entities) -> str:
    dump = tmp_path / "dump.json"
    dump.write_text("[\n" + ",\n".join(json.dumps(e) for e in entities) + "\n]\n")
    out = StringIO()
    call_command("import_wikidata", str(dump), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_location_from_the_same_dump_is_the_place_wherever_it_comes(tmp_path):
    signing = dated("Q7000001", "Armistice signing", P276=item("Q7000100"), P625=point(38, 126))
    panmunjom = {
        "id": "Q7000100",
        "labels": {"en": {"value": "Panmunjom"}},
        "claims": {"P625": point(37.9559, 126.6772)},
    }
    load(tmp_path, [signing, panmunjom])  # the location after the event
    event = Event.objects.get(external_id="Q7000001")
    place = event.place
    assert (place.slug, place.name) == ("wikidata-q7000100", "Panmunjom")
    assert (float(place.latitude), float(place.longitude)) == (37.9559, 126.6772)
    assert place.country == "North Korea"
    # The location itself has no date: it is a place, not an event.
    assert not Event.objects.filter(external_id="Q7000100").exists()


def test_an_events_own_point_on_earth_is_a_place_named_by_the_nearest_town(tmp_path):
    load(tmp_path, [dated("Q7000002", "A battle near Paris", P625=point(48.85, 2.35))])
    place = Event.objects.get(external_id="Q7000002").place
    assert place.slug == "wikidata-q7000002-point"
    assert (place.name, place.country) == ("Paris", "France")


@pytest.mark.parametrize(
    "claims",
    [
        {"P625": point(0.67, 23.47, globe=MOON)},  # Tranquillity Base
        {"P625": point(95, 10)},
        {"P625": point(10, 200)},
        {"P625": statement({"latitude": "north", "longitude": 1, "globe": EARTH})},
        {"P276": item("Q7000199")},  # a location not in the dump
    ],
)
def test_no_place_without_coordinates_on_earth(tmp_path, claims):
    load(tmp_path, [dated("Q7000003", "Somewhere else", **claims)])
    assert Event.objects.get(external_id="Q7000003").place is None
    assert not Place.objects.exists()


def test_a_location_on_the_moon_falls_back_to_the_events_own_point(tmp_path):
    landing = dated("Q7000004", "A landing", P276=item("Q7000101"), P625=point(28.57, -80.65))
    moon_base = {
        "id": "Q7000101",
        "labels": {"en": {"value": "Tranquillity Base"}},
        "claims": {"P625": point(0.67, 23.47, globe=MOON)},
    }
    load(tmp_path, [moon_base, landing])
    place = Event.objects.get(external_id="Q7000004").place
    assert place.slug == "wikidata-q7000004-point" and place.country == "United States"
