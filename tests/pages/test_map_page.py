"""The map page, server side: the land outline and a circle a place drawn as SVG (what a
reader without JavaScript sees), the list beside it, the filters and a range of years,
links from the other pages, the event page's small map, the admin's point; bounded,
kept and constant in queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory, PlaceFactory
from tests.html import text

pytestmark = pytest.mark.django_db


def circles(page: str) -> list[str]:
    drawing = page.split('<figure class="world-map"')[1].split("</figure>")[0]
    return [c.split("<title>")[1].split("</title>")[0] for c in drawing.split("<circle")[1:]]


def test_the_map_draws_the_land_and_a_circle_for_each_place(seeded, client):
    page = text(client.get("/map/"))
    assert '<path class="land" d="M' in page  # the outline Annals ships: no network
    drawn = circles(page)
    assert any(label.startswith("Pyongyang, North Korea: ") for label in drawn)
    assert any(label.startswith("Panmunjom") for label in drawn)
    assert 'href="/places/pyongyang/"' in page
    # The list beside it, and what the browser's map will load.
    assert "Korean War Armistice Agreement" in page.split('id="map-events"')[1]
    assert 'data-geojson="/api/geo/events/"' in page
    assert 'aria-current="page">Map</a>' in page


def test_filters_and_a_range_of_years_choose_the_events(seeded, client):
    tagged = text(client.get("/map/", {"tag": "covid-19"}))
    assert [c.split(":")[0] for c in circles(tagged)] == ["North Korea"]
    assert 'data-geojson="/api/geo/events/?tag=covid-19"' in tagged
    years = text(client.get("/map/", {"from": "1950", "to": "1960"}))
    listed = years.split('id="map-events"')[1]
    assert "Korean War Armistice Agreement" in listed and "Shoigu" not in listed
    assert 'value="1950"' in years and 'value="1960"' in years


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"from": "1960", "to": "1950"}, "to"),
        ({"from": "١٩٥٠"}, "from"),
        ({"tag": "no-such"}, "tag"),
        ({"kind": "picnic"}, "kind"),
    ],
)
def test_bad_choices_are_a_400_naming_them(client, query, named):
    response = client.get("/map/", query)
    assert response.status_code == 400 and named in response.content.decode()


def test_the_map_costs_the_same_queries_for_few_places_or_many_and_is_kept(client):
    def queries(**query):
        with CaptureQueriesContext(connection) as captured:
            text(client.get("/map/", query))
        return len(captured)

    EventFactory(place=PlaceFactory(latitude="1", longitude="1"), kind="visit")
    queries(kind="election")  # per-process work, once
    few = queries(kind="visit")
    for n in range(30):
        EventFactory(place=PlaceFactory(latitude=str(n), longitude=str(n)), kind="parade")
    assert queries(kind="parade") == few <= 8
    assert queries(kind="parade") == 1  # kept until the records change


def test_pages_link_to_their_map_and_the_event_page_shows_its_place(seeded, client):
    timeline = text(client.get("/timelines/korean-war-armistice/"))
    assert 'href="/map/?timeline=korean-war-armistice"' in timeline
    assert 'href="/map/?tag=korean-war"' in text(client.get("/tags/korean-war/"))
    assert 'href="/map/?actor=sergei-shoigu"' in text(client.get("/actors/sergei-shoigu/"))
    assert 'href="/map/?place=pyongyang"' in text(client.get("/places/pyongyang/"))
    event = text(client.get("/events/sergei-shoigu-arrives-in-pyongyang/"))
    where = event.split('id="where"')[1].split("</section>")[0]
    assert "<svg" in where and '<circle class="spot"' in where
    assert 'href="/map/?place=pyongyang"' in where
    # No place, no map.
    EventFactory(slug="nowhere", place=None)
    assert 'id="where"' not in text(client.get("/events/nowhere/"))


def test_the_admin_shows_a_places_point_and_refuses_one_off_the_earth(editor_client):
    place = PlaceFactory(slug="kaesong", name="Kaesong", latitude="37.97", longitude="126.55")
    page = text(editor_client.get(f"/admin/events/place/{place.pk}/change/"))
    assert 'aria-label="Kaesong' in page and "<circle" in page
    response = editor_client.post(
        f"/admin/events/place/{place.pk}/change/",
        {"name": "Kaesong", "slug": "kaesong", "latitude": "97", "longitude": "-190"},
    )
    errors = response.context["adminform"].form.errors
    assert {"latitude", "longitude"} <= set(errors)
    place.refresh_from_db()
    assert float(place.latitude) == 37.97


def test_an_operators_tile_server_is_allowed_by_the_csp_and_named_on_the_page(tmp_path):
    """ANNALS_MAP_TILES adds its origin to img-src, and only that (read at start-up)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.SECURE_CSP['img-src'], settings.ANNALS_MAP_TILES]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ANNALS_MAP_TILES": "https://tiles.example.org/{z}/{x}/{y}.png|© Example contributors",
        "ANNALS_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    import json

    sources, tiles = json.loads(done.stdout)
    assert sources == ["'self'", "data:", "https://tiles.example.org"]
    assert tiles == {
        "url": "https://tiles.example.org/{z}/{x}/{y}.png",
        "attribution": "© Example contributors",
    }
