"""The time layer's API: anniversaries, on this day, timelines, the schema and docs."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from events.models import Event
from tests.factories import EventFactory
from timeline.models import Timeline

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


# --- Timelines --------------------------------------------------------------------------------


@pytest.fixture
def private_timeline(django_user_model):
    owner = django_user_model.objects.create_user("owner")
    event = EventFactory(slug="secret-event")
    timeline = Timeline.objects.create(
        title="Mine", slug="mine", owner=owner, visibility=Timeline.Visibility.PRIVATE
    )
    timeline.entries.create(event=event, position=1)
    return timeline


def test_private_timelines_are_visible_to_their_owner_only(private_timeline, django_user_model):
    anonymous, other, owner = APIClient(), APIClient(), APIClient()
    other.force_authenticate(django_user_model.objects.create_user("other"))
    owner.force_authenticate(private_timeline.owner)
    assert anonymous.get("/api/timelines/mine/").status_code == 404
    assert other.get("/api/timelines/mine/").status_code == 404
    assert "mine" not in [t["slug"] for t in results(other.get("/api/timelines/"))]
    # Chosen as events are everywhere: a timeline one may not see is one there is not.
    for path in ("/api/events/", "/api/anniversaries/", "/exports/events.csv"):
        refused = other.get(path, {"timeline": "mine"})
        assert refused.status_code == 400, path
        assert "No timeline with slug" in refused.content.decode()
    assert owner.get("/api/events/", {"timeline": "mine"}).json()["results"]
    data = owner.get("/api/timelines/mine/").json()
    assert [e["slug"] for e in data["events"]] == ["secret-event"]
    assert owner.patch("/api/timelines/mine/", {"title": "Still mine"}).status_code == 200


def test_timelines_list_their_events_in_order(seeded, api):
    data = api.get("/api/timelines/korean-war-armistice/").json()
    assert data["events"][0]["slug"] == "korean-war"
    assert data["owner"] == "annals-seeds" and data["visibility"] == "public"


def test_editors_create_timelines_they_own(seeded, editor, editor_client):
    client = APIClient()
    client.force_authenticate(editor)
    response = client.post(
        "/api/timelines/",
        {
            "title": "Visits",
            "visibility": "private",
            "events": ["li-hongzhong-visits-pyongyang", "sergei-shoigu-arrives-in-pyongyang"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert [e["slug"] for e in response.json()["events"]] == [
        "li-hongzhong-visits-pyongyang",
        "sergei-shoigu-arrives-in-pyongyang",
    ]
    assert Timeline.objects.get(slug="visits").owner == editor
    bad = client.post("/api/timelines/", {"title": "x", "events": ["nope"]}, format="json")
    assert bad.status_code == 400 and "events" in bad.json()
    assert client.delete("/api/timelines/korean-war-armistice/").status_code == 403


# --- Schema, docs, throttles --------------------------------------------------------------------


def test_openapi_schema_and_offline_docs(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {
        "/api/events/",
        "/api/anniversaries/",
        "/api/on-this-day/{month_day}/",
        "/api/timelines/{slug}/",
    } <= set(paths)
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_anonymous_requests_are_throttled(api, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    codes = [api.get("/api/tags/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_timelinejs_json_honours_precision_bce_groups_credits_and_eras(seeded, api):
    EventFactory(slug="ides", date="-0043-03-15", title="Ides <b>of</b> March")
    from timeline.models import Timeline

    timeline = Timeline.objects.get()
    timeline.entries.create(event=Event.objects.get(slug="ides"), position=0)
    data = api.get("/api/timelines/korean-war-armistice/timelinejs/").json()
    slides = {s["unique_id"]: s for s in data["events"]}
    assert slides["ides"]["start_date"] == {
        "year": -43,
        "month": 3,
        "day": 15,
        "display_date": "15 March 44 BC",
    }
    assert slides["ides"]["text"]["headline"] == "Ides &lt;b&gt;of&lt;/b&gt; March"
    war = slides["korean-war"]
    assert war["start_date"]["display_date"] == "25 June 1950 – 27 July 1953"
    assert war["end_date"] == {"year": 1953, "month": 7, "day": 27, "display_date": "27 July 1953"}
    assert war["group"] == "War"
    border = slides["north-korea-closes-borders"]
    assert border["start_date"] == {"year": 2020, "month": 1, "display_date": "early 2020"}
    armistice = slides["korean-war-armistice-agreement"]
    assert armistice["media"]["credit"].startswith("Russian Minister in North Korea")
    assert armistice["media"]["url"].startswith("<blockquote>")
    assert [e["text"]["headline"] for e in data["eras"]] == ["Korean War"]
    assert data["title"]["text"]["headline"] == "Korean War armistice and its anniversaries"
