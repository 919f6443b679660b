"""The REST API for records: representation, filters, pagination, permissions, errors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from events.models import Event, Source
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def admin_api(django_user_model):
    admin = django_user_model.objects.create_superuser("root", "", "pw-not-used-here-123")
    client = APIClient()
    client.force_authenticate(admin)
    return client


def slugs(response):
    return [e["slug"] for e in response.json()["results"]]


def test_an_event_reads_with_every_field(seeded, api):
    data = api.get("/api/events/victory-day-2023/").json()
    assert {
        "slug",
        "title",
        "summary",
        "body_html",
        "date",
        "date_display",
        "precision",
        "approximate",
        "uncertain",
        "earliest",
        "latest",
        "time",
        "timezone",
        "kind",
        "tags",
        "place",
        "actors",
        "citations",
        "relations",
        "url",
        "ics_url",
    } <= set(data)
    assert data["date_display"] == "27 July 2023"
    assert data["url"] == "http://127.0.0.1:8000/events/victory-day-2023/"
    assert data["ics_url"] == "http://127.0.0.1:8000/events/victory-day-2023.ics"
    assert {
        "slug": "sergei-shoigu",
        "name": "Sergei Shoigu",
        "kind": "person",
        "role": "visitor",
    } in data["actors"]
    [commemorates] = [r for r in data["relations"] if r["kind"] == "commemorates"]
    assert commemorates["direction"] == "outgoing" and commemorates["years_between"] == 70
    assert commemorates["event"]["slug"] == "korean-war-armistice-agreement"
    quote = data["citations"][0]
    assert quote["source"]["title"].startswith("Russian Minister") and quote["quote"]


def test_relations_read_both_ways(seeded, api):
    data = api.get("/api/events/korean-war-armistice-agreement/").json()
    [incoming] = [
        r for r in data["relations"] if r["direction"] == "incoming" and r["kind"] == "commemorates"
    ]
    assert incoming["label"] == "commemorated by" and incoming["years_between"] == 70
    assert data["time"] == "10:00:00" and data["timezone"] == "Asia/Pyongyang"
    assert data["place"] == "panmunjom"


def test_bce_bounds_are_signed_iso_days(api):
    EventFactory(slug="ides-of-march", date="-0043-03-15")
    data = api.get("/api/events/ides-of-march/").json()
    assert (data["earliest"], data["latest"]) == ("-0043-03-15", "-0043-03-15")
    assert data["date_display"] == "15 March 44 BC"


def test_drafts_are_hidden_from_the_public_but_shown_to_editors(api, editor_api):
    EventFactory(slug="draft", status=Event.Status.DRAFT)
    EventFactory(slug="public")
    assert slugs(api.get("/api/events/")) == ["public"]
    assert api.get("/api/events/draft/").status_code == 404
    assert sorted(slugs(editor_api.get("/api/events/"))) == ["draft", "public"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"q": "Шойгу"},
            {"sergei-shoigu-arrives-in-pyongyang", "victory-day-2023", "night-parade-hwasong-18"},
        ),
        ({"q": "night parade"}, {"night-parade-hwasong-18"}),
        ({"tag": "covid-19"}, {"north-korea-closes-borders"}),
        (
            {"actor": "li-hongzhong"},
            {"li-hongzhong-visits-pyongyang", "victory-day-2023", "night-parade-hwasong-18"},
        ),
        ({"place": "panmunjom"}, {"korean-war-armistice-agreement"}),
        ({"kind": "war"}, {"korean-war"}),
        (
            {"precision": "month"},
            {
                "li-hongzhong-visits-pyongyang",
                "north-korean-missile-tests-2023",
                "un-security-council-meetings-2023",
            },
        ),
        ({"before": "1953"}, {"korean-war", "korean-war-armistice-agreement"}),
        (
            {"after": "2023-07-26", "before": "2023-07-27"},
            {"victory-day-2023", "night-parade-hwasong-18"},
        ),
        ({"after": "2020", "before": "2020-12"}, {"north-korea-closes-borders"}),
        (
            {"timeline": "korean-war-armistice", "kind": "signing"},
            {"korean-war-armistice-agreement"},
        ),
    ],
)
def test_event_filters(seeded, api, params, expected):
    response = api.get("/api/events/", params)
    assert response.status_code == 200
    assert set(slugs(response)) == expected


def test_signed_years_filter_before_year_one(api):
    EventFactory(slug="ides", date="-0043-03-15")
    EventFactory(slug="marathon", date="-0489")
    EventFactory(slug="armistice", date="1953-07-27")
    assert slugs(api.get("/api/events/", {"before": "-0043"})) == ["marathon", "ides"]
    assert slugs(api.get("/api/events/", {"after": "-0100", "before": "0001"})) == ["ides"]


def test_ordering_and_cursor_pages_are_stable(api):
    for n in range(7):
        EventFactory(slug=f"same-day-{n}", date="1953-07-27")
    EventFactory(slug="earlier", date="1950")
    seen, url = [], "/api/events/?page_size=3"
    while url:
        page = api.get(url).json()
        seen += [e["slug"] for e in page["results"]]
        url = page["next"]
    assert seen[0] == "earlier" and len(seen) == len(set(seen)) == 8
    newest_first = slugs(api.get("/api/events/", {"ordering": "-date", "page_size": 50}))
    assert newest_first == list(reversed(seen))


def test_page_size_is_capped(api):
    for n in range(205):
        EventFactory(slug=f"e-{n}")
    assert len(slugs(api.get("/api/events/", {"page_size": 1000}))) == 200


def test_query_count_does_not_grow_with_page_size(seeded, api):
    def queries(page_size):
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/events/", {"page_size": page_size}).status_code == 200
        return len(captured)

    assert queries(2) == queries(9)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"after": "1953-02-30"}, "after"),
        ({"before": "July 1953"}, "before"),
        ({"ordering": "title"}, "ordering"),
        ({"kind": "picnic"}, "kind"),
    ],
)
def test_bad_filters_get_400_naming_the_parameter(api, params, field):
    response = api.get("/api/events/", params)
    assert response.status_code == 400 and field in response.json()


def new_event(**overrides):
    return {
        "title": "Armistice talks begin",
        "date": "1951-07-10",
        "kind": "meeting",
        "status": "published",
        "place": "panmunjom",
        "tags": ["korean-war"],
        "actors": [{"slug": "united-nations-command", "role": "participant"}],
        "citations": [
            {
                "source": Source.objects.get(title="Korean War").pk,
                "quote": "talks began",
                "locator": "para. 9",
            }
        ],
        **overrides,
    }


def test_editors_create_and_update_with_slugs(seeded, editor_api):
    response = editor_api.post("/api/events/", new_event(), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["slug"] == "armistice-talks-begin"
    assert data["date_display"] == "10 July 1951" and data["place"] == "panmunjom"
    assert data["actors"][0]["slug"] == "united-nations-command"
    assert data["citations"][0]["quote"] == "talks began"
    patched = editor_api.patch(
        "/api/events/armistice-talks-begin/", {"date": "1951-07~"}, format="json"
    )
    assert patched.status_code == 200
    assert patched.json()["date_display"] == "c. July 1951"
    assert patched.json()["actors"] == data["actors"]  # untouched lists stay


def test_anonymous_writes_are_refused(seeded, api):
    assert api.post("/api/events/", new_event(), format="json").status_code == 401
    assert api.delete("/api/events/korean-war/").status_code == 401
    assert Event.objects.filter(slug="korean-war").exists()


def test_editors_cannot_delete_but_superusers_can(seeded, editor_api, admin_api):
    assert editor_api.delete("/api/events/korean-war/").status_code == 403
    assert admin_api.delete("/api/events/korean-war/").status_code == 204
    assert not Event.objects.filter(slug="korean-war").exists()


def test_a_logged_in_user_without_rights_cannot_write(seeded, django_user_model):
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_user("reader"))
    assert client.get("/api/events/").status_code == 200
    assert client.post("/api/events/", new_event(), format="json").status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"date": "1953-02-30"}, "date", "February 1953 has 28 days"),
        ({"date": ""}, "date", ""),
        ({"place": "atlantis"}, "place", "does not exist"),
        ({"tags": ["no-such-tag"]}, "tags", "does not exist"),
        ({"actors": [{"slug": "nobody", "role": "host"}]}, "actors", "nobody"),
        ({"citations": [{"source": 999999}]}, "citations", "does not exist"),
        ({"timezone": "Mars/Olympus"}, "timezone", "not an IANA time zone"),
        ({"time": "10:00", "date": "1951-07"}, "time", "day precision"),
        ({"slug": "korean-war"}, "slug", "already"),
    ],
)
def test_bad_writes_get_400_naming_the_field_and_save_nothing(
    seeded, editor_api, overrides, field, words
):
    before = (Event.objects.count(), Event.history.count())
    response = editor_api.post("/api/events/", new_event(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert words in str(response.json()[field])
    assert (Event.objects.count(), Event.history.count()) == before


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org/a"])
def test_source_urls_must_be_web_addresses(editor_api, url):
    response = editor_api.post(
        "/api/sources/", {"title": "Report", "url": url, "kind": "news"}, format="json"
    )
    assert response.status_code == 400 and "url" in response.json()
    assert not Source.objects.exists()


def test_actors_search_in_any_script(seeded, api):
    response = api.get("/api/actors/", {"q": "李鸿忠"})
    assert [a["slug"] for a in response.json()["results"]] == ["li-hongzhong"]
    data = api.get("/api/actors/sergei-shoigu/").json()
    assert {"name": "Сергей Шойгу", "language": "ru", "kind": "native"} in data["names"]


def test_places_tags_and_sources_read(seeded, api):
    assert api.get("/api/places/pyongyang/").json()["timezone"] == "Asia/Pyongyang"
    assert api.get("/api/tags/korean-war/").json()["name"] == "Korean War"
    report = Source.objects.get(title__startswith="Russian Minister")
    data = api.get(f"/api/sources/{report.pk}/").json()
    assert data["published_display"] == "26 July 2023"
    assert data["cites"] == [Source.objects.get(publisher="Voice of America").pk]
    assert api.get("/api/sources/999999/").status_code == 404


def test_errors_outside_any_view_are_json_and_bad_page_keys_are_400(seeded, api):
    # No route matches (ids are whole numbers): still JSON, as every API answer is.
    missing = api.get("/api/sources/1.5/")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}
    assert api.get("/no-such-page/").headers["Content-Type"].startswith("text/html")
    # A cursor or page we never gave out names the parameter.
    bad_cursor = api.get("/api/events/?cursor=forged")
    assert bad_cursor.status_code == 400 and "cursor" in bad_cursor.json()
    bad_page = api.get("/api/anniversaries/?date=1953-07-27&page=99")
    assert bad_page.status_code == 400 and "page" in bad_page.json()


def test_citations_are_written_as_a_source_id_and_read_as_the_source(seeded, editor_api):
    from events.models import Source

    source = Source.objects.first()
    created = editor_api.post(
        "/api/events/",
        {
            "title": "Cited",
            "date": "1953-07-28",
            "citations": [{"source": source.pk, "quote": "as reported"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    [citation] = created.json()["citations"]
    assert citation["source"]["id"] == source.pk and citation["source"]["title"] == source.title
    schema = editor_api.get("/api/schema/?format=json").json()["components"]["schemas"]
    assert schema["CitationRequest"]["properties"]["source"]["type"] == "integer"
    assert schema["Citation"]["properties"]["source"]["$ref"].endswith("/SourceBrief")
