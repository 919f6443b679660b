"""What the header of every page shows: the site's sections, with the one the reader is
in, and the same page in each of Annals' languages (the switcher, and hreflang links)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from gateway.absolute_urls import absolute_url
from gateway.languages import in_language

# (section, its URL name, the URL names of the pages inside it)
SECTIONS = (
    (_("Timelines"), "timelines", {"timelines", "timeline-page", "timeline-interactive"}),
    (_("On this day"), "on-this-day-today", {"on-this-day-today", "on-this-day"}),
    (_("Anniversaries"), "anniversaries-page", {"anniversaries-page"}),
    (_("Map"), "map", {"map"}),
    (_("Analysis"), "proximity-page", {"proximity-page"}),
    (_("Search"), "search", {"search"}),
)

# Each language by its own name, as its readers look for it in a switcher.
AUTONYMS = {"en": "English", "ko": "한국어", "ru": "Русский", "zh-hans": "简体中文"}


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


def languages(request) -> dict:
    """The page in every language, for the switcher and for <link rel="alternate"
    hreflang> (x-default being the English, unprefixed one): its address without the
    query (a page's canonical address, and nothing a visitor wrote echoed back), from
    ANNALS_BASE_URL as every absolute address is. `lang_query` carries the language to
    the calendar files and feeds a page links to ("" in English, their default)."""
    current = translation.get_language()
    alternates = []
    for code, _name in settings.LANGUAGES:
        address = in_language(request.path, code)
        alternates.append(
            {
                "code": code,
                "name": AUTONYMS[code],
                "url": absolute_url(address),
                "path": address,
                "current": code == current,
            }
        )
    return {
        "alternates": alternates,
        "x_default": alternates[0]["url"],
        "lang_query": "" if current == settings.LANGUAGE_CODE else f"?lang={current}",
    }
