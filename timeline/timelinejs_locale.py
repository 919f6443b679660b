"""TimelineJS's words in each of Annals' languages, written by Annals: TimelineJS ships
Korean, Russian and Chinese files whose BCE years fall back to English, so the
interactive view loads this one instead (TimelineJS takes a URL ending in .json as its
`language`). Month and day names and era words come from CLDR (Babel); its messages are
Annals' own, translated with the rest of the interface."""

from __future__ import annotations

import json
from functools import cache

from babel import Locale
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext

from chronology.wording import LOCALES
from gateway.methods import reads

# TimelineJS's date formats (its own tokens: yyyy, mmm, mmmm, m, d), as each language
# writes a year, a month and a day on the axis. Russian writes months by their
# stand-alone abbreviation, so that no genitive stands where a nominative should.
FORMATS = {
    "en": {"year": "yyyy", "month_short": "mmm", "month": "mmmm yyyy",
           "full_short": "d mmm", "full": "d mmmm yyyy"},
    "ko": {"year": "yyyy년", "month_short": "m월", "month": "yyyy년 m월",
           "full_short": "m월 d일", "full": "yyyy년 m월 d일"},
    "ru": {"year": "yyyy", "month_short": "mmm", "month": "mmm yyyy",
           "full_short": "d mmm", "full": "d mmmm yyyy"},
    "zh-hans": {"year": "yyyy年", "month_short": "m月", "month": "yyyy年m月",
                "full_short": "m月d日", "full": "yyyy年m月d日"},
}  # fmt: skip


@cache
def _calendar_words(language: str) -> dict:
    locale = Locale.parse(LOCALES[language])
    # Chinese dates write months by number (7月), as chronology.wording does; CLDR's wide
    # form is 七月.
    months = locale.months["format"]["abbreviated" if language == "zh-hans" else "wide"]
    short = locale.months["stand-alone"]["abbreviated"]
    days = locale.days["format"]["wide"]
    days_short = locale.days["format"]["abbreviated"]
    # CLDR numbers weekdays from Monday (0); TimelineJS from Sunday.
    order = [6, 0, 1, 2, 3, 4, 5]
    # The era word chronology.wording writes (Korean: 기원전, CLDR's wide form).
    era = locale.eras["wide" if locale.language == "ko" else "abbreviated"][0]
    # Where the era word stands: before the year (기원전 44년, 公元前44年) or after it
    # (44 до н. э., 44 BC), as CLDR's year-with-era pattern puts it.
    skeleton = locale.datetime_skeletons.get("Gy")
    pattern = str(skeleton.pattern) if skeleton else "y G"
    before = pattern.find("G") < pattern.find("y")
    return {
        "month": [months[m] for m in range(1, 13)],
        "month_abbr": [short[m] for m in range(1, 13)],
        "day": [days[d] for d in order],
        "day_abbr": [days_short[d] for d in order],
        "negative_year": {"prefix": era if before else "", "suffix": "" if before else era},
    }


def locale_file(language: str) -> dict:
    words = _calendar_words(language)
    return {
        "name": Locale.parse(LOCALES[language]).display_name,
        "lang": language,
        "api": {"wikipedia": language.split("-")[0]},
        "messages": {
            "loading": gettext("Loading"),
            "error": gettext("Error"),
            "return_to_title": gettext("Return to the title"),
            "go_to_end": gettext("Go to the last slide"),
            "loading_content": gettext("Loading"),
            "loading_timeline": gettext("Loading the timeline…"),
            "swipe_to_navigate": gettext("Swipe to move through the events")
            + "<br><span class='tl-button'>OK</span>",
            "zoom_in": gettext("Zoom in"),
            "zoom_out": gettext("Zoom out"),
        },
        "date": {key: words[key] for key in ("month", "month_abbr", "day", "day_abbr")},
        "era_labels": {
            "positive_year": {"prefix": "", "suffix": ""},
            "negative_year": words["negative_year"],
        },
        "dateformats": FORMATS[language],
    }


@reads
def timelinejs_locale(request, language: str):
    """GET /timelinejs/<language>.json: TimelineJS's language file, in that language."""
    if language not in FORMATS:
        raise Http404("No such language.")
    with translation.override(language):
        body = json.dumps(locale_file(language), ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
