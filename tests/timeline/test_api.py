"""The timelines API: who sees a private timeline, events in order, editors creating their
own, and TimelineJS's JSON (precision, BCE, groups, credits, eras)."""

import pytest
from rest_framework.test import APIClient

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


# --- TimelineJS -----------------------------------------------------------------------------------


def test_timelinejs_json_honours_precision_bce_groups_credits_and_eras(seeded, api):
    EventFactory(slug="ides", date="-0043-03-15", title="Ides <b>of</b> March")
    from timeline.models import Timeline

    timeline = Timeline.objects.get()
    timeline.entries.create(event=Event.objects.get(slug="ides"), position=0)
    data = api.get("/api/timelines/korean-war-armistice/timelinejs/").json()
    slides = {s["unique_id"]: s for s in data["events"]}
    # TimelineJS writes year -44 as "44 BCE": given the year as people write it, negated.
    assert slides["ides"]["start_date"] == {
        "year": -44,
        "month": 3,
        "day": 15,
        "display_date": "15 March 44 BC",
    }
    assert slides["ides"]["text"]["headline"] == "Ides &lt;b&gt;of&lt;/b&gt; March"
    war = slides["korean-war"]
    # The whole date once, on the slide; each end shows only itself (no end said twice).
    assert war["display_date"] == "25 June 1950 – 27 July 1953"
    assert war["start_date"]["display_date"] == "25 June 1950"
    assert war["end_date"] == {"year": 1953, "month": 7, "day": 27, "display_date": "27 July 1953"}
    assert war["group"] == "War"
    border = slides["north-korea-closes-borders"]
    assert border["start_date"] == {"year": 2020, "month": 1, "display_date": "early 2020"}
    armistice = slides["korean-war-armistice-agreement"]
    assert armistice["media"]["credit"].startswith("Russian Minister in North Korea")
    assert armistice["media"]["url"].startswith("<blockquote>")
    assert [e["text"]["headline"] for e in data["eras"]] == ["Korean War"]
    assert data["title"]["text"]["headline"] == "Korean War armistice and its anniversaries"
