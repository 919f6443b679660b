"""Screenshots of pages at a laptop's and a phone's width, under var/screenshots/, for a
person to look at (and for the tests to measure what a reader would see)."""

from pathlib import Path

SHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"
WIDTHS = {"phone": 390, "desktop": 1280}


def shoot(page, name: str) -> dict[str, tuple[int, int]]:
    """Full-page screenshots at each width; the page's (width, height) at each."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(350)  # Leaflet redraws 200 ms after a resize
        page.screenshot(path=SHOTS / f"{name}-{label}.png", full_page=True)
        sizes[label] = tuple(
            page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    return sizes
