"""What one anonymous request can get out of Annals with the real corpus loaded (the
seed data and about 12,000 map-history events): every public page, feed and export is
bounded in size and queries, never a 500, and calendars answer polls with 304."""

import gzip
import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from events.models import Event, Place
from tests.corpus import corpus  # noqa: F401 - the module's data

# One process loads the corpus once for the whole module (pytest-xdist: loadgroup).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("corpus"),
    pytest.mark.xdist_group("corpus"),
]

MB = 1_000_000


def test_the_real_corpus_loaded_completely(corpus):  # noqa: F811 - the fixture above
    """load_map_history on the real corpus (tests/seeds/test_map_history.py has the rest)."""
    assert "12,099 distinct events: 12,099 created" in corpus and "0 refused" in corpus
    assert Event.objects.filter(date__startswith="-").count() > 40
    assert Event.objects.filter(date__endswith="-02-29").count() == 25
    # Every place has a name a reader knows; the big cities gather their events.
    assert not Place.objects.filter(name__contains="°").exists()
    paris = Place.objects.get(slug="paris-fr")
    assert (paris.name, paris.country) == ("Paris", "France") and paris.events.count() > 100
    assert not Place.objects.filter(name="Paris", country="France").exclude(pk=paris.pk).exists()
    # No title stops at an abbreviation ("…in the Battle of St", "The U.S").
    cut = re.compile(r"(\b(U\.S|St|Jr|Dr|Lt|Mt|Gen|No)\.?|(^|\s)[A-HJ-UWYZ]\.)…?$")
    titles = Event.objects.filter(tags__slug="map-history").values_list("title", "summary")
    assert [t for t, summary in titles if cut.search(t) and t != summary] == []


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


PUBLIC = [
    "/",
    "/search/?q=war",
    "/timelines/korean-war-armistice/",
    "/timelines/korean-war-armistice/interactive/",
    "/tags/korean-war/",
    "/events/korean-war-armistice-agreement/",
    "/actors/sergei-shoigu/",
    "/places/pyongyang/",
    "/feeds/anniversaries.atom",
    "/feeds/events.atom",
    "/subscribe/all/",
    "/api/events/",
    "/api/events/?page_size=200&q=war&after=-3000&before=2030",
    "/api/anniversaries/",
    "/api/anniversaries/?start=2027-01-01&end=2027-12-31",
    "/api/on-this-day/07-14/",
    "/api/tags/",
    "/api/actors/",
    "/api/places/",
    "/api/sources/",
    "/api/timelines/",
    "/api/timelines/korean-war-armistice/",
    "/api/timelines/korean-war-armistice/timelinejs/",
    # 12,000 events against the seed's anchors, at the widest window.
    "/api/analysis/proximity/?events_tag=map-history&anchors_tag=korean-war&window=60",
    "/analysis/proximity/?events_tag=map-history&anchors_tag=korean-war&window=60",
    "/analysis/proximity/",
    "/on-this-day/",
    "/on-this-day/07-14/",
    "/anniversaries/",
    "/anniversaries/?from=2027-01-01&to=2027-12-31&milestones=on",
    "/timelines/",
    "/map/",
    "/map/?tag=map-history&from=1900&to=2000",
    "/api/geo/events/",
    "/api/geo/events/?page_size=2000&q=war",
    "/places/paris-fr/",
]
CALENDARS = [
    "/anniversaries.ics",
    "/anniversaries.ics?milestones_only=false",
    "/events/korean-war-armistice-agreement.ics",
    "/tags/korean-war.ics",
    "/timelines/korean-war-armistice.ics",
    "/actors/sergei-shoigu.ics",
]


def test_overlong_parameters_are_refused_naming_them():
    client = Client()
    for path, name in (
        ("/search/?q=" + "a" * 500, "q"),
        ("/api/events/?q=" + "a" * 500, "q"),
        ("/timelines/korean-war-armistice/?from=" + "9" * 30, "from"),
        ("/api/events/?tag=" + "a" * 3000, "tag"),
    ):
        response = client.get(path)
        assert response.status_code == 400, (path, response.status_code)
        assert name in response.content.decode()


def test_every_public_url_answers_bounded(settings):
    client = Client()
    assert Event.objects.published().count() > 12_000
    for path in PUBLIC + CALENDARS:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        size = len(body(response))
        assert size < 3 * MB, (path, size)
    feed = body(client.get("/feeds/anniversaries.atom")).decode()
    assert 0 < feed.count("<entry>") <= settings.ANNALS_FEED_MAX_ITEMS
    listed = client.get("/api/events/?page_size=1000").json()["results"]
    assert len(listed) == 200  # the most a page holds
    # GeoJSON: at most 2,000 features an answer, the rest behind `next`.
    geo = json.loads(body(client.get("/api/geo/events/?page_size=2000")))
    assert len(geo["features"]) == 2000 and geo["next"] and geo["note"]
    assert client.get("/api/geo/events/?page_size=2001").status_code == 400


