"""Countdowns in words: "in 1 year 8 months", "tomorrow", "today"."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def countdown(today: date, day: date) -> str:
    if day == today:
        return "today"
    future = day > today
    delta = relativedelta(day, today) if future else relativedelta(today, day)
    if delta.years == delta.months == 0 and delta.days == 1:
        return "tomorrow" if future else "yesterday"
    parts = []
    if delta.years:
        parts.append(_plural(delta.years, "year"))
    if delta.months:
        parts.append(_plural(delta.months, "month"))
    if not delta.years and delta.days:
        parts.append(_plural(delta.days, "day"))
    text = " ".join(parts)
    return f"in {text}" if future else f"{text} ago"
