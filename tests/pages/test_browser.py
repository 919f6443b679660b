"""Pages in a real browser: Playwright driving Debian's Chromium against the live server.

Runs in the SQLite pass (scripts/test installs Chromium when missing). Every request must
stay on this machine; axe-core must find no serious or critical violation; screenshots
at phone and desktop widths are saved under var/screenshots/. The browser and page
fixtures are in this folder's conftest.py; the corpus's pages in test_corpus_pages.py.
"""

import json
import re
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.screens import SHOTS, shoot
from timeline.reminders.links import make_token
from timeline.reminders.models import Subscription

# One process starts the browser once for the module (pytest-xdist: loadgroup).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def test_from_home_to_the_armistice(seeded, page):
    page.goto(page.base + "/")
    page.get_by_role("link", name="Korean War armistice and its anniversaries").click()
    page.get_by_role("link", name="Korean War Armistice Agreement").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Korean War Armistice Agreement"
    assert page.locator(".when").inner_text() == "27 July 1953, 10:00 Pyongyang time"
    source = page.get_by_role("link", name="Korean Armistice Agreement")
    assert (
        source.get_attribute("href") == "https://en.wikipedia.org/wiki/Korean_Armistice_Agreement"
    )
    assert "75th anniversary" in page.locator(".anniversaries").inner_text()
    assert page.errors == []
    shoot(page, "event")


def test_zooming_a_timeline(seeded, page):
    page.goto(page.base + "/timelines/korean-war-armistice/?zoom=century")
    headings = page.locator(".period h2").all_inner_texts()
    assert headings == ["1900s", "2000s"]
    page.get_by_role("link", name="year", exact=True).click()
    assert page.locator(".period h2").all_inner_texts() == ["1950", "1953", "2020", "2023"]
    assert page.locator(".density rect").count() == 4
    shoot(page, "timeline")
    page.locator(".density a").last.click()
    assert page.locator(".period h2").all_inner_texts() == ["2023"]


