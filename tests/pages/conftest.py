"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, and a page on
the live server whose requests may not leave this machine."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"


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
def open_page(browser, live_server, settings):
    """open_page(timezone_id=..., width=...): a new page on the live server, in a browser
    context of that time zone; every request it makes must stay on this machine."""
    settings.ANNALS_BASE_URL = live_server.url
    settings.ANNALS_SERVE_MEDIA = True
    contexts, pages = [], []

    def opened(timezone_id="Asia/Seoul", width=1280, **options):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, timezone_id=timezone_id, **options
        )
        contexts.append(context)
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
        pages.append(page)
        return page

    yield opened
    for page in pages:
        assert page.outside == [], f"requests left the machine: {page.outside}"
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()