def test_the_site_calendar_is_a_bounded_horizon_with_a_cap(settings):
    client = Client()
    today = timezone.localdate()
    for milestones_only, years in (("true", 10), ("false", 1)):
        response = client.get("/anniversaries.ics", {"milestones_only": milestones_only})
        calendar = Calendar.from_ical(response.content)
        events = calendar.walk("VEVENT")
        assert len(events) == settings.ANNALS_ICS_MAX_EVENTS  # the corpus fills it...
        limit = f"The first {settings.ANNALS_ICS_MAX_EVENTS:,} events only"
        assert limit in str(calendar["X-WR-CALDESC"])  # ...and says so
        days = sorted(e["DTSTART"].dt for e in events)
        assert days == [e["DTSTART"].dt for e in events]  # by date, the soonest kept
        assert today - timedelta(days=31) <= days[0]
        assert days[-1] <= today + timedelta(days=366 * years)


def test_calendars_answer_polls_with_304_and_send_changes_gzipped(
    django_capture_on_commit_callbacks,
):
    client = Client()
    first = client.get("/anniversaries.ics", {"junk": "1"})
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified and first["Cache-Control"].startswith("public")
    # Parameters it does not read change nothing.
    assert client.get("/anniversaries.ics", {"other": "2"})["ETag"] == etag
    with CaptureQueriesContext(connection) as queries:
        poll = client.get("/anniversaries.ics", HTTP_IF_NONE_MATCH=etag)
    assert poll.status_code == 304 and poll.content == b""
    assert len(queries) <= 2  # the versions and when they moved; nothing is built
    assert client.get("/anniversaries.ics", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    zipped = client.get("/anniversaries.ics", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == first.content
    assert len(zipped.content) < len(first.content) / 3

    event = Event.objects.published().filter(precision="day").first()
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Renamed while subscribed"
        event.save()
    changed = client.get("/anniversaries.ics", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_calendars_and_exports_are_limited_per_anonymous_client(monkeypatch, editor):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "calendar", "3/hour")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "export", "1/hour")
    client = Client()
    codes = [client.get("/tags/korean-war.ics").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/exports/events.jsonl").status_code == 200
    refused = client.get("/exports/events.csv")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    client.force_login(editor)  # a signed-in editor is not counted
    assert client.get("/exports/events.csv").status_code == 200


def test_a_whole_export_streams_every_published_event():
    client = Client()
    jsonl = body(client.get("/exports/events.jsonl")).decode()
    assert jsonl.count("\n") == Event.objects.published().count()
    assert re.search(r'"date": "-0\d{3}-', jsonl)  # BCE years are in the corpus


def test_the_analysis_bounds_what_one_request_reads():
    # Every corpus event as an anchor is more anniversaries than one request may work out.
    response = Client().get(
        "/api/analysis/proximity/", {"events_tag": "map-history", "anchors_tag": "map-history"}
    )
    assert response.status_code == 400
    assert "narrow them" in response.json()["anchors"][0]
    data = (
        Client()
        .get("/api/analysis/proximity/", {"events_tag": "map-history", "anchors_tag": "korean-war"})
        .json()
    )
    assert data["events"] > 11_000 and data["excluded"] >= 0
    assert len(data["near_events"]) <= 200 and len(data["histogram"]) == 61
    # BCE corpus events lie outside the years a calendar can name: left out, counted.
    assert (
        data["events"] + data["excluded"]
        == Event.objects.published().filter(tags__slug="map-history").count()
    )


@pytest.mark.parametrize(
    "paths",
    [
        ("/api/events/", "/api/events/?page_size=200"),
        ("/api/events/?q=battle", "/api/events/?q=the"),  # a few matches, and most events
        ("/api/anniversaries/?date=2027-07-14", "/api/anniversaries/?date=2027-01-01"),
        ("/api/on-this-day/07-14/", "/api/on-this-day/01-01/"),
        ("/events/korean-war-armistice-agreement/", "/events/korean-war/"),
    ],
)
def test_query_counts_do_not_grow_with_the_data(paths):
    client = Client()
    counts = []
    for path in paths:
        client.get(path)  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts.append(len(queries))
    # A search on PostgreSQL sets its plan in a transaction of its own: inside the test's
    # transaction, that is a savepoint, the setting and the release (three statements).
    searching = "q=" in paths[0] and connection.vendor == "postgresql"
    assert counts[0] == counts[1] and counts[0] <= 8 + 3 * searching, counts


@pytest.mark.usefixtures("keep_the_test_connection")
def test_the_api_keeps_to_its_schema_in_chains_of_calls(editor):
    """Schemathesis, stateful: sequences of calls linked by what earlier answers returned
    (an event's slug into its detail and its PATCH, a cursor into the next page, ...),
    on the corpus, as an editor. No 5xx, every answer as the schema says."""
    from django.core.cache import caches
    from django.db import transaction
    from hypothesis import HealthCheck, settings
    from rest_framework.authtoken.models import Token

    from tests.api_schema import CHECKS, schema

    token = Token.objects.create(user=editor).key

    class Chains(schema.as_state_machine()):
        # Each scenario starts from the same data: its writes are rolled back after it, so
        # that a replay answers as the first run did (Hypothesis insists).
        def setup(self):
            self.scenario = transaction.atomic()
            self.scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self.scenario.__exit__(None, None, None)
            for cache in caches.all(initialized_only=False):
                cache.clear()

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Token {token}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Chains.run(
        settings=settings(
            max_examples=40,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
