"""Draft events from a report's text: dates found sentence by sentence, each proposed as
a draft event that cites the sentence it came from, with the actors and places the
sentence names. Nothing is published: editors review the drafts.

Dates understood: absolute ("July 27, 1953", "27 July 1953", "July 1953"), relative to
the publication day ("today", "tomorrow", "yesterday", "this week", "on Wednesday" — the
weekday of the publication's week), year spans ("the 1950-1953 war"), vague parts of a
year as approximate EDTF ("early 2020" is 2020-37~), and years after "in", "since",
"from" or "by".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from chronology.date_text import parse_date_text
from chronology.dates import MONTH_NAMES, EDTFError, parse_edtf
from events.models import Actor, ActorName, Citation, Event, Participation, Place, Source
from events.services import unique_slug
from events.validators import validate_http_url

_MONTH = "|".join(MONTH_NAMES[1:])
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("span", re.compile(r"\b(1\d{3}|20\d{2})\s*[-–]\s*(1\d{3}|20\d{2}|\d{2})\b")),
    ("day", re.compile(rf"\b(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b")),
    ("day", re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH}),?\s+\d{{4}}\b")),
    ("month", re.compile(rf"\b(?:{_MONTH})\s+\d{{4}}\b")),
    ("vague", re.compile(r"\b(early|mid|late)[- ](\d{4})\b", re.I)),
    ("relative", re.compile(r"\b(today|tonight|tomorrow|yesterday)\b", re.I)),
    ("week", re.compile(r"\b(this|last|next) week\b", re.I)),
    ("weekday", re.compile(r"\bon (" + "|".join(_WEEKDAYS) + r")\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|from|by) (1\d{3}|20\d{2})\b")),
]
_VAGUE = {"early": "37", "mid": "38", "late": "39"}


@dataclass
class Found:
    text: str  # the words that gave the date
    edtf: str


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[\"“‘'(]?[A-Z0-9])", " ".join(text.split()))
    return [p.strip() for p in parts if p.strip()]


def _iso(day: date) -> str:
    return day.isoformat()


def dates_in(sentence: str, published: date) -> list[Found]:
    """The dates a sentence names, as EDTF, earliest-matching pattern first, no overlaps."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Found]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            edtf = _edtf(kind, match, published)
            if edtf is None:
                continue
            taken.append((match.start(), match.end()))
            found.append((match.start(), Found(match.group(0), edtf)))
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


def _edtf(kind: str, match: re.Match, published: date) -> str | None:
    try:
        if kind == "span":
            first, last = match.group(1), match.group(2)
            if len(last) == 2:
                last = first[:2] + last
            return f"{first}/{last}" if int(first) < int(last) else None
        if kind in ("day", "month"):
            return parse_date_text(match.group(0)).text
        if kind == "vague":
            return f"{match.group(2)}-{_VAGUE[match.group(1).lower()]}~"
        if kind == "relative":
            shift = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}
            return _iso(published + timedelta(days=shift[match.group(1).lower()]))
        if kind == "week":
            monday = published - timedelta(days=published.weekday())
            monday += timedelta(weeks={"this": 0, "last": -1, "next": 1}[match.group(1).lower()])
            return f"{_iso(monday)}/{_iso(monday + timedelta(days=6))}"
        if kind == "weekday":
            monday = published - timedelta(days=published.weekday())
            return _iso(monday + timedelta(days=_WEEKDAYS.index(match.group(1).lower())))
        if kind == "year":
            return match.group(1)
    except (EDTFError, ValueError):
        return None
    return None


class _Names:
    """Every name of every actor and place, to find in sentences."""

    def __init__(self) -> None:
        self.actors: list[tuple[str, Actor]] = []
        actors = {a.pk: a for a in Actor.objects.all()}
        for actor in actors.values():
            self.actors.append((actor.name.casefold(), actor))
        for name in ActorName.objects.all():
            self.actors.append((name.name.casefold(), actors[name.actor_id]))
        self.places = [(p.name.casefold(), p) for p in Place.objects.all()]

    def in_sentence(self, sentence: str):
        folded = sentence.casefold()

        def found(pairs):
            seen = []
            for name, obj in sorted(pairs, key=lambda pair: -len(pair[0])):
                if (
                    len(name) >= 3
                    and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded)
                    and obj not in seen
                ):
                    seen.append(obj)
            return seen

        return found(self.actors), found(self.places)


def _title(sentence: str) -> str:
    return sentence if len(sentence) <= 120 else sentence[:117].rsplit(" ", 1)[0] + "…"


@transaction.atomic
def draft_events_from_report(
    *, text: str, url: str, title: str, published: date, publisher: str = "", today: date
) -> tuple[Source, list[Event]]:
    """Store the report as a Source and propose draft events from its sentences."""
    errors = {}
    if not (text or "").strip():
        errors["text"] = "Paste the report's text."
    if not (title or "").strip():
        errors["title"] = "Give the report's title."
    try:
        validate_http_url(url)
    except ValidationError as exc:
        errors["url"] = exc.messages[0]
    if published > today:
        errors["published"] = f"{published} is in the future; a report cannot be."
    if errors:
        raise ValidationError(errors)
    source = Source.objects.create(
        url=url,
        title=title.strip(),
        publisher=publisher,
        published=published.isoformat(),
        kind=Source.Kind.NEWS,
    )
    names = _Names()
    drafts: list[Event] = []
    seen: set[tuple[str, str]] = set()
    for sentence in sentences(text):
        actors, places = names.in_sentence(sentence)
        for found in dates_in(sentence, published):
            if (found.edtf, sentence) in seen:
                continue
            seen.add((found.edtf, sentence))
            parse_edtf(found.edtf)  # every pattern yields valid EDTF; keep it honest
            event = Event.objects.create(
                title=_title(sentence),
                slug=unique_slug(Event, _title(sentence)[:60]),
                summary=sentence,
                date=found.edtf,
                status=Event.Status.DRAFT,
                place=places[0] if places else None,
            )
            Citation.objects.create(
                event=event, source=source, quote=sentence, locator=f"“{found.text}”"
            )
            for actor in actors:
                Participation.objects.create(event=event, actor=actor)
            drafts.append(event)
    return source, drafts
