"""The search page: one box, a count, pages, words marked, events and people and places in
sections, and why an event matched when its text does not show it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Place
from tests.factories import EventFactory
from tests.html import text

pytestmark = pytest.mark.django_db


def test_one_box_a_count_sections_and_marked_words(seeded, client):
    page = text(client.get("/search/", {"q": "armistice"}))
    assert page.count('type="search"') == 1  # the header's box is not repeated here
    events = page.split('id="found-events"')[1].split('id="found-actors"')[0]
    assert "events match" in events
    assert "<mark>Armistice</mark>" in events
    for heading in ("People and organisations", "Places", "Sources"):
        assert heading in page


def test_an_event_found_through_a_participants_name_says_so(seeded, client):
    page = text(client.get("/search/", {"q": "Шойгу"}))
    assert "3 events match" in page
    assert "Found through Сергей Шойгу" in page or "Found through Sergei Shoigu" in page
    assert "<mark>Шойгу</mark>" in page  # the person, in the people's section


def test_places_are_found_by_name_and_country_in_any_case(seeded, client):
    Place.objects.create(slug="moskva", name="Москва", country="Россия")
    page = text(client.get("/search/", {"q": "москва"}))
    places = page.split('id="found-places"')[1]
    assert 'href="/places/moskva/"' in places and "<mark>Москва</mark>" in places


def test_results_are_counted_and_paged_in_either_order(client):
    for year in range(1900, 1945):
        EventFactory(title=f"Treaty of Somewhere {year}", date=f"{year}-05-05")
    first = text(client.get("/search/", {"q": "treaty"}))
    assert "45 events match · 1–20 shown" in first
    assert "Somewhere 1900" in first and "Somewhere 1920" not in first
    third = text(client.get("/search/", {"q": "treaty", "page": "3"}))
    assert "41–45 shown" in third and "Somewhere 1944" in third
    assert 'rel="next"' not in third
    newest = text(client.get("/search/", {"q": "treaty", "order": "newest"}))
    assert newest.index("Somewhere 1944") < newest.index("Somewhere 1943")


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"q": "x", "page": "0"}, "page"),
        ({"q": "x", "page": "٢"}, "page"),
        ({"q": "x", "order": "random"}, "order"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, query, named):
    response = client.get("/search/", query)
    assert response.status_code == 400 and named in response.content.decode()


def test_a_search_costs_the_same_queries_for_few_results_or_many(client):
    def queries(q):
        with CaptureQueriesContext(connection) as captured:
            text(client.get("/search/", {"q": q}))
        return len(captured)

    EventFactory(title="Rare word zebrafinch")
    for n in range(30):
        EventFactory(title=f"Common word harbour {n}")
    queries("warm")  # the footer's credit, read once every few minutes
    assert queries("zebrafinch") == queries("harbour") <= 10


def test_a_single_letter_is_counted_exactly_on_a_small_site(client):
    for n in range(5):
        EventFactory(title=f"A harbour {n}")
    page = text(client.get("/search/", {"q": "a"}))
    assert "5 events match" in page and "More than" not in page
