"""Records in several languages through the API: an event's title and summary, a
timeline's title and description, the names of tags and places, read and written as
`translations` on the detail, shown in the language asked for, falling back field by
field to English; bad translations are a 400 naming the problem, nothing stored."""

import pytest
from rest_framework.test import APIClient

from events.models import Event, Place, Source, Tag

pytestmark = pytest.mark.django_db


def new_event(**overrides):
    return {
        "title": "Armistice talks begin",
        "date": "1951-07-10",
        "kind": "meeting",
        "status": "published",
        "place": "panmunjom",
        "citations": [{"source": Source.objects.get(title="Korean War").pk, "quote": "talks"}],
        **overrides,
    }


def test_translations_round_trip_and_fall_back_field_by_field(seeded, editor_api):
    translations = {
        "ko": {"title": "정전 회담 시작", "summary": "개성에서 정전 회담이 시작된다."},
        "ru": {"title": "Начало переговоров о перемирии"},
    }
    body = new_event(summary="Talks open at Kaesong.", translations=translations)
    created = editor_api.post("/api/events/", body, format="json")
    assert created.status_code == 201, created.json()
    slug = created.json()["slug"]
    detail = editor_api.get(f"/api/events/{slug}/").json()
    assert detail["translations"] == translations
    assert detail["title"] == "Armistice talks begin"
    korean = editor_api.get(f"/api/events/{slug}/", {"lang": "ko"}).json()
    assert (korean["title"], korean["summary"]) == (
        "정전 회담 시작",
        "개성에서 정전 회담이 시작된다.",
    )
    # Russian has a title only: the summary falls back to English.
    russian = editor_api.get(f"/api/events/{slug}/", {"lang": "ru"}).json()
    assert (russian["title"], russian["summary"]) == (
        "Начало переговоров о перемирии",
        "Talks open at Kaesong.",
    )
    chinese = editor_api.get(f"/api/events/{slug}/", {"lang": "zh-hans"}).json()
    assert chinese["title"] == "Armistice talks begin"
    # A list shows the language asked for, without the translations themselves.
    row = editor_api.get("/api/events/", {"lang": "ko", "q": "정전 회담"}).json()["results"]
    assert [r["title"] for r in row] == ["정전 회담 시작"] and "translations" not in row[0]


def test_a_partial_update_replaces_the_translations_it_is_given(seeded, editor_api):
    url = "/api/events/korean-war/"
    changed = editor_api.patch(
        url, {"translations": {"zh-hans": {"title": "抗美援朝战争"}}}, format="json"
    )
    assert changed.status_code == 200, changed.json()
    assert Event.objects.get(slug="korean-war").translations == {
        "zh-hans": {"title": "抗美援朝战争"}
    }


@pytest.mark.parametrize(
    ("translations", "problem"),
    [
        ({"fr": {"title": "Guerre de Corée"}}, "'fr' is not one of ko, ru, zh-hans"),
        ({"ko": {"body": "본문"}}, "'body' cannot be translated"),
        ({"ko": {"title": 7}}, "The ko title is text"),
        ({"ko": {"title": "가" * 301}}, "longer than 300 characters"),
        (["ko"], "Translations are an object of languages"),
        ({"ko": "한국 전쟁"}, "Translations into ko are an object of fields"),
    ],
)
def test_bad_translations_are_refused_naming_the_problem(seeded, editor_api, translations, problem):
    before = Event.objects.get(slug="korean-war").translations
    response = editor_api.patch(
        "/api/events/korean-war/", {"translations": translations}, format="json"
    )
    assert response.status_code == 400
    assert problem in str(response.json()["translations"])
    assert Event.objects.get(slug="korean-war").translations == before


def test_tags_places_and_timelines_carry_their_names_in_each_language(seeded, api_client):
    assert Tag.objects.get(slug="korean-war").translations["ru"] == {"name": "Корейская война"}
    assert Place.objects.get(slug="pyongyang").translations["zh-hans"] == {"name": "平壤"}
    timeline = api_client.get("/api/timelines/korean-war-armistice/", {"lang": "ru"}).json()
    assert timeline["title"] == "Перемирие в Корейской войне и его годовщины"
    assert timeline["translations"]["ko"]["title"] == "한국 전쟁 정전과 그 기념일"
    place = api_client.get("/api/places/pyongyang/", {"lang": "ko"}).json()
    assert place["name"] == "평양"
    tag = api_client.get("/api/tags/", {"lang": "zh-hans"}).json()
    names = {row["slug"]: row["name"] for row in tag["results"]}
    assert names["korean-war"] == "朝鲜战争"


def test_search_finds_a_record_by_its_translation(seeded, api_client):
    found = api_client.get("/api/events/", {"q": "Пхеньян"}).json()["results"]
    assert {row["slug"] for row in found} >= {"sergei-shoigu-arrives-in-pyongyang"}
    found = api_client.get("/api/events/", {"q": "停战协定"}).json()["results"]
    assert "korean-war-armistice-agreement" in {row["slug"] for row in found}


@pytest.fixture
def api_client():
    return APIClient()
