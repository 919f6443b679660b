"""GET /api/geo/events/: RFC 7946 GeoJSON of the events the events list gives, checked by
an independent implementation (python-geojson): longitude first, six decimals, no crs,
null geometries for events without a point, the same filters, a bounded size with a
`next`, kept until the records change, and constant queries."""

import json

import geojson
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from events.models import Event, Place
from tests.factories import EventFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def collection(response) -> dict:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    checked = geojson.loads(response.content.decode())
    assert checked.is_valid, checked.errors()
    assert "crs" not in data
    return data


def test_the_seeds_pyongyang_events_longitude_first(seeded, api):
    data = collection(api.get("/api/geo/events/", {"place": "pyongyang"}))
    assert data["type"] == "FeatureCollection" and data["features"]
    for feature in data["features"]:
        assert feature["geometry"] == {"type": "Point", "coordinates": [125.7625, 39.0392]}
        props = feature["properties"]
        assert props["place"] == "Pyongyang, North Korea"
        assert {"slug", "title", "date", "date_display", "earliest", "latest", "url"} <= set(props)
        assert props["url"].endswith(f"/events/{props['slug']}/")
    shoigu = next(f for f in data["features"] if f["id"] == "sergei-shoigu-arrives-in-pyongyang")
    assert shoigu["properties"]["date_display"] == "25 July 2023"
    assert data["next"] is None and data["note"] is None


def test_an_event_without_a_point_has_a_null_geometry(api):
    EventFactory(slug="nowhere", place=None)
    EventFactory(slug="unmapped", place=PlaceFactory(latitude=None, longitude=None))
    EventFactory(slug="precise", place=PlaceFactory(latitude="37.1234567", longitude="-0.5"))
    data = collection(api.get("/api/geo/events/"))
    geometries = {f["id"]: f["geometry"] for f in data["features"]}
    assert geometries["nowhere"] is None and geometries["unmapped"] is None
    assert geometries["precise"]["coordinates"] == [-0.5, 37.123457]  # six decimals


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"q": "Шойгу"},
            {"sergei-shoigu-arrives-in-pyongyang", "victory-day-2023", "night-parade-hwasong-18"},
        ),
        ({"tag": "covid-19"}, {"north-korea-closes-borders"}),
        (
            {"timeline": "korean-war-armistice", "kind": "signing"},
            {"korean-war-armistice-agreement"},
        ),
        (
            {"after": "2023-07-26", "before": "2023-07-27"},
            {"victory-day-2023", "night-parade-hwasong-18"},
        ),
    ],
)
def test_the_same_filters_as_the_events_list(seeded, api, query, expected):
    data = collection(api.get("/api/geo/events/", query))
    assert {f["id"] for f in data["features"]} == expected
    listed = api.get("/api/events/", query).json()["results"]
    assert {e["slug"] for e in listed} == expected


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"tag": "no-such"}, "tag"),
        ({"page_size": "2001"}, "page_size"),
        ({"page_size": "١٠"}, "page_size"),
        ({"cursor": "x.y"}, "cursor"),
        ({"after": "soon"}, "after"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(api, query, named):
    response = api.get("/api/geo/events/", query)
    assert response.status_code == 400 and named in response.json()


def test_answers_are_capped_and_say_where_the_rest_begins(api):
    place = PlaceFactory(latitude="10", longitude="20")
    for year in range(1900, 1925):
        EventFactory(date=f"{year}-01-01", place=place)
    first = collection(api.get("/api/geo/events/", {"page_size": "10"}))
    assert first["numberReturned"] == 10 and first["cap"] == 10
    assert first["note"].startswith("The first 10 events only")
    seen = [f["id"] for f in first["features"]]
    url = first["next"]
    while url:
        page = collection(api.get(url))
        seen += [f["id"] for f in page["features"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 25
    assert len(collection(api.get("/api/geo/events/"))["features"]) == 25  # default cap 1,000


def test_drafts_only_for_editors_and_answers_kept_until_a_change(
    api, editor, django_capture_on_commit_callbacks
):
    EventFactory(slug="draft", status=Event.Status.DRAFT)
    EventFactory(slug="public")
    assert [f["id"] for f in collection(api.get("/api/geo/events/"))["features"]] == ["public"]
    with CaptureQueriesContext(connection) as kept:
        collection(api.get("/api/geo/events/"))
    assert len(kept) == 1  # the versions: the answer is kept
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(slug="later")
    assert "later" in {f["id"] for f in collection(api.get("/api/geo/events/"))["features"]}
    api.force_authenticate(editor)
    assert "draft" in {f["id"] for f in collection(api.get("/api/geo/events/"))["features"]}


def test_queries_do_not_grow_with_the_events(api):
    def queries():
        from django.core.cache import caches

        caches["shared"].clear()
        with CaptureQueriesContext(connection) as captured:
            collection(api.get("/api/geo/events/"))
        return len(captured)

    EventFactory(place=PlaceFactory())
    few = queries()
    for _ in range(30):
        EventFactory(place=PlaceFactory())
    assert queries() == few <= 4


def test_a_client_asking_for_json_gets_geojson(api):
    response = api.get("/api/geo/events/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"


def test_exports_keep_the_coordinates(seeded, client):
    import csv
    import io

    body = b"".join(client.get("/exports/events.csv").streaming_content).decode()
    rows = {r["external_id"]: r for r in csv.DictReader(io.StringIO(body))}
    shoigu = next(r for r in rows.values() if r["slug"] == "sergei-shoigu-arrives-in-pyongyang")
    assert (shoigu["latitude"], shoigu["longitude"]) == ("39.039200", "125.762500")
    assert Place.objects.get(slug="pyongyang").latitude is not None


def test_answers_not_kept_yet_are_limited_per_anonymous_client(api, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    rates = dict(SimpleRateThrottle.THROTTLE_RATES, facets="2/minute")
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    codes = [
        api.get("/api/geo/events/", {"kind": k}).status_code for k in ("war", "visit", "parade")
    ]
    assert codes == [200, 200, 429]
    assert api.get("/api/geo/events/", {"kind": "war"}).status_code == 200  # kept: free


def test_features_in_the_language_asked_for(seeded, api):
    body = api.get("/api/geo/events/", {"place": "pyongyang", "lang": "ko"})
    assert body["Content-Language"] == "ko"
    features = {f["id"]: f["properties"] for f in body.json()["features"]}
    shoigu = features["sergei-shoigu-arrives-in-pyongyang"]
    assert shoigu["title"] == "세르게이 쇼이구, 평양 도착"
    assert shoigu["date_display"] == "2023년 7월 25일"
    assert shoigu["place"] == "평양, 북한"
