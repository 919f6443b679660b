"""Draft events from a report: dates in words and relative to publication, actors by any
of their names, each draft citing its sentence; nothing published."""

from datetime import date
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from events.drafting.reports import dates_in
from events.models import Event

# Reading dates out of prose, then plain ORM writes: run once (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.any_database]
REPORT = (Path(__file__).parent.parent / "fixtures" / "seed-report.txt").read_text()
WEDNESDAY = date(2023, 7, 26)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The armistice was signed on July 27, 1953.", ["1953-07-27"]),
        ("It was signed on 27 July 1953 at Panmunjom.", ["1953-07-27"]),
        ("Talks began in July 1951.", ["1951-07"]),
        ("The celebrations start tomorrow.", ["2023-07-27"]),
        ("He arrived yesterday, and they meet today.", ["2023-07-25", "2023-07-26"]),
        ("The Council met this week.", ["2023-07-24/2023-07-30"]),
        ("Shoigu arrived on Tuesday.", ["2023-07-25"]),
        ("The 1950-1953 war never formally ended.", ["1950/1953"]),
        ("The 1950–53 war.", ["1950/1953"]),
        ("Borders were closed in early 2020.", ["2020-37~"]),
        ("Prices rose in late 2019 and mid-2021.", ["2019-39~", "2021-38~"]),
        ("The state was founded in 1948.", ["1948"]),
        ("It has 1953 members.", []),
    ],
)
def test_dates_in_sentences(sentence, expected):
    assert [found.edtf for found in dates_in(sentence, WEDNESDAY)] == expected


def extract(client, **overrides):
    body = {
        "text": REPORT,
        "url": "https://news.example/shoigu-pyongyang",
        "title": "Russian Minister in North Korea As 'Victory Day' Celebrations Start Tomorrow",
        "published": "2023-07-26",
        **overrides,
    }
    return client.post("/api/sources/extract/", body, format="json")


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def test_the_seed_report_proposes_the_expected_drafts(seeded, editor_api):
    response = extract(editor_api)
    assert response.status_code == 201, response.json()
    drafts = response.json()["drafts"]
    by_date = {d["date"]: d for d in drafts}
    assert {"1953-07-27", "1950/1953", "2020-37~", "2023-07-27", "2023-07-25"} <= set(by_date)
    assert by_date["2020-37~"]["date_display"] == "early 2020"
    assert by_date["2020-37~"]["approximate"] is True
    celebrations = [
        d
        for d in drafts
        if d["date"] == "2023-07-27" and "Victory Day" in d["citations"][0]["quote"]
    ]
    assert celebrations and "“tomorrow”" in celebrations[0]["citations"][0]["locator"]
    actors = {a["slug"] for d in drafts for a in d["actors"]}
    assert {"sergei-shoigu", "li-hongzhong", "kim-jong-un"} <= actors
    assert by_date["1953-07-27"]["place"] == "panmunjom"
    assert all(d["status"] == "draft" for d in drafts)
    assert Event.objects.filter(status="draft").count() == len(drafts)
    source = response.json()["source"]
    assert source["published"] == "2023-07-26" and source["url"].startswith("https://")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": ""}, "text"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"published": "2999-01-01"}, "published"),
        ({"published": "yesterday"}, "published"),
    ],
)
def test_bad_reports_are_refused_naming_the_field(seeded, editor_api, overrides, field):
    before = Event.objects.count()
    response = extract(editor_api, **overrides)
    assert response.status_code == 400 and field in response.json(), response.json()
    assert Event.objects.count() == before


def test_only_editors_may_draft(seeded):
    assert extract(APIClient()).status_code == 401


def test_the_admin_drafts_from_a_pasted_report(seeded, editor_client):
    response = editor_client.post(
        "/admin/events/source/draft-from-report/",
        {
            "title": "Report",
            "url": "https://news.example/r",
            "published": "2023-07-26",
            "text": REPORT,
        },
    )
    page = response.content.decode()
    assert "draft events proposed" in page and "early 2020" in page
    assert "Sergei Shoigu" in page
