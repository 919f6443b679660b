"""The site's sections, for the header of every page, with the one the reader is in."""

from __future__ import annotations

from django.urls import reverse

# (section, its URL name, the URL names of the pages inside it)
SECTIONS = (
    ("Timelines", "timelines", {"timelines", "timeline-page", "timeline-interactive"}),
    ("On this day", "on-this-day-today", {"on-this-day-today", "on-this-day"}),
    ("Anniversaries", "anniversaries-page", {"anniversaries-page"}),
    ("Map", "map", {"map"}),
    ("Analysis", "proximity-page", {"proximity-page"}),
    ("Search", "search", {"search"}),
)


def navigation(request) -> dict:
    match = getattr(request, "resolver_match", None)
    here = match.url_name if match else None
    return {
        "sections": [
            {"label": label, "url": reverse(name), "current": here in names}
            for label, name, names in SECTIONS
        ],
        "on_search_page": here == "search",
    }
