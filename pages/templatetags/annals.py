"""Template filters of the reader's pages: anniversaries, centuries, years ago, summaries
beside their titles, and search words marked in text."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from chronology import wording
from chronology.dates import Precision
from events import translated
from events.search import fold

register = template.Library()


@register.filter
def ordinal_anniversary(years: int) -> str:
    """70 -> "70th anniversary" (70주년, 70-летие, 70周年); 100 -> "100th anniversary
    (centenary)"."""
    return wording.anniversary_label(int(years), Precision.DAY, language=translated.current())


@register.filter
def anniversary_words(anniversary) -> str:
    """A listed anniversary's label in the page's language."""
    return translated.anniversary_words(anniversary)


@register.filter
def year_name(year: int) -> str:
    """An astronomical year as people write it: 1953, 44 BC, 기원전 44년."""
    return wording.year_words(int(year), translated.current())


@register.filter
def century_name(year: int) -> str:
    """1953 -> "20th century" (20세기, XX век, 20世纪); -43 -> "1st century BC"."""
    return wording.century_words(int(year), translated.current())


@register.filter
def years_ago(year: int, this_year: int) -> str:
    """How long ago `year` was, from `this_year` (astronomical years): "70 years ago"."""
    return wording.years_ago(int(year), int(this_year), translated.current())


@register.filter
def milestone_of(years: int, milestones) -> str:
    """ "70th anniversary" when `years` is a milestone (and over 0), else ""."""
    years = int(years)
    return ordinal_anniversary(years) if years > 0 and years in milestones else ""


@register.filter
def bound_note(bound) -> str:
    """An interval's end has anniversaries too: say so on its row."""
    return gettext("of its end") if str(bound) == "end" else ""


@register.filter
def day_words(day) -> str:
    """A datetime.date as the page's language writes it: 27 July 1953, 1953년 7월 27일."""
    if not day:
        return ""
    return wording.day_words(day.year, day.month, day.day, translated.current())


@register.filter
def weekday_words(day) -> str:
    """A date with its day of the week, as CLDR writes it in the page's language."""
    return wording.full_day(day, translated.current())


@register.filter
def month_day_words(day) -> str:
    """A day of the year (a date, or "MM-DD") without its year: 27 July, 7월 27일."""
    if isinstance(day, str):
        month, number = (int(part) for part in day.split("-"))
    else:
        month, number = day.month, day.day
    return wording.month_day_words(month, number, translated.current())


@register.filter
def tr(record, field: str) -> SafeString:
    """A record's `field` in the page's language, else in English inside lang="en" (so
    that screen readers and fonts know what they are reading)."""
    return translated.html(translated.shown(record, field, translated.current()))


@register.filter
def tr_text(record, field: str) -> str:
    """A record's `field` in the page's language, as plain text (attributes, titles)."""
    return translated.shown(record, field, translated.current()).text


@register.filter
def country(name: str) -> str:
    """A country kept by its English CLDR name, in the page's language."""
    return translated.country_in(name, translated.current()).text


@register.filter
def actor_name(actor) -> SafeString:
    """An actor by its name in the page's language, else its own name (marked English)."""
    return translated.html(translated.actor_name(actor, translated.current()))


@register.filter
def beyond_title(summary: str, title: str) -> str:
    """The summary without the title it starts with (imported events often begin their
    summary with their title): what a card adds under the title, or "". Where the title
    was cut short ("…"), the rest goes on from the cut, marked as a continuation."""
    summary, title = (summary or "").strip(), (title or "").strip()
    cut = title.endswith("…")
    title = title.rstrip("…").strip()
    if not title or not summary.startswith(title):
        return summary
    rest = summary[len(title) :].strip()
    if cut and rest:
        return "…" + rest
    return rest.lstrip(".;:, ")


@register.filter
def marked(text: str, words) -> SafeString:
    """`text`, escaped, with every word that starts with a searched word in <mark>: the
    same rule the search follows (events.search: folded, prefix of a word)."""
    text = str(text or "")
    wanted = [fold(w) for w in words or [] if w]
    if not wanted:
        return conditional_escape(text)
    out, last = [], 0
    for match in re.finditer(r"\w+", text):
        if any(fold(match[0]).startswith(w) for w in wanted):
            out += [conditional_escape(text[last : match.start()]), "<mark>"]
            out += [conditional_escape(match[0]), "</mark>"]
            last = match.end()
    out.append(conditional_escape(text[last:]))
    return mark_safe("".join(str(part) for part in out))  # noqa: S308 - every part escaped


@register.filter
def tr_lang(record, field: str) -> str:
    """The language a record's `field` is shown in when it is not the page's (a fallback
    to English), else "": for a lang attribute around text marked up otherwise."""
    language = translated.current()
    shown = translated.shown(record, field, language)
    return shown.language if shown.language != language else ""


@register.filter
def language_named(code: str) -> str:
    """A BCP 47 language code named in the page's language (CLDR): ko -> 한국어 -> Korean."""
    return translated.language_name(str(code))
