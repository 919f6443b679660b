"""Are events timed to anniversaries? /api/analysis/proximity/ and the page over the
database: the figures, lunar anchors, 400s naming the parameter, private timelines,
drafts, constant query counts, the throttle and the cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from events.models import Event, Tag
from tests.analysis.holidays import HOLIDAYS
from tests.factories import EventFactory
from timeline.models import Timeline


@pytest.fixture
def dprk(db, editor):
    """Missile tests and the holidays they may or may not be timed to."""
    tests = Tag.objects.create(slug="missile-test", name="Missile test")
    holidays = Timeline.objects.create(
        slug="dprk-holidays", title="DPRK holidays", visibility="public", owner=editor
    )
    for n, (month, day, year) in enumerate(HOLIDAYS):
        anchor = EventFactory(
            slug=f"holiday-{n}", title=f"Holiday {n}", date=f"{year}-{month:02d}-{day:02d}"
        )
        holidays.entries.create(event=anchor, position=n)
    lunar = EventFactory(
        slug="chuseok", title="Chuseok", date="2000-09-12", observed="korean-lunar"
    )
    holidays.entries.create(event=lunar, position=9)
    planted = ["2016-04-14", "2017-04-15", "2017-07-28", "2019-07-26", "2020-10-10"]
    planted += ["2023-09-29", "2024-09-17"]  # Chuseok, on its lunar day
    away = ["2016-01-06", "2016-09-01", "2017-05-21", "2019-05-04", "2022-03-24", "2022-11-18"]
    for n, text in enumerate(planted + away):
        EventFactory(slug=f"test-{n}", title=f"Test {n}", date=text, kind="military").tags.add(
            tests
        )
    coarse = EventFactory(slug="test-coarse", date="2017-07", kind="military")
    coarse.tags.add(tests)
    return {"planted": planted, "away": away}


def ask(client=None, **params):
    params = {"events_tag": "missile-test", "anchors_timeline": "dprk-holidays", **params}
    return (client or APIClient()).get("/api/analysis/proximity/", params)


def test_the_api_answers_with_the_figures_and_the_near_events(dprk):
    response = ask()
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["events"], data["excluded"], data["anchors"], data["window"]) == (13, 1, 6, 1)
    assert data["near"] == 7
    assert 0 < data["expected"] < 1
    assert data["ratio"] == pytest.approx(7 / data["expected"])
    assert data["p_value"] < 1e-6
    assert "uniform over the days of its own year" in data["method"]
    assert data["sentence"].startswith("7 of 13 events fell within 1 day of an anchor's")
    assert "p < 0.000001" in data["sentence"]
    near = {
        (row["event"]["slug"], row["anchor"]["slug"], row["days"]) for row in data["near_events"]
    }
    assert ("test-2", "holiday-2", 1) in near  # 28 July, a day after the armistice
    assert ("test-3", "holiday-2", -1) in near
    assert ("test-5", "chuseok", 0) in near and ("test-6", "chuseok", 0) in near
    assert all(row["event"]["url"].startswith("http") for row in data["near_events"])
    assert sum(b["events"] for b in data["histogram"] if abs(b["days"]) <= 1) == 7
    assert len(data["histogram"]) == 61


def test_a_window_of_zero_and_a_wider_one(dprk):
    exact = ask(window=0).json()
    assert exact["near"] == 4  # 15 April, 10 October and Chuseok twice
    wide = ask(window=30).json()
    assert wide["near"] > exact["near"] and wide["expected"] > 10 * exact["expected"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"window": "61"}, "window"),
        ({"window": "-1"}, "window"),
        ({"window": "1.5"}, "window"),
        ({"window": "abc"}, "window"),
        ({"events_tag": ""}, "events"),
        ({"anchors_timeline": ""}, "anchors"),
        ({"events_tag": "no-such-tag"}, "events_tag"),
        ({"events_kind": "volcano"}, "events_kind"),
        ({"anchors_place": "atlantis"}, "anchors_place"),
        ({"anchors_actor": "nobody"}, "anchors_actor"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(dprk, params, named):
    response = ask(**params)
    assert response.status_code == 400, response.content
    assert named in response.json()


def test_a_private_timeline_is_no_anchor_set_for_others(dprk, django_user_model):
    owner = django_user_model.objects.create_user("owner")
    Timeline.objects.filter(slug="dprk-holidays").update(visibility="private", owner=owner)
    assert ask().status_code == 400 and "anchors_timeline" in ask().json()
    client = APIClient()
    client.force_authenticate(owner)
    assert ask(client).status_code == 200


def test_drafts_are_never_analysed(dprk):
    Event.objects.filter(slug__in=["test-0", "test-1"]).update(status="draft")
    assert ask().json()["events"] == 11


def test_the_query_count_does_not_grow_with_the_sets(dprk):
    with CaptureQueriesContext(connection) as few:
        assert ask(window=2).status_code == 200
    tests = Tag.objects.get(slug="missile-test")
    for n in range(40):
        EventFactory(date=f"{1990 + n}-07-27", kind="military").tags.add(tests)
    with CaptureQueriesContext(connection) as many:
        assert ask(window=3).json()["near"] > 40
    assert len(many) == len(few)


def test_anonymous_clients_are_limited(dprk, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "analysis": "2/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    assert [ask(window=w).status_code for w in (1, 2, 3)] == [200, 200, 429]


def test_the_page_answers_without_javascript(dprk, client):
    empty = client.get("/analysis/proximity/")
    assert empty.status_code == 200 and b"<svg" not in empty.content
    page = client.get(
        "/analysis/proximity/",
        {"events_tag": "missile-test", "anchors_timeline": "dprk-holidays", "window": "1"},
    ).content.decode()
    assert "7 of 13 events fell within 1 day" in page
    assert page.count('class="bar"') >= 3 and 'class="window"' in page and 'class="band"' in page
    assert 'href="/events/test-5/"' in page and 'href="/events/chuseok/"' in page
    assert 'value="missile-test" selected' in page  # the form keeps the query
    bad = client.get("/analysis/proximity/", {"events_tag": "missile-test", "window": "99"})
    assert bad.status_code == 400
    assert "anchors" in bad.content.decode() and "window" in bad.content.decode()


def test_the_answer_is_kept_until_the_records_change(dprk, django_capture_on_commit_callbacks):
    first = ask().json()["near"]
    with CaptureQueriesContext(connection) as again:
        assert ask().json()["near"] == first
    assert not any("events_event" in q["sql"] for q in again.captured_queries)  # cached
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(slug="late", date="2021-07-27", kind="military").tags.add(
            Tag.objects.get(slug="missile-test")
        )
    assert ask().json()["near"] == first + 1
