"""Calendar files and Atom feeds in the language asked for: ?lang= at their address, or
under a language's prefix. Calendar text says its LANGUAGE (RFC 5545); Atom its xml:lang."""

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest
import recurring_ical_events
import time_machine
from icalendar import Calendar

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def calendar(client, url, **params) -> Calendar:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return Calendar.from_ical(response.content)


def test_an_event_calendar_in_korean_says_so(seeded, client):
    cal = calendar(client, "/events/korean-war-armistice-agreement.ics", lang="ko")
    [event] = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "기념일: 한국 정전 협정"
    assert event["SUMMARY"].params["LANGUAGE"] == "ko"
    assert "한국 정전 협정, 1953년 7월 27일." in str(event["DESCRIPTION"])
    assert str(cal["X-WR-CALNAME"]) == "한국 정전 협정"
    # The same file under the language's prefix.
    prefixed = calendar(client, "/ko/events/korean-war-armistice-agreement.ics")
    assert str(prefixed.walk("VEVENT")[0]["SUMMARY"]) == "기념일: 한국 정전 협정"
    english = calendar(client, "/events/korean-war-armistice-agreement.ics")
    assert str(english.walk("VEVENT")[0]["SUMMARY"]) == (
        "Anniversary: Korean War Armistice Agreement"
    )


def test_a_language_is_its_own_calendar_file_to_caches(seeded, client):
    url = "/events/korean-war-armistice-agreement.ics"
    english = client.get(url)
    russian = client.get(url, {"lang": "ru"}, HTTP_IF_NONE_MATCH=english["ETag"])
    assert russian.status_code == 200 and english["ETag"] != russian["ETag"]
    assert "Соглашение о перемирии в Корее" in russian.content.decode()


def test_the_site_milestone_calendar_in_russian_and_chinese(seeded, client):
    with time_machine.travel(datetime(2026, 7, 1, tzinfo=UTC), tick=False):
        russian = calendar(client, "/anniversaries.ics", lang="ru")
        chinese = calendar(client, "/zh-hans/anniversaries.ics")
    found = recurring_ical_events.of(russian).between(date(2028, 7, 1), date(2028, 8, 1))
    assert "75-летие — Соглашение о перемирии в Корее" in {str(e["SUMMARY"]) for e in found}
    assert {e["SUMMARY"].params["LANGUAGE"] for e in found} == {"ru"}
    found = recurring_ical_events.of(chinese).between(date(2028, 7, 1), date(2028, 8, 1))
    assert "朝鲜停战协定75周年" in {str(e["SUMMARY"]) for e in found}
    assert {e["SUMMARY"].params["LANGUAGE"] for e in found} == {"zh-Hans"}


def test_atom_feeds_carry_their_language(seeded, client):
    with time_machine.travel(datetime(2028, 7, 10, tzinfo=UTC), tick=False):
        korean = client.get("/feeds/anniversaries.atom", {"lang": "ko"})
        prefixed = client.get("/ko/feeds/anniversaries.atom")
    for response in (korean, prefixed):
        feed = ET.fromstring(response.content)
        assert feed.get(XML_LANG) == "ko"
        assert feed.find(f"{ATOM}title").text == "Annals: 앞으로 30일의 기념일"
        titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
        assert "2028년 7월 27일: 한국 정전 협정 75주년 (기념비적 주년)" in titles
    english = ET.fromstring(client.get("/feeds/events.atom").content)
    assert english.get(XML_LANG) == "en"
