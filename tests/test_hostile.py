"""What one anonymous client with a script can try: numbers in other scripts, forged
cursors, huge and deep bodies, NUL in headers and cookies, a Host of its choosing, pages
deeper than any reader goes. Each is a clear 4xx naming what is wrong, never a 500, and
nothing stored changes."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from events.models import Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("digits", ["²", "٣", "１２", "7\u200b", " -0x1", "1e3"])
@pytest.mark.parametrize(
    "path, name",
    [
        ("/api/on-this-day/07-27/?year={}", "year"),
        (
            "/api/analysis/proximity/?events_tag=korean-war&anchors_tag=korean-war&window={}",
            "window",
        ),
        ("/analysis/proximity/?events_tag=korean-war&anchors_tag=korean-war&window={}", "window"),
        ("/anniversaries.ics?alarm={}", "alarm"),
        ("/api/events/?page_size={}", "page_size"),
        ("/api/anniversaries/?page={}", "page"),
        ("/timelines/korean-war-armistice/?from={}", "from"),
    ],
)
def test_numbers_are_ascii_digits_or_a_400_naming_the_parameter(seeded, path, name, digits):
    response = Client().get(path.format(digits))
    assert response.status_code == 400, (path, digits, response.status_code)
    assert name in response.content.decode()


@pytest.mark.parametrize("day", ["٢٠٢٣-07-27", "2023-07-٢٧", "2023-7-27", "2023-02-30"])
def test_days_are_ascii_and_real(seeded, day):
    response = APIClient().get("/api/anniversaries/", {"date": day})
    assert response.status_code == 400 and "date" in response.json()


def test_the_admins_number_filters_take_ascii_digits(seeded, editor_client):
    assert editor_client.get("/admin/events/event/?century=1900").status_code == 200
    for bad in ("²", "٣", "19x0"):
        response = editor_client.get(f"/admin/events/event/?century={bad}")
        assert response.status_code == 400 and "century" in response.content.decode()
        response = editor_client.get(f"/admin/events/event/?century=1900&decade={bad}")
        assert response.status_code == 400 and "decade" in response.content.decode()


def _cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "path, forged",
    [
        ("/api/events/", "p=abc"),
        ("/api/events/", "p=1%002"),
        ("/api/events/", "p=" + "9" * 40),
        ("/api/events/", "o=5&r=1&p=1.5"),
        ("/api/tags/", "p=a b"),
        ("/api/tags/", "p=x%00y"),
        ("/api/sources/", "p=-"),
        ("/api/timelines/", "p=" + "s" * 300),
    ],
)
def test_a_forged_cursor_is_a_400_naming_it(seeded, path, forged):
    response = APIClient().get(path, {"cursor": _cursor(forged)})
    assert response.status_code == 400, (path, forged, response.content)
    assert "cursor" in response.json()


def test_a_real_cursor_still_pages(seeded):
    first = APIClient().get("/api/events/", {"page_size": 2}).json()
    second = APIClient().get(first["next"]).json()
    assert second["results"] and second["results"][0] != first["results"][0]


def test_anniversary_pages_end_where_the_listing_does(seeded):
    ok = APIClient().get("/api/anniversaries/", {"page_size": 200, "page": 25})
    assert ok.status_code in (200, 400)  # 25 pages deep is inside the bound (5,000 rows)
    deep = APIClient().get("/api/anniversaries/", {"page_size": 200, "page": 26})
    assert deep.status_code == 400 and "page" in deep.json()
    assert "5000" in deep.json()["page"][0].replace(",", "")


def test_a_json_body_over_the_cap_is_a_413_and_nothing_is_made(seeded, editor, settings):
    settings.ANNALS_MAX_BODY_BYTES = 10_000
    api = APIClient()
    api.force_authenticate(editor)
    before = Event.objects.count()
    body = json.dumps({"title": "Big", "date": "1953", "summary": "x" * 20_000})
    response = api.post("/api/events/", body, content_type="application/json")
    assert response.status_code == 413
    anonymous = APIClient().post(
        "/api/subscriptions/",
        json.dumps({"email": "a@example.org", "target": {"type": "all"}, "pad": "x" * 20_000}),
        content_type="application/json",
    )
    assert anonymous.status_code == 413
    assert Event.objects.count() == before


@pytest.mark.parametrize("depth", [33, 5000, 100_000])
def test_deeply_nested_json_is_a_400(seeded, depth):
    body = "[" * depth + "]" * depth
    response = APIClient().post(
        "/api/subscriptions/",
        '{"email": "a@example.org", "target": {"type": "all"}, "x": ' + body + "}",
        content_type="application/json",
    )
    assert response.status_code == 400, response.status_code
    assert "nests more than" in json.dumps(response.json())


def test_a_form_body_in_the_api_is_capped_too(seeded, settings):
    settings.ANNALS_MAX_BODY_BYTES = 1_000
    response = APIClient().post(
        "/api/subscriptions/",
        "email=a%40example.org&pad=" + "x" * 5_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "tz", "anything"])
def test_a_nul_in_a_cookie_is_ignored_not_a_500(seeded, cookie):
    client = Client()
    client.cookies[cookie] = "abc\x00def" + "x" * 40
    for path in ("/", "/api/events/", "/timelines/korean-war-armistice/", "/admin/login/"):
        assert client.get(path).status_code in (200, 302), (path, cookie)


@pytest.mark.parametrize(
    "header", ["HTTP_AUTHORIZATION", "HTTP_X_FORWARDED_FOR", "HTTP_USER_AGENT", "HTTP_REFERER"]
)
def test_a_nul_in_a_header_is_a_400_naming_it(seeded, header):
    value = "Token abc\x00def" if header == "HTTP_AUTHORIZATION" else "x\x00y"
    response = Client().get("/api/events/", **{header: value})
    assert response.status_code == 400
    assert header[5:].replace("_", "-").title() in response.content.decode()


def test_absolute_urls_come_from_the_base_url_never_the_host(seeded, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.ANNALS_BASE_URL = "https://annals.example.org"
    client = Client(HTTP_HOST="evil.example")
    bodies = [
        client.get("/anniversaries.ics").content,
        client.get("/events/korean-war-armistice-agreement.ics").content,
        client.get("/feeds/anniversaries.atom").content,
        client.get("/api/events/korean-war-armistice-agreement/").content,
        client.get("/api/timelines/korean-war-armistice/timelinejs/").content,
    ]
    for body in bodies:
        assert b"evil.example" not in body
    assert b"https://annals.example.org/events/" in bodies[0]
    # The site-wide file is kept for everyone: a second asker gets the same links.
    again = Client(HTTP_HOST="127.0.0.1").get("/anniversaries.ics").content
    assert again == bodies[0]


@pytest.mark.parametrize("path", ["/exports/events.csv", "/exports/events.jsonl"])
def test_an_export_with_a_bad_parameter_is_a_400_before_any_row(seeded, path):
    response = Client().get(path, {"tag": "<b>not a slug</b>"})
    assert response.status_code == 400 and "tag" in response.content.decode()
    assert not response.streaming
