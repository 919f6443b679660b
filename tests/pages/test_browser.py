"""Pages in a real browser: Playwright driving Debian's Chromium against the live server.

Runs in the SQLite pass (scripts/test installs Chromium when missing). Every request must
stay on this machine; axe-core must find no serious or critical violation; screenshots
at phone and desktop widths are saved under var/screenshots/.
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from timeline.reminders.links import make_token
from timeline.reminders.models import Subscription

# One process starts the browser once for the module (pytest-xdist: loadgroup).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = {"phone": 360, "desktop": 1280}


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing on CI: scripts/test should have installed it")
        pytest.skip("Chromium is not installed (scripts/test installs it when it can)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django would take the
    # test's own database calls for async code. They are not: this is Playwright's
    # documented way to use it with Django.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server, settings):
    settings.ANNALS_BASE_URL = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Seoul")
    page = context.new_page()
    page.outside, page.errors = [], []

    def guard(route):
        # Nothing a page needs may come from elsewhere.
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.base = live_server.url
    yield page
    assert page.outside == [], f"requests left the machine: {page.outside}"
    context.close()


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        page.screenshot(path=SHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


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
        context = browser.new_context(java_script_enabled=False)
        bare = context.new_page()
        bare.base, bare.outside, bare.errors = page.base, [], []
        page = bare
    page.goto(page.base + "/")
    page.get_by_role("link", name="Are events timed to anniversaries?").click()
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
        page.set_viewport_size({"width": 360, "height": 800})  # nothing wider than a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        shoot(page, "proximity")
    else:
        page.context.close()


def _pages(live_url: str) -> dict[str, str]:
    subscription = Subscription.objects.create(
        target="all", email="a@example.org", timezone="UTC", confirmed_at="2026-01-01T00:00Z"
    )
    return {
        "home": "/",
        "timeline": "/timelines/korean-war-armistice/",
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
        if name in ("home", "search", "subscribe", "manage", "actor", "proximity"):
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
