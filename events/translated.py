"""Records in several languages: an event's title and summary, and the names of
timelines, tags and places, given per language in a `translations` column:

    {"ko": {"title": "정전협정 체결", "summary": "…"}, "ru": {"title": "…"}}

English is the record's own field (the language every record is written in first). A
missing translation falls back field by field to English, and says so (`Shown.language`
is then "en", which pages put in a `lang` attribute). One JSON column, read with the
row: a list of events in Korean costs what it costs in English.

Country names are CLDR's in each language (Babel); a place's country is kept as CLDR's
English name ("North Korea"), which is what the gazetteer and the seeds write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from chronology import wording
from chronology.wording import LANGUAGES, LOCALES, language_of

OTHER_LANGUAGES = tuple(code for code in LANGUAGES if code != "en")
MAX_LENGTHS = {"title": 300, "summary": 5000, "name": 200, "description": 5000}


@dataclass(frozen=True)
class Shown:
    text: str
    language: str  # the language `text` is in ("en" when it fell back)

    def __str__(self) -> str:
        return self.text


def current() -> str:
    """The language Django is answering in (the page's, or what the API negotiated)."""
    return language_of(translation.get_language())


def shown(record: Any, field: str, language: str) -> Shown:
    """`field` of `record` (a model or a .values() row with `translations`) in
    `language`, else in English."""
    language = language_of(language)
    if isinstance(record, dict):
        own, translations = record.get(field) or "", record.get("translations") or {}
    else:
        own, translations = getattr(record, field) or "", getattr(record, "translations", None)
    if isinstance(translations, str):  # SQLite's text, read through a relation's values()
        try:
            translations = json.loads(translations)
        except ValueError:
            translations = {}
    if language != "en" and isinstance(translations, dict):
        text = ((translations or {}).get(language) or {}).get(field)
        if isinstance(text, str) and text.strip():
            return Shown(text, language)
    return Shown(own, "en")


def check(translations: Any, fields: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """`translations` as stored, or a ValidationError naming what is wrong: an object of
    languages (ko, ru, zh-hans), each an object of `fields`, each a string."""
    if translations in (None, ""):
        return {}
    if not isinstance(translations, dict):
        raise ValidationError('Translations are an object of languages, e.g. {"ko": {…}}.')
    cleaned: dict[str, dict[str, str]] = {}
    for language, values in translations.items():
        if language not in OTHER_LANGUAGES:
            raise ValidationError(
                f"{str(language)[:20]!r} is not one of {', '.join(OTHER_LANGUAGES)}."
            )
        if not isinstance(values, dict):
            raise ValidationError(f"Translations into {language} are an object of fields.")
        kept = {}
        for field, text in values.items():
            if field not in fields:
                raise ValidationError(
                    f"{str(field)[:40]!r} cannot be translated: {', '.join(fields)} can."
                )
            if not isinstance(text, str):
                raise ValidationError(f"The {language} {field} is text.")
            if len(text) > MAX_LENGTHS[field]:
                raise ValidationError(
                    f"The {language} {field} is longer than {MAX_LENGTHS[field]} characters."
                )
            if "\x00" in text:
                raise ValidationError(f"The {language} {field} holds a NUL character.")
            if text.strip():
                kept[field] = text.strip()
        if kept:
            cleaned[language] = kept
    return cleaned


def texts(translations: Any) -> list[str]:
    """Every translated text, for the search index."""
    found = []
    for values in (translations or {}).values():
        if isinstance(values, dict):
            found += [text for text in values.values() if isinstance(text, str)]
    return found


@cache
def _territories(language: str) -> dict[str, str]:
    return dict(Locale.parse(LOCALES[language]).territories)


@cache
def _codes() -> dict[str, str]:
    return {name: code for code, name in _territories("en").items()}


def country_in(name: str, language: str) -> Shown:
    """A country kept by its English CLDR name, in `language` (CLDR's: "North Korea" is
    "북한", "Северная Корея", "朝鲜"), else as kept."""
    language = language_of(language)
    if language == "en" or not name:
        return Shown(name, "en")
    code = _codes().get(name)
    if code is None:
        return Shown(name, "en")
    return Shown(_territories(language).get(code, name), language)


def in_language(data: dict, record: Any, fields: tuple[str, ...], language: str) -> dict:
    """A representation with `fields` in `language` (English where none is given)."""
    for field in fields:
        if field in data:
            data[field] = shown(record, field, language).text
    return data


def actor_name(actor: Any, language: str) -> Shown:
    """An actor's name in `language`, from its other names (read with it), else its own."""
    language = language_of(language)
    if language != "en":
        for other in actor.names.all():
            if language_of(other.language) == language and other.language:
                return Shown(other.name, language)
    return Shown(actor.name, "en")


def date_words(value: Any) -> str:
    """An EDTFDate as written in the current language ("27 July 1953", "1953년 7월 27일")."""
    return wording.display(value, current())


def text_date_words(text: str, calendar: str = "gregorian") -> str:
    """A date kept as text (a source's), as written in the current language."""
    return wording.display_text(text, calendar, current())


def anniversary_words(anniversary: Any) -> str:
    """A recurrence.Anniversary's label in the current language ("70th anniversary",
    "70주년", "70-летие", "70周年")."""
    return wording.anniversary_label(
        anniversary.years, anniversary.precision, anniversary.observed, current()
    )


def countdown(today: Any, day: Any) -> str:
    """How far a day is from today, in the current language ("in 12 days", "12일 후")."""
    return wording.countdown(today, day, current())


def language_name(code: str) -> str:
    """A BCP 47 language, named in the current language: "ko" is "Korean", "한국어",
    "корейский", "韩语" (CLDR); the code itself when CLDR does not know it."""
    if not code:
        return ""
    try:
        wanted = Locale.parse(code.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    locale = Locale.parse(LOCALES[current()])
    return wanted.get_display_name(locale) or code


def place_words(record: Any) -> str:
    """A place (a model, or a row with name, country and translations) and its country,
    in the current language: "Pyongyang, North Korea"; "平壤，朝鲜" (each language's own
    separator)."""
    language = current()
    name = shown(record, "name", language).text
    own, country = (
        (record.get("name"), record.get("country"))
        if isinstance(record, dict)
        else (record.name, record.country)
    )
    if not country or country == own:
        return name
    return translation.gettext("%(place)s, %(country)s") % {
        "place": name,
        "country": country_in(country, language).text,
    }


def html(text: Shown) -> SafeString:
    """`text`, escaped, inside lang="…" where it fell back from the current language:
    screen readers and fonts then know what they are reading."""
    if text.language != current():
        return format_html('<span lang="{}">{}</span>', text.language, text.text)
    return conditional_escape(text.text)
