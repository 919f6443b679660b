"""The pages in Korean, Russian and Chinese in a real browser: each fits a 360 px phone
(long Russian words included), axe finds no serious violation, the map's and TimelineJS's
own words are in the page's language, and a screenshot of each is saved."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.screens import SHOTS, shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]

PAGES = {
    "home": "/",
    "event": "/events/korean-war-armistice-agreement/",
    "timeline": "/timelines/korean-war-armistice/",
    "day": "/on-this-day/07-27/",
    "anniversaries": "/anniversaries/?from=2028-07-01&to=2028-07-31",
    "search": "/search/?q=Pyongyang",
    "map": "/map/",
    "proximity": "/analysis/proximity/?events_tag=missiles&anchors_tag=armistice&window=1",
    "subscribe": "/subscribe/all/",
}


# Russian's long words are the widest: every page in Russian; the pages that hold the most
# text in Korean and Chinese (each test costs a browser's time; the suite has ten minutes).
CHOSEN = {"ru": list(PAGES), "ko": ["home", "event", "day"], "zh-hans": ["event", "anniversaries"]}


SHOTS_OF = {"home", "event", "day", "timeline", "anniversaries", "search"}


@pytest.mark.parametrize("language", ["ko", "ru", "zh-hans"])
def test_every_page_in_a_language_fits_a_phone_and_passes_axe(seeded, page, language):
    axe = Axe()
    failures, too_wide = {}, {}
    for name in CHOSEN[language]:
        path = PAGES[name]
        page.goto(f"{page.base}/{language}{path}")
        assert page.locator("html").get_attribute("lang") == language
        results = axe.run(page)
        serious = [
            (v["id"], [n["target"] for n in v["nodes"][:3]])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            failures[name] = serious
        page.set_viewport_size({"width": 360, "height": 800})
        page.wait_for_timeout(250)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[name] = width
        if name in SHOTS_OF:  # screenshots cost a browser's time: the pages with most words
            shoot(page, f"{language}-{name}")
        page.set_viewport_size({"width": 1280, "height": 900})
    assert failures == {}, json.dumps(failures, indent=1)
    assert too_wide == {}
    assert (SHOTS / f"{language}-event-phone.png").stat().st_size > 10_000


def test_the_map_speaks_korean(seeded, page):
    page.goto(f"{page.base}/ko/map/")
    page.wait_for_selector(".spot-icon")
    assert page.locator(".leaflet-map").get_attribute("aria-label").startswith("사건 장소 지도")
    page.wait_for_function("document.getElementById('shown-count').textContent.length > 0")
    assert "이 기간의 사건" in page.locator("#shown-count").text_content()
    marker = page.locator(".spot-icon").first
    assert "사건" in (marker.get_attribute("title") or "")


def test_the_interactive_timeline_speaks_russian(seeded, page):
    page.goto(f"{page.base}/ru/timelines/korean-war-armistice/interactive/")
    page.wait_for_selector(".tl-slide-content", state="attached")
    shown = page.locator("#timeline-embed").inner_text()
    assert "1953" in shown and "Соглашение о перемирии в Корее" in page.content()
    assert "BCE" not in shown
    shoot(page, "ru-interactive")
