"""Query parameters, read one way everywhere: the API's views, the pages, the calendar
files and feeds, and the admin's filters.

Each reader takes the request's parameters (a QueryDict or any mapping of strings),
the parameter's name and its bounds, and returns a plain value or raises BadParameter
naming the parameter and the problem. The middleware (gateway.errors) turns that into a
400: JSON under /api/, a page elsewhere. Numbers are ASCII digits only: "²" and "٣"
are digits to str.isdigit() and int() reads some of them, which is how they reached the
database before. Every text is bounded in length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from django.utils.translation import gettext

T = TypeVar("T")

MAX_TEXT = 200  # characters in a free-text parameter unless a reader says otherwise
MAX_SLUG = 200  # as the models' slug fields
_INTEGER = re.compile(r"-?[0-9]{1,18}", re.ASCII)
_SLUG = re.compile(r"[-a-zA-Z0-9_]+", re.ASCII)
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
TRUE = ("true", "yes", "1", "on")
FALSE = ("false", "no", "0", "off")


class BadParameter(ValueError):
    """Parameters that cannot be answered: `errors` names each with its problem."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in errors.items()))
        self.errors = dict(errors)


def _raw(params: Mapping[str, Any], name: str) -> str:
    """The parameter's (last) value as text; "" when absent."""
    value = params.get(name)
    return "" if value is None else str(value)


def text(
    params: Mapping[str, Any], name: str, *, default: str = "", max_length: int = MAX_TEXT
) -> str:
    """Free text, stripped, at most `max_length` characters (longer is refused, not cut:
    a cut search would answer a question nobody asked)."""
    value = _raw(params, name).strip()
    if len(value) > max_length:
        raise BadParameter(
            {
                name: gettext("At most %(most)s characters; this has %(has)s.")
                % {"most": max_length, "has": len(value)}
            }
        )
    return value or default


def integer(
    params: Mapping[str, Any], name: str, *, low: int, high: int, default: int | None = None
) -> int | None:
    """A whole number from `low` to `high`, written in ASCII digits; `default` when absent."""
    value = _raw(params, name).strip()
    if value == "":
        return default
    if not _INTEGER.fullmatch(value) or not low <= int(value) <= high:
        raise BadParameter(
            {
                name: gettext(
                    "%(value)s is not a whole number from %(low)s to %(high)s (digits 0-9)."
                )
                % {"value": _shown(value), "low": low, "high": high}
            }
        )
    return int(value)


def boolean(params: Mapping[str, Any], name: str, *, default: bool) -> bool:
    value = _raw(params, name).strip().lower()
    if value == "":
        return default
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise BadParameter(
        {name: gettext("%(value)s is not true or false.") % {"value": _shown(value)}}
    )


def choice(
    params: Mapping[str, Any], name: str, choices: Iterable[str], *, default: str = ""
) -> str:
    value = _raw(params, name).strip()
    if value == "":
        return default
    allowed = list(choices)
    if value not in allowed:
        raise BadParameter(
            {
                name: gettext("%(value)s is not one of %(allowed)s.")
                % {"value": _shown(value), "allowed": ", ".join(allowed)}
            }
        )
    return value


def slug(params: Mapping[str, Any], name: str, *, default: str = "") -> str:
    """A record's slug: letters, digits, hyphens and underscores, at most MAX_SLUG."""
    value = _raw(params, name).strip()
    if value == "":
        return default
    if len(value) > MAX_SLUG or not _SLUG.fullmatch(value):
        raise BadParameter(
            {
                name: gettext("%(value)s is not a slug (letters, digits, '-', '_').")
                % {"value": _shown(value)}
            }
        )
    return value


def day(params: Mapping[str, Any], name: str, *, default: date | None = None) -> date | None:
    """A calendar day, YYYY-MM-DD."""
    value = _raw(params, name).strip()
    if value == "":
        return default
    match = _DAY.fullmatch(value)
    try:
        if match is None:
            raise ValueError
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise BadParameter(
            {
                name: gettext("%(value)s is not a real day written YYYY-MM-DD (e.g. 2023-07-27).")
                % {"value": _shown(value)}
            }
        ) from None


def collect(*readers: Callable[[], Any]) -> list[Any]:
    """Run each reader; the values in order, or one BadParameter naming every problem."""
    values: list[Any] = []
    errors: dict[str, str] = {}
    for read in readers:
        try:
            values.append(read())
        except BadParameter as bad:
            errors |= bad.errors
            values.append(None)
    if errors:
        raise BadParameter(errors)
    return values


def _shown(value: str) -> str:
    """The value as an error repeats it: quoted, and cut when long."""
    return repr(value if len(value) <= 40 else value[:40] + "…")
