"""Which language a request is answered in: the reader pages by their address (/ko/,
/ru/, /zh-hans/; English unprefixed), the first visit to / by the browser's language
unless the reader chose one, and the API, feeds and calendar files by ?lang=, then the
chosen language, then Accept-Language, saying which (Content-Language, Vary)."""

import pytest

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "ko", "ru", "zh-hans")


def test_a_first_visit_to_home_follows_the_browsers_language(client):
    korean = client.get("/", HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.5")
    assert korean.status_code == 302 and korean["Location"] == "/ko/"
    assert "Accept-Language" in korean["Vary"]
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru")["Location"] == "/ru/"
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert english.status_code == 200
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR").status_code == 200


def test_a_reader_who_chose_a_language_stays_with_it(client):
    chose = client.get("/language/", {"to": "en", "next": "/ko/timelines/"})
    assert chose.status_code == 302 and chose["Location"] == "/timelines/"
    assert chose.cookies["annals_language"].value == "en"
    # Now / is English even for a browser that prefers Korean.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ko").status_code == 200
    to_russian = client.get("/language/", {"to": "ru", "next": "/timelines/?page=2"})
    assert to_russian["Location"] == "/ru/timelines/?page=2"


def test_the_switcher_never_sends_a_reader_to_another_site(client):
    away = client.get("/language/", {"to": "ko", "next": "https://evil.example/"})
    assert away["Location"] == "/ko/"
    unknown = client.get("/language/", {"to": "xx", "next": "/"})
    assert unknown.status_code == 400 and "to" in unknown.content.decode()
    assert client.post("/language/", {"to": "ko"}).status_code == 405


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_names_its_language_and_links_each_other_one(seeded, client, settings, language):
    prefix = "" if language == "en" else f"/{language}"
    page = client.get(f"{prefix}/timelines/").content.decode()
    assert f'<html lang="{language}">' in page
    for other in LANGUAGES:
        other_prefix = "" if other == "en" else f"/{other}"
        # Absolute addresses from ANNALS_BASE_URL, as every absolute address is.
        address = f"{settings.ANNALS_BASE_URL}{other_prefix}/timelines/"
        assert f'hreflang="{other}" href="{address}"' in page
    assert f'hreflang="x-default" href="{settings.ANNALS_BASE_URL}/timelines/"' in page
    # The switcher: each language by its own name, marked as written in it.
    assert 'lang="ko"' in page and "한국어" in page and "Русский" in page and "简体中文" in page


def test_the_api_answers_in_the_language_asked_for_and_says_so(seeded, client):
    url = "/api/events/korean-war-armistice-agreement/"
    by_header = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    assert by_header["Content-Language"] == "ru"
    assert "Accept-Language" in by_header["Vary"]
    assert by_header.json()["title"] == "Соглашение о перемирии в Корее"
    # ?lang= wins over Accept-Language.
    by_parameter = client.get(url, {"lang": "ko"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert by_parameter["Content-Language"] == "ko"
    assert by_parameter.json()["title"] == "한국 정전 협정"
    assert by_parameter.json()["date_display"] == "1953년 7월 27일"
    english = client.get(url)
    assert english["Content-Language"] == "en"
    assert english.json()["title"] == "Korean War Armistice Agreement"
    assert client.get(url, {"lang": "fr"}).status_code == 400


def test_the_api_list_is_in_the_language_asked_for(seeded, client):
    rows = client.get("/api/events/", {"lang": "zh-hans", "tag": "armistice"}).json()["results"]
    assert [row["title"] for row in rows] == ["朝鲜停战协定"]
    assert rows[0]["date_display"] == "1953年7月27日"


def test_the_admin_follows_the_editors_language(editor_client):
    page = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "Annals 편집자" in page and "로그아웃" in page
    assert editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ko")["Content-Language"] == "ko"
