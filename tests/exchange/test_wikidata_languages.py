"""Wikidata's labels and descriptions in Annals' four languages: English the record's own
text, Korean, Russian and Chinese its translations (Chinese from zh-hans, else zh-cn,
else zh, else mul); an entity with no English label is imported, titled in another."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from events.models import Event

pytestmark = pytest.mark.django_db

DAY = {
    "P585": [
        {
            "mainsnak": {
                "snaktype": "value",
                "property": "P585",
                "datatype": "time",
                "datavalue": {
                    "type": "time",
                    "value": {
                        "time": "+1953-07-27T00:00:00Z",
                        "precision": 11,
                        "calendarmodel": "http://www.wikidata.org/entity/Q1985727",
                    },
                },
            },
            "type": "statement",
            "rank": "normal",
        }
    ]
}


def entity(qid: str, labels: dict, descriptions: dict) -> dict:
    def values(found):
        return {code: {"language": code, "value": text} for code, text in found.items()}

    return {
        "type": "item",
        "id": qid,
        "labels": values(labels),
        "descriptions": values(descriptions),
        "claims": DAY,
        "sitelinks": {},
    }


def load(tmp_path, *entities) -> None:
    dump = tmp_path / "dump.json"
    dump.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entities))
    call_command("import_wikidata", str(dump), stdout=StringIO(), stderr=StringIO())


def test_labels_and_descriptions_in_four_languages(tmp_path):
    load(
        tmp_path,
        entity(
            "Q9100001",
            {
                "en": "Korean Armistice Agreement",
                "ko": "한국 정전 협정",
                "ru": "Соглашение о перемирии в Корее",
                "zh": "朝鮮停戰協定",
                "zh-cn": "朝鲜停战协定",
            },
            {"en": "1953 armistice", "ru": "перемирие 1953 года", "zh": "1953年停战"},
        ),
    )
    event = Event.objects.get(external_id="Q9100001")
    assert (event.title, event.summary) == ("Korean Armistice Agreement", "1953 armistice")
    assert event.translations == {
        "ko": {"title": "한국 정전 협정"},
        "ru": {"title": "Соглашение о перемирии в Корее", "summary": "перемирие 1953 года"},
        # zh-cn before zh for the title; zh the only Chinese description.
        "zh-hans": {"title": "朝鲜停战协定", "summary": "1953年停战"},
    }


def test_zh_hans_comes_first_and_mul_last(tmp_path):
    load(
        tmp_path,
        entity("Q9100002", {"mul": "Panmunjom", "zh-hans": "板门店", "zh-cn": "板門店"}, {}),
    )
    event = Event.objects.get(external_id="Q9100002")
    # "mul" (the same in every language) is the title; it is not repeated as a translation.
    assert event.title == "Panmunjom"
    assert event.translations == {"zh-hans": {"title": "板门店"}}


def test_an_entity_without_an_english_label_is_imported(tmp_path):
    load(tmp_path, entity("Q9100003", {"ru": "Парад в Пхеньяне"}, {"ru": "военный парад"}))
    event = Event.objects.get(external_id="Q9100003")
    assert event.title == "Парад в Пхеньяне"
    assert event.translations["ru"] == {"title": "Парад в Пхеньяне", "summary": "военный парад"}
