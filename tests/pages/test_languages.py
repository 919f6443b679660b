"""The reader's pages in Korean, Russian and Chinese, on the seed data: the interface,
dates, anniversary words and records in the page's language; record text nobody has
translated shown in English and marked lang="en"; a warm page still one query."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory
from tests.html import text

pytestmark = pytest.mark.django_db

ARMISTICE = "/events/korean-war-armistice-agreement/"


@pytest.fixture
def in_2026():
    with time_machine.travel(datetime(2026, 7, 15, 12, 0, tzinfo=UTC), tick=False):
        yield


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return text(response)


def test_an_event_page_in_korean(seeded, client, in_2026):
    shown = page(client, f"/ko{ARMISTICE}")
    assert "<h1>한국 정전 협정</h1>" in shown
    assert "1953년 7월 27일" in shown
    assert "판문점</a>, 북한" in shown  # the place, and its country as CLDR names it
    assert "기념일" in shown and "75주년" in shown and "출처" in shown
    assert "한국 전쟁" in shown  # its tag
    # The interface: navigation, the subscribe form.
    for words in ("타임라인", "오늘의 역사", "지도", "검색", "기념일 알림 받기", "이메일 주소"):
        assert words in shown, words
    for english in ("Timelines", "Anniversaries", "Sources", "Remind me", "Subscribe"):
        assert f">{english}<" not in shown, english


def test_an_event_page_in_russian_and_chinese(seeded, client, in_2026):
    russian = page(client, f"/ru{ARMISTICE}")
    assert "Соглашение о перемирии в Корее" in russian
    assert "27 июля 1953\u202fг." in russian
    assert "75-летие" in russian and "Годовщины" in russian
    assert "Пханмунджом" in russian
    chinese = page(client, f"/zh-hans{ARMISTICE}")
    assert "朝鲜停战协定" in chinese and "1953年7月27日" in chinese and "75周年" in chinese
    assert "板门店" in chinese


def test_the_commemoration_is_worded_in_each_language(seeded, client, in_2026):
    assert "70주년 기념:" in page(client, "/ko/events/victory-day-2023/")
    assert "70-летие события:" in page(client, "/ru/events/victory-day-2023/")


def test_untranslated_record_text_is_shown_in_english_and_marked(seeded, client, in_2026):
    EventFactory(
        slug="only-english",
        title="Only in English",
        date="1953-07-27",
        summary="Nobody has translated this yet.",
        translations={"ko": {"summary": "아직 제목만 번역되지 않았습니다."}},
    )
    day = page(client, "/ko/on-this-day/07-27/")
    assert '<a href="/events/only-english/" lang="en">Only in English</a>' in day.replace(
        "/ko/events/", "/events/"
    )
    assert "아직 제목만 번역되지 않았습니다." in day  # the summary is translated: not marked
    event = page(client, "/ko/events/only-english/")
    assert '<h1><span lang="en">Only in English</span></h1>' in event


def test_on_this_day_in_russian_writes_centuries_and_years_ago(seeded, client, in_2026):
    shown = page(client, "/ru/on-this-day/07-27/")
    assert "<h1>27 июля</h1>" in shown
    assert "XX век" in shown and "XXI век" in shown
    assert "73 года назад" in shown  # 1953, from 2026
    assert "3 года назад" in shown  # 2023
    assert "← 26 июля" in shown.replace('<span aria-hidden="true">←</span>', "←")


def test_coming_anniversaries_in_chinese(seeded, client):
    with time_machine.travel(datetime(2028, 7, 15, 12, 0, tzinfo=UTC), tick=False):
        shown = page(client, "/zh-hans/anniversaries/")
    assert "即将到来的周年纪念" in shown
    assert "75周年" in shown and "12天后" in shown
    assert "2028年7月27日星期四" in shown


def test_a_warm_timeline_page_is_one_query_in_every_language(seeded, client):
    for prefix in ("", "/ko", "/ru", "/zh-hans"):
        path = f"{prefix}/timelines/korean-war-armistice/"
        first = page(client, path)
        with CaptureQueriesContext(connection) as queries:
            again = page(client, path)
        assert len(queries) == 1, (
            prefix,
            [q["sql"][:60] + q["sql"][-150:] for q in queries.captured_queries],
        )
        assert (
            again.split("<main")[1].split("csrfmiddlewaretoken")[0]
            == (first.split("<main")[1].split("csrfmiddlewaretoken")[0])
        )
    korean = page(client, "/ko/timelines/korean-war-armistice/")
    english = page(client, "/timelines/korean-war-armistice/")
    # Kept per language: neither is served the other's page.
    assert (
        "한국 전쟁 정전과 그 기념일" in korean
        and "Korean War armistice" not in korean.split("<main")[1]
    )
    main = english.split("<main")[1]
    assert "Korean War armistice and its anniversaries" in main and "한국" not in main
    caches["shared"].clear()


def test_a_bad_parameter_is_named_in_the_readers_language(seeded, client):
    response = client.get("/ko/anniversaries/", {"from": "2023-02-30"})
    assert response.status_code == 400
    assert "YYYY-MM-DD 형식의 실제 날짜가 아닙니다" in response.content.decode()


def test_a_missing_page_says_so_in_the_readers_language(client):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/ru/map/",
        "/ru/events/korean-war-armistice-agreement/",
        "/ru/timelines/korean-war-armistice/",
        "/ru/analysis/proximity/?events_tag=missiles&anchors_tag=armistice&window=1",
    ],
)
def test_drawings_keep_their_numbers_plain_where_the_language_writes_decimal_commas(
    seeded, client, path
):
    # Russian writes 0,5; an SVG attribute written so draws nothing.
    shown = page(client, path)
    assert "<svg" in shown
    commas = re.findall(
        r'\s(?:cx|cy|r|x|y|x1|x2|y1|y2|width|height|stroke-width|viewBox)="[^"]*\d,\d', shown
    )
    assert commas == []
