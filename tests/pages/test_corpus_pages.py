"""Every reader's page with real data: the map-history corpus (about 12,000 events) loaded
beside the seeds, looked at in Chromium at a laptop's width and a phone's. Each page must
fit the phone's width, stay a readable length, and pass axe; the screenshots (under
var/screenshots/corpus-*) are for a person to look at."""

import json
from io import BytesIO, StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image, ImageDraw

from events.models import Event
from seeds.map_history import DEFAULT_PATH
from tests.screens import shoot
from timeline.models import Timeline, TimelineEntry, TimelineSummary

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
    pytest.mark.skipif(not DEFAULT_PATH.is_dir(), reason="../shared/data/map-history is absent"),
]

# The longest a page may be, in pixels, at each width: a reader scrolls, but a home page
# of 6,500 px (11,000 on a phone) is a list nobody reads to its end.
TALLEST = {
    "home": (3000, 6500),
    "on-this-day": (7000, 16000),
    "anniversaries": (9000, 22000),
    "milestones": (9000, 22000),
    "timelines": (2500, 4000),
    "timeline": (14000, 30000),
    "event": (3000, 5000),
    "place": (7000, 16000),
    "search": (6000, 14000),
    "tag": (7000, 16000),
    "analysis": (5000, 9000),
    "map": (5000, 12000),
}


def a_picture() -> ContentFile:
    """A plain drawing, made here: no photograph whose licence the tests cannot check."""
    image = Image.new("RGB", (900, 600), (243, 230, 223))
    draw = ImageDraw.Draw(image)
    for n in range(12):
        draw.rectangle((60 + n * 65, 420 - n * 25, 100 + n * 65, 520), fill=(138, 43, 14))
    out = BytesIO()
    image.save(out, "PNG")
    return ContentFile(out.getvalue(), name="drawing.png")


@pytest.fixture
def corpus(seeded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_map_history", str(DEFAULT_PATH), stdout=StringIO(), stderr=StringIO())
    parade = Event.objects.get(slug="night-parade-hwasong-18")
    parade.image.save("drawing.png", a_picture(), save=False)
    parade.image_alt = "A drawing of bars rising to the right"
    parade.image_credit = "Drawn for Annals' tests"
    parade.save()
    owner = Timeline.objects.get().owner
    world = Timeline.objects.create(
        title="Wikipedia's On this day",
        slug="on-this-day-corpus",
        owner=owner,
        description="Every event of the map-history corpus, from antiquity to 2025.",
    )
    TimelineEntry.objects.bulk_create(
        TimelineEntry(timeline=world, event_id=pk, position=0)
        for pk in Event.objects.filter(tags__slug="map-history").values_list("pk", flat=True)
    )
    # A bulk insert sends no signals: the summary worked out for the empty timeline goes,
    # and the page works it out again (as a worker would after entries added one by one).
    TimelineSummary.objects.filter(timeline=world).delete()
    paris = Event.objects.filter(place__slug="paris-fr").order_by("-sort_day").first()
    return {
        "home": "/",
        "on-this-day": "/on-this-day/07-14/",
        "anniversaries": "/anniversaries/",
        "milestones": "/anniversaries/?milestones=on&to=" + _days_ahead(120),
        "timelines": "/timelines/",
        "timeline": "/timelines/on-this-day-corpus/",
        "event": paris.get_absolute_url(),
        "place": "/places/paris-fr/",
        "search": "/search/?q=paris",
        "tag": "/tags/map-history/",
        "analysis": "/analysis/proximity/?events_tag=map-history&anchors_tag=korean-war&window=3",
        "map": "/map/",
    }


def _days_ahead(days: int) -> str:
    from datetime import date, timedelta

    return (date.today() + timedelta(days=days)).isoformat()


def test_every_page_with_the_corpus_at_a_laptops_width_and_a_phones(corpus, page):
    """One test, so that the corpus is loaded once (a transactional test empties the
    database after it): every page's size and axe; the home page's sections; the map."""
    _every_page_fits(corpus, page)
    _the_home_page_holds_at_both_widths(page)
    _the_map_stays_smooth_with_the_corpus(page)
    assert page.errors == []


def _every_page_fits(corpus, page):
    axe = Axe()
    problems = {}
    for name, path in corpus.items():
        response = page.goto(page.base + path)
        assert response.status == 200, (name, response.status)
        if name == "map":
            page.wait_for_selector(".marker-cluster", timeout=30000)
        sizes = shoot(page, f"corpus-{name}")
        (desktop_width, desktop_height), (phone_width, phone_height) = (
            sizes["desktop"],
            sizes["phone"],
        )
        tallest_desktop, tallest_phone = TALLEST[name]
        if phone_width > 390 or desktop_width > 1280:
            problems[name] = f"wider than the screen: {sizes}"
        elif desktop_height > tallest_desktop or phone_height > tallest_phone:
            problems[name] = f"too long: {sizes}"
        serious = [
            (v["id"], [n["target"] for n in v["nodes"][:3]])
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            problems[name] = serious
    assert problems == {}, json.dumps(problems, indent=1)


def _the_home_page_holds_at_both_widths(page):
    page.goto(page.base + "/")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        # Each milestone is one card: its lines stack inside it, not in the list's grid.
        cards = page.locator("section:has(#milestones) .event-card")
        assert 0 < cards.count() <= 6
        heights = [box["height"] for box in (c.bounding_box() for c in cards.all())]
        assert max(heights) < 400, heights
        assert page.locator("section:has(#on-this-day) .event-card").count() <= 6
    thumbnails = page.locator("img.thumb")
    assert all(img.evaluate("i => i.naturalWidth > 0") for img in thumbnails.all())


def _the_map_stays_smooth_with_the_corpus(page):
    """12,000 events: loaded in pages of 2,000, clustered in the browser. Measured here
    (printed), and held to a bound a reader would not call slow."""
    import time

    page.set_viewport_size({"width": 1280, "height": 900})
    started = time.perf_counter()
    page.goto(page.base + "/map/?tag=map-history")
    page.wait_for_function(
        "() => parseInt(((document.getElementById('shown-count') || {}).textContent || '')"
        ".replace(/[^0-9]/g, '')) > 12000",
        timeout=30000,
    )
    loaded = time.perf_counter() - started
    page.wait_for_selector(".marker-cluster")
    clusters = page.locator(".marker-cluster").count()
    started = time.perf_counter()
    page.fill("#from-year", "1900")
    page.wait_for_function(
        "() => parseInt(document.getElementById('shown-count').textContent"
        ".replace(/[^0-9]/g, '')) < 12000"
    )
    narrowed = time.perf_counter() - started
    print(
        f"\nmap of the corpus: loaded and clustered in {loaded:.1f} s ({clusters} clusters), "
        f"narrowed to the years since 1900 in {narrowed:.2f} s"
    )
    assert loaded < 20 and narrowed < 5 and 0 < clusters < 500
