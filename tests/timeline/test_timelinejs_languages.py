"""TimelineJS in the page's language: the JSON's dates written by Annals (no English
"BCE", no year off by one), and TimelineJS's own words from Annals' language file."""

import pytest
from rest_framework.test import APIClient

from events.models import Event
from tests.factories import EventFactory
from tests.html import text

pytestmark = pytest.mark.django_db


def slides(language: str) -> dict:
    data = APIClient().get("/api/timelines/korean-war-armistice/timelinejs/", {"lang": language})
    return {s["unique_id"]: s for s in data.json()["events"]}


@pytest.fixture
def ides(seeded):
    from timeline.models import Timeline

    EventFactory(slug="ides", date="-0043-03-15", title="Ides of March")
    Timeline.objects.get().entries.create(event=Event.objects.get(slug="ides"), position=0)


@pytest.mark.parametrize(
    ("language", "armistice", "ides_date", "war_end"),
    [
        ("ko", "한국 정전 협정", "기원전 44년 3월 15일", "1953년 7월 27일"),
        ("ru", "Соглашение о перемирии в Корее", "15 марта 44 г. до н. э.", "27 июля 1953 г."),
        ("zh-hans", "朝鲜停战协定", "公元前44年3月15日", "1953年7月27日"),
    ],
)
def test_slides_in_each_language(ides, language, armistice, ides_date, war_end):
    shown = slides(language)
    assert shown["korean-war-armistice-agreement"]["text"]["headline"] == armistice
    start = shown["ides"]["start_date"]
    assert start["display_date"].replace("\u202f", " ").replace("\xa0", " ") == ides_date
    # TimelineJS labels year -44 "44" with the era word: 44 BC, not 43.
    assert start["year"] == -44
    war = shown["korean-war"]["end_date"]["display_date"]
    assert war.replace("\u202f", " ") == war_end
    # Untranslated record text is marked as English.
    assert shown["ides"]["text"]["headline"] == '<span lang="en">Ides of March</span>'


def test_timelinejs_language_files_are_annals_own(client):
    for language, era, month in (
        ("ko", "기원전", "7월"),
        ("ru", "до н. э.", "июля"),
        ("zh-hans", "公元前", "7月"),
        ("en", "BC", "July"),
    ):
        data = client.get(f"/timelinejs/{language}.json").json()
        labels = data["era_labels"]["negative_year"]
        assert era in (labels["prefix"] + labels["suffix"]), language
        assert "BCE" not in str(data)
        assert month in data["date"]["month"][6]
    assert client.get("/timelinejs/fr.json").status_code == 404


def test_the_interactive_view_loads_them(seeded, client):
    page = text(client.get("/ru/timelines/korean-war-armistice/interactive/"))
    assert 'data-language="/timelinejs/ru.json"' in page
    assert "lang=ru" in page and "Вернуться к списку" in page
