"""Choosing events, read from a request: one parser for the parameters that ask for some
events (read_choice: a 400 naming the parameter) into a Choice (events.choices), which
EventQuerySet.chosen applies and Choice.matches tests. Every caller chooses this way:
the API's lists, the pages, the calendar files, the exports, the proximity analysis,
subscriptions and the reminder planner.

A timeline is a set of events the time layer defines: the records ask for it by name
(events.scopes), so that they import nothing above them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from chronology.dates import EDTFDate, EDTFError, parse_edtf
from events.choices import DAYS, FACETS, Choice
from gateway import params

_DAY_MONTH_OR_YEAR = re.compile(r"-?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", re.ASCII)


def read_choice(
    query: Mapping[str, Any],
    user: Any,
    *,
    names: Iterable[str] = (*FACETS[1:], *DAYS),
    prefix: str = "",
) -> Choice:
    """The Choice that the parameters `names` (each as `prefix` + name) ask for, every
    problem a BadParameter naming its parameter: not a slug, no such record (or one the
    asker may not see), an unknown kind, a day that is not YYYY[-MM[-DD]]."""
    from events.models import Actor, Event, Place, Tag

    models: dict[str, Any] = {"tag": Tag, "actor": Actor, "place": Place, "event": Event}
    chosen: dict[str, Any] = {}
    asked: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in names:
        parameter = f"{prefix}{name}"
        try:
            if name == "kind":
                value = params.choice(query, parameter, Event.Kind.values)
            elif name in DAYS:
                value = params.text(query, parameter, max_length=20)
            else:
                value = params.slug(query, parameter)
        except params.BadParameter as bad:
            errors |= bad.errors
            continue
        if not value:
            continue
        asked[parameter] = value
        if name == "kind":
            chosen[name] = value
        elif name in DAYS:
            try:
                chosen[name] = _day(value)
            except ValueError as problem:
                errors[parameter] = str(problem)
        else:
            found = _find(name, value, user, models)
            if found is None:
                errors[parameter] = f"No {name} with slug {value!r}."
            chosen[name] = found
    if errors:
        raise params.BadParameter(errors)
    return Choice(**chosen, asked=asked)


def _find(name: str, slug: str, user: Any, models: dict[str, Any]) -> int | None:
    from events import scopes

    if name == "timeline":
        return scopes.find("timeline", slug, user)
    records = models[name]._default_manager
    if name == "event":
        records = records.published()  # what is chosen by its slug is chosen in public
    pk: int | None = records.filter(slug=slug).values_list("pk", flat=True).first()
    return pk


def _day(text: str) -> EDTFDate:
    if not _DAY_MONTH_OR_YEAR.fullmatch(text):
        raise ValueError(
            f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD (years may be signed: -0043)."
        )
    try:
        return parse_edtf(text)
    except EDTFError as problem:
        raise ValueError(str(problem)) from problem
