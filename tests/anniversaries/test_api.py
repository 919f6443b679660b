"""The anniversaries API: the seed data's milestones, on this day, filters, order, time zones,
the 29 February policy, pages across the year end, and 400s naming the parameter."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def of(rows, slug):
    return [r for r in rows if r["event"]["slug"] == slug]


# --- What must hold with the seed data ------------------------------------------------------


def test_the_armistice_has_its_70th_milestone_on_27_july_2023(seeded, api):
    [armistice] = of(
        results(api.get("/api/anniversaries/", {"date": "2023-07-27"})),
        "korean-war-armistice-agreement",
    )
    assert armistice["years"] == 70 and armistice["milestone"] is True
    assert armistice["label"] == "70th anniversary" and armistice["bound"] == "start"
    assert armistice["occurs_on"] == "2023-07-27" and armistice["precision"] == "day"
    assert armistice["event"]["date_display"] == "27 July 1953"
    assert armistice["event"]["url"].endswith("/events/korean-war-armistice-agreement/")


def test_the_armistice_is_73_and_no_milestone_on_27_july_2026(seeded, api):
    [armistice] = of(
        results(api.get("/api/anniversaries/", {"date": "2026-07-27"})),
        "korean-war-armistice-agreement",
    )
    assert (armistice["years"], armistice["milestone"]) == (73, False)


def test_the_75th_is_among_the_milestones_of_july_2028(seeded, api):
    rows = results(
        api.get(
            "/api/anniversaries/",
            {"start": "2028-07-01", "end": "2028-07-31", "milestones_only": "true"},
        )
    )
    [armistice] = of(rows, "korean-war-armistice-agreement")
    assert armistice["years"] == 75 and armistice["occurs_on"] == "2028-07-27"
    assert all(r["milestone"] for r in rows)


def test_the_76th_anniversary_of_the_war_beginning(seeded, api):
    rows = results(api.get("/api/anniversaries/", {"start": "2026-06-20", "end": "2026-06-30"}))
    assert [(r["event"]["slug"], r["years"], r["bound"]) for r in rows] == [
        ("korean-war", 76, "start")
    ]


def test_on_this_day_lists_the_armistice_before_the_celebrations(seeded, api):
    rows = results(api.get("/api/on-this-day/07-27/"))
    order = [r["slug"] for r in rows]
    assert order.index("korean-war-armistice-agreement") < order.index("victory-day-2023")
    assert all(r["precision"] == "day" for r in rows)


# --- Anniversaries: filters, order, time zones, errors ---------------------------------------


def test_results_are_ordered_by_day_then_oldest_first(api):
    EventFactory(slug="young", date="2000-07-02")
    EventFactory(slug="old", date="1900-07-02")
    EventFactory(slug="first", date="2020-07-01")
    rows = results(api.get("/api/anniversaries/", {"start": "2026-07-01", "end": "2026-07-31"}))
    assert [r["event"]["slug"] for r in rows] == ["first", "old", "young"]


def test_a_window_may_cross_the_year_end(api):
    EventFactory(slug="new-year", date="1900-01-01")
    EventFactory(slug="eve", date="1999-12-31")
    EventFactory(slug="summer", date="1999-07-01")
    rows = results(api.get("/api/anniversaries/", {"start": "2026-12-25", "end": "2027-01-05"}))
    assert [(r["event"]["slug"], r["occurs_on"]) for r in rows] == [
        ("eve", "2026-12-31"),
        ("new-year", "2027-01-01"),
    ]


@pytest.mark.parametrize(("policy", "day"), [("feb28", "2027-02-28"), ("mar1", "2027-03-01")])
def test_29_february_follows_the_site_policy(api, policy, day):
    EventFactory(slug="leap", date="1896-02-29")
    with override_settings(ANNALS_FEB29_POLICY=policy):
        rows = results(api.get("/api/anniversaries/", {"start": "2027-02-01", "end": "2027-03-31"}))
    assert [r["occurs_on"] for r in rows] == [day]


def test_filters_by_tag_actor_and_timeline(seeded, api):
    def slugs(params):
        return {
            r["event"]["slug"]
            for r in results(
                api.get(
                    "/api/anniversaries/", {"start": "2026-01-01", "end": "2026-12-31", **params}
                )
            )
        }

    assert slugs({"tag": "covid-19"}) == {"north-korea-closes-borders"}
    assert slugs({"actor": "sergei-shoigu"}) == {
        "sergei-shoigu-arrives-in-pyongyang",
        "victory-day-2023",
        "night-parade-hwasong-18",
    }
    assert "korean-war" in slugs({"timeline": "korean-war-armistice"})


def test_today_is_taken_in_the_given_time_zone(seeded, api):
    # 20:00 UTC on 26 July 2023 is already 27 July in Pyongyang.
    with time_machine.travel(datetime(2023, 7, 26, 20, 0, tzinfo=UTC), tick=False):
        pyongyang = results(api.get("/api/anniversaries/", {"tz": "Asia/Pyongyang"}))
        site = results(api.get("/api/anniversaries/"))
    assert of(pyongyang, "korean-war-armistice-agreement")[0]["years"] == 70
    assert of(site, "korean-war-armistice-agreement") == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date": "2023-02-30"}, "date"),
        ({"date": "27/07/2023"}, "date"),
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"start": "2023-08-01", "end": "2023-07-01"}, "end"),
        ({"start": "2023-01-01", "end": "2024-01-02"}, "end"),
        ({"start": "2023-01-01"}, "end"),
        ({"end": "2023-01-01"}, "start"),
        ({"date": "2023-01-01", "start": "2023-01-01", "end": "2023-01-02"}, "date"),
        ({"milestones_only": "perhaps"}, "milestones_only"),
        ({"tag": "no-such-tag"}, "tag"),
        ({"actor": "nobody"}, "actor"),
        ({"timeline": "nowhere"}, "timeline"),
    ],
)
def test_bad_parameters_get_400_naming_them(api, params, field):
    response = api.get("/api/anniversaries/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_window_of_exactly_366_days_is_allowed(api):
    assert (
        api.get("/api/anniversaries/", {"start": "2023-01-01", "end": "2024-01-01"}).status_code
        == 200
    )


@pytest.mark.parametrize("month_day", ["02-30", "13-01", "7-27", "00-10", "xx-yy"])
def test_on_this_day_refuses_impossible_days(api, month_day):
    response = api.get(f"/api/on-this-day/{month_day}/")
    assert response.status_code == 400 and "month_day" in response.json()


def test_on_this_day_accepts_29_february(api):
    EventFactory(slug="leap", date="1896-02-29")
    assert [r["slug"] for r in results(api.get("/api/on-this-day/02-29/"))] == ["leap"]


def test_anniversary_pages_run_across_the_year_end_in_listing_order(api):
    for text in ["1960-01-05", "1970-12-31", "1940-01-01", "1950-12-20", "2026-12-20"]:
        EventFactory(date=text, slug=f"on-{text}")
    window = {"start": "2026-12-15", "end": "2027-01-13", "page_size": 2}
    first = api.get("/api/anniversaries/", window).json()
    second = api.get("/api/anniversaries/", {**window, "page": 2}).json()
    assert first["count"] == 4  # 2026-12-20 has its first anniversary on 2027-12-20: not here
    assert [
        (r["event"]["slug"], r["occurs_on"], r["years"])
        for r in first["results"] + second["results"]
    ] == [
        ("on-1950-12-20", "2026-12-20", 76),
        ("on-1970-12-31", "2026-12-31", 56),
        ("on-1940-01-01", "2027-01-01", 87),
        ("on-1960-01-05", "2027-01-05", 67),
    ]


def test_anniversary_query_count_does_not_grow_with_results(api):
    def queries(n):
        for i in range(n):
            EventFactory(date=f"{1900 + i}-05-05")
        with CaptureQueriesContext(connection) as captured:
            results(api.get("/api/anniversaries/", {"date": "2026-05-05"}))
        return len(captured)

    assert queries(2) == queries(20)