def test_keyboard_reaches_the_content_first(seeded, page):
    page.goto(page.base + "/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    outline = skip.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"


def test_the_interactive_timeline_renders_its_slides(seeded, page):
    page.goto(page.base + "/timelines/korean-war-armistice/interactive/")
    page.wait_for_selector(".tl-slide-content", state="attached")
    assert page.locator(".tl-slide").count() >= 10  # the title slide and nine events
    assert "Korean War" in page.locator(".tl-timenav").inner_text()
    assert page.errors == []
    shoot(page, "interactive")


def test_subscribing_and_confirming_through_the_mail(seeded, page, smtp):
    page.goto(page.base + "/events/korean-war-armistice-agreement/")
    page.get_by_label("Your email address").fill("reader@example.org")
    page.get_by_label("When").select_option("30,7,0")
    assert page.get_by_label("Your time zone").input_value() == "Asia/Seoul"  # browser's
    page.get_by_role("button", name="Subscribe").click()
    assert "Check your inbox" in page.get_by_role("heading", level=1).inner_text()
    [message] = smtp.messages
    link = re.search(
        r"https?://\S+/subscriptions/confirm/\S+/", message.get_body(("plain",)).get_content()
    )[0]
    page.goto(link)  # a page with one button: following the link confirms nothing
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm your subscription"
    assert Subscription.objects.get().confirmed_at is None
    page.get_by_role("button", name="Confirm").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Subscription confirmed"
    subscription = Subscription.objects.get()
    assert subscription.is_active and subscription.lead_days == [30, 7, 0]
    assert subscription.timezone == "Asia/Seoul"


@pytest.mark.parametrize("javascript", [True, False])
def test_asking_whether_events_are_timed_to_anniversaries(seeded, browser, page, javascript):
    if not javascript:  # the same, in a browser that runs no scripts
        bare = browser.new_context(java_script_enabled=False).new_page()
        bare.base, bare.outside, bare.errors = page.base, [], []
        page = bare
    page.goto(page.base + "/")
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Analysis").click()
    page.select_option("#events_tag", "missiles")
    page.select_option("#anchors_tag", "armistice")
    page.fill("#window", "1")
    page.get_by_role("button", name="Analyse").click()
    sentence = page.locator(".sentence").inner_text()
    assert re.match(r"\d+ of \d+ events? fell within 1 day of an anchor's anniversary", sentence)
    chart = page.get_by_role("img", name="Days from each event to its nearest anniversary")
    assert chart.count() == 1
    assert page.locator(".proximity-chart rect.band").count() == 61
    assert page.locator(".near-events a").count() >= 2
    assert page.locator("#events_tag").input_value() == "missiles"  # the form keeps it
    assert page.errors == []
    if javascript:
        page.set_viewport_size({"width": 390, "height": 800})  # nothing wider than a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shoot(page, "proximity")
    else:
        page.context.close()


def _pages(live_url: str) -> dict[str, str]:
    subscription = Subscription.objects.create(
        target="all", email="a@example.org", timezone="UTC", confirmed_at="2026-01-01T00:00Z"
    )
    return {
        "home": "/",
        "timelines": "/timelines/",
        "on-this-day": "/on-this-day/07-27/",
        "no-such-day": "/on-this-day/02-30/",
        "anniversaries": "/anniversaries/?from=2028-07-01&to=2028-07-31",
        "timeline": "/timelines/korean-war-armistice/",
        "map": "/map/",
        "interactive": "/timelines/korean-war-armistice/interactive/",
        "event": "/events/korean-war-armistice-agreement/",
        "actor": "/actors/sergei-shoigu/",
        "place": "/places/pyongyang/",
        "tag": "/tags/korean-war/",
        "search": "/search/?q=%EC%87%BC%EC%9D%B4%EA%B5%AC",
        "subscribe": "/subscribe/timeline/korean-war-armistice/",
        "confirmed": f"/subscriptions/confirm/{make_token(subscription, 'confirm')}/",
        "manage": f"/subscriptions/manage/{make_token(subscription, 'manage')}/",
        "unsubscribe": f"/subscriptions/unsubscribe/{make_token(subscription, 'unsubscribe')}/",
        "bad-link": "/subscriptions/confirm/not-a-token/",
        "proximity": "/analysis/proximity/?events_tag=missiles&anchors_tag=armistice&window=1",
    }


def test_no_serious_accessibility_violations_on_any_page_type(seeded, page):
    axe = Axe()
    failures = {}
    for name, path in _pages(page.base).items():
        page.goto(page.base + path)
        if name == "interactive":
            page.wait_for_selector(".tl-slide-content", state="attached")
        results = axe.run(page)
        serious = [
            v for v in results.response["violations"] if v["impact"] in ("serious", "critical")
        ]
        if serious:
            failures[name] = [
                (v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious
            ]
        shoot(page, name)
    assert failures == {}, json.dumps(failures, indent=1)


def test_screenshots_are_saved(seeded, page):
    shoot_dir = SHOTS
    if shoot_dir.exists():
        shutil.rmtree(shoot_dir / "print", ignore_errors=True)
    page.goto(page.base + "/events/korean-war-armistice-agreement/")
    page.emulate_media(media="print")
    (shoot_dir / "print").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=shoot_dir / "print" / "event.png", full_page=True)
    assert page.locator(".subscribe").is_hidden()  # print hides the forms
    assert (shoot_dir / "print" / "event.png").stat().st_size > 10_000


@pytest.mark.parametrize(
    ("zone", "offset_hours"), [("Pacific/Kiritimati", 14), ("Pacific/Honolulu", -10)]
)
def test_a_reader_far_east_or_west_sees_their_own_day(seeded, open_page, zone, offset_hours):
    """The first visit sets the zone's cookie (URL-encoded) and reloads once; from then on
    the server's "today" is the reader's. Kiritimati and Honolulu are a day apart."""
    from datetime import UTC, datetime, timedelta

    page = open_page(timezone_id=zone)
    page.goto(page.base + "/on-this-day/")
    page.wait_for_load_state("load")
    today = (datetime.now(UTC) + timedelta(hours=offset_hours)).date()
    expected = f"{today.day} {today:%B}"
    heading = page.get_by_role("heading", level=1).inner_text()
    if heading != expected:  # the clock turned over the hour between the two reads
        today = (datetime.now(UTC) + timedelta(hours=offset_hours)).date()
        expected = f"{today.day} {today:%B}"
    assert heading == expected
    assert f"Today in {zone}." in page.locator(".page-header").inner_text()
    cookie = next(c for c in page.context.cookies() if c["name"] == "tz")
    assert cookie["value"] == zone.replace("/", "%2F")
    page.goto(page.base + "/")
    assert f"in {zone}" in page.locator(".home-head").inner_text()
    assert page.errors == []


def test_the_interactive_timeline_keeps_its_text_readable_on_a_phone(seeded, open_page):
    page = open_page(width=390)
    page.goto(page.base + "/timelines/korean-war-armistice/interactive/")
    page.wait_for_selector(".tl-slide-content", state="attached")
    assert page.locator(".tl-timegroup").count() == 0  # no rows of groups on a phone
    page.locator(".tl-slidenav-next").first.click()
    page.wait_for_timeout(800)
    active = page.locator(".tl-slide-text-only, .tl-slide").filter(has_text="Korean War").first
    box = page.locator(".tl-storyslider").bounding_box()
    nav = page.locator(".tl-timenav").bounding_box()
    assert box["height"] > 2 * nav["height"]  # the story, not the navigation, has the room
    assert active.count() == 1
    labels = page.locator(".tl-timemarker-text").all_inner_texts()
    assert not any(label.count("27 July 1953") > 1 for label in labels)
    shoot(page, "interactive-phone")
    assert page.errors == []


def test_the_analysis_form_suggests_people_and_places_as_one_types(seeded, page):
    page.goto(page.base + "/analysis/proximity/")
    actor = page.locator("#events_actor")
    actor.fill("Shoi")
    page.wait_for_function(
        "() => document.querySelectorAll('#events-actors option[value=\"sergei-shoigu\"]')"
        ".length > 0"
    )
    option = page.locator('#events-actors option[value="sergei-shoigu"]')
    assert option.inner_text() == "Sergei Shoigu"
    place = page.locator("#anchors_place")
    place.fill("Pyong")
    page.wait_for_function(
        "() => document.querySelectorAll('#anchors-places option[value=\"pyongyang\"]').length > 0"
    )
    assert page.errors == []


def test_browsing_days_with_the_picker_and_the_arrows(seeded, page):
    page.goto(page.base + "/on-this-day/07-27/")
    page.get_by_role("link", name="28 July").click()
    assert page.get_by_role("heading", level=1).inner_text() == "28 July"
    page.get_by_label("Day", exact=True).select_option("29")
    page.get_by_label("Month", exact=True).select_option("2")
    page.get_by_role("button", name="Go").click()
    assert page.url.endswith("/on-this-day/02-29/")
    assert page.get_by_role("heading", level=1).inner_text() == "29 February"
    page.goto(page.base + "/on-this-day/02-30/")
    assert page.get_by_role("heading", level=1).inner_text() == "No such day"
    page.get_by_role("link", name="Today’s events in history").click()
    assert page.url.endswith("/on-this-day/")


def test_the_map_draws_its_markers_from_this_machine_alone(seeded, page):
    """Leaflet, its clusters, the land outline and the GeoJSON all come from Annals: the
    page fixture fails the test on any request to another host."""
    page.goto(page.base + "/map/")
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster", timeout=15000)
    page.wait_for_timeout(300)
    shoot(page, "map")
    assert (
        page.locator(".leaflet-map[role=region]")
        .get_attribute("aria-label")
        .startswith("Map of the events’ places")
    )
    assert page.locator("path.leaflet-interactive, svg path").count() > 0  # the land
    page.locator(".leaflet-map").focus()
    for _ in range(3):
        page.keyboard.press("Equal")  # "+" zooms in, from the keyboard
    page.wait_for_timeout(400)
    count = page.locator("#shown-count").inner_text()
    assert count.endswith("events in these years")
    shown = int(count.split()[0])
    assert shown >= 9
    # The years narrow the points without reloading, and the address keeps them.
    page.fill("#from-year", "2023")
    page.wait_for_function(
        "() => parseInt(document.getElementById('shown-count').textContent) < " + str(shown)
    )
    assert "from=2023" in page.url
    assert page.locator("[data-map-list] li").count() < shown
    assert page.errors == []


def test_a_markers_popup_lists_its_events(seeded, page):
    page.goto(page.base + "/map/?place=pyongyang")
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster", timeout=15000)
    marker = page.locator(".leaflet-marker-icon").first
    if page.locator(".marker-cluster").count():
        page.locator(".marker-cluster").first.click()
        page.wait_for_timeout(600)
        marker = page.locator(".leaflet-marker-icon:not(.marker-cluster)").first
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Pyongyang" in popup.inner_text()
    assert popup.get_by_role("link", name="Sergei Shoigu arrives in Pyongyang").count() == 1
    assert "25 July 2023" in popup.inner_text()


def test_without_javascript_the_map_is_drawn_on_the_server(seeded, browser, page):
    bare = browser.new_context(java_script_enabled=False).new_page()
    bare.goto(page.base + "/map/")
    drawing = bare.locator("figure.world-map svg")
    assert drawing.is_visible()
    assert bare.locator("figure.world-map circle.spot").count() >= 3
    assert bare.locator("figure.world-map path.land").count() == 1
    assert "Korean War Armistice Agreement" in bare.locator(".map-list").inner_text()
    bare.context.close()
