"""Template filters of the reader's pages: anniversaries, centuries, years ago, summaries
beside their titles, and search words marked in text."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from chronology.dates import Precision, century, display_year
from chronology.recurrence import label, ordinal
from events.search import fold

register = template.Library()


@register.filter
def ordinal_anniversary(years: int) -> str:
    """70 -> "70th anniversary"; 100 -> "100th anniversary (centenary)"."""
    return label(int(years), Precision.DAY)


@register.filter
def year_name(year: int) -> str:
    """An astronomical year as people write it: 1953, 44 BC."""
    return display_year(int(year))


@register.filter
def century_name(year: int) -> str:
    """1953 -> "20th century"; -43 -> "1st century BC"."""
    number = century(int(year))
    return f"{ordinal(abs(number))} century" + (" BC" if number < 0 else "")


@register.filter
def years_ago(year: int, this_year: int) -> str:
    """How long ago `year` was, from `this_year` (astronomical years): "70 years ago"."""
    years = int(this_year) - int(year)
    if years == 0:
        return "this year"
    if years < 0:
        return f"in {-years:,} year{'s' if years != -1 else ''}"
    return f"{years:,} year{'s' if years != 1 else ''} ago"


@register.filter
def milestone_of(years: int, milestones) -> str:
    """ "70th anniversary" when `years` is a milestone (and over 0), else ""."""
    years = int(years)
    return label(years, Precision.DAY) if years > 0 and years in milestones else ""


@register.filter
def bound_note(bound) -> str:
    """An interval's end has anniversaries too: say so on its row."""
    return "of its end" if str(bound) == "end" else ""


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
