"""Dates, anniversaries and countdowns in words, in each of Annals' languages: English
(en, what chronology.dates and chronology.recurrence write), Korean (ko), Russian (ru)
and Simplified Chinese (zh-hans).

What CLDR holds comes from CLDR, through Babel: the order of day, month and year, the
month names (Russian's genitive in a date, nominative on its own), the era words
(기원전, до н. э., 公元前), quarters, interval separators, plural rules and the words for
durations. Babel cannot write a year before 1, so the date patterns are composed here
from CLDR's skeletons ("GyMMMMd": "G y년 MMMM d일", "d MMMM y 'г'. G", "Gy年M月d日").
What CLDR does not hold (decades, seasons, "early 2020", "c.", open ends, the Julian
calendar's marks, the anniversary words) is in PHRASES below, one small table per
language, written by hand.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.units import format_unit
from dateutil.relativedelta import relativedelta

from chronology import dates, recurrence
from chronology.calendars import Observed
from chronology.dates import (
    VAGUE_PARTS,
    Calendar,
    DatePoint,
    EDTFDate,
    Precision,
    civil_from_day_number,
)

LANGUAGES = ("en", "ko", "ru", "zh-hans")
# Babel's names for Annals' languages (English as written in Britain: "27 July 1953").
LOCALES = {"en": "en_GB", "ko": "ko", "ru": "ru", "zh-hans": "zh_Hans"}


def language_of(code: str | None) -> str:
    """One of LANGUAGES for a language code ("ko-KR", "zh-Hans", "zh-cn", "ru"): English
    for anything else."""
    code = (code or "en").lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh-hans"
    base = code.split("-")[0]
    return base if base in LANGUAGES else "en"


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(LOCALES[language_of(language)])


# --- What CLDR does not say ---------------------------------------------------------------

PHRASES: dict[str, dict[str, str]] = {
    "ko": {
        "decade": "{year}년대",
        "span": "{first} ~ {last}",
        "spring": "{year} 봄",
        "summer": "{year} 여름",
        "autumn": "{year} 가을",
        "winter": "{year} 겨울",
        "north": "{season} (북반구)",
        "south": "{season} (남반구)",
        "quarter": "{year} {quarter}",
        "months": "{year} {first}~{last}",
        "early": "{year} 초",
        "mid": "{year} 중반",
        "late": "{year} 말",
        "first half": "{year} 상반기",
        "second half": "{year} 하반기",
        "approximate": "{date}경",
        "uncertain": "{date}?",
        "onwards": "{date} 이후",
        "until": "{date}까지",
        "unknown end": "{date} ~ 미상",
        "unknown start": "미상 ~ {date}",
        "julian": "{date}(율리우스력)",
        "julian day": "{date}(율리우스력, 그레고리력 {gregorian})",
        "anniversary": "{n}주년",
        "years since": "{years}",
        "observed": "{label}({calendar})",
        "future": "{duration} 후",
        "past": "{duration} 전",
        "today": "오늘",
        "tomorrow": "내일",
        "yesterday": "어제",
        "this year": "올해",
        "joiner": " ",
        "century": "{n}세기",
        "century bc": "기원전 {n}세기",
    },
    "ru": {
        "decade": "{year}-е",
        "span": "{first} — {last}",
        "spring": "весна {year}",
        "summer": "лето {year}",
        "autumn": "осень {year}",
        "winter": "зима {year}",
        "north": "{season} (Северное полушарие)",
        "south": "{season} (Южное полушарие)",
        "quarter": "{quarter} {year}",
        "months": "{first} — {last} {year}",
        "early": "начало {year}",
        "mid": "середина {year}",
        "late": "конец {year}",
        "first half": "первая половина {year}",
        "second half": "вторая половина {year}",
        "approximate": "ок. {date}",
        "uncertain": "{date}?",
        "onwards": "{date} и позже",
        "until": "{date} и ранее",
        "unknown end": "{date} — неизвестно",
        "unknown start": "неизвестно — {date}",
        "julian": "{date} (по ст. ст.)",
        "julian day": "{date} по ст. ст. ({gregorian} по нов. ст.)",
        "anniversary": "{n}-летие",
        "years since": "{years}",
        "observed": "{label} ({calendar})",
        "future": "через {duration}",
        "past": "{duration} назад",
        "today": "сегодня",
        "tomorrow": "завтра",
        "yesterday": "вчера",
        "this year": "в этом году",
        "joiner": " ",
        "century": "{roman} век",
        "century bc": "{roman} век до н. э.",
    },
    "zh-hans": {
        "decade": "{year}年代",
        "span": "{first}至{last}",
        "spring": "{year}春季",
        "summer": "{year}夏季",
        "autumn": "{year}秋季",
        "winter": "{year}冬季",
        "north": "{season}（北半球）",
        "south": "{season}（南半球）",
        "quarter": "{year}{quarter}",
        "months": "{year}{first}至{last}",
        "early": "{year}初",
        "mid": "{year}年中",
        "late": "{year}末",
        "first half": "{year}上半年",
        "second half": "{year}下半年",
        "approximate": "约{date}",
        "uncertain": "{date}？",
        "onwards": "{date}起",
        "until": "至{date}",
        "unknown end": "{date}至不详",
        "unknown start": "不详至{date}",
        "julian": "{date}（儒略历）",
        "julian day": "{date}（儒略历；公历{gregorian}）",
        "anniversary": "{n}周年",
        "years since": "{years}",
        "observed": "{label}（{calendar}）",
        "future": "{duration}后",
        "past": "{duration}前",
        "today": "今天",
        "tomorrow": "明天",
        "yesterday": "昨天",
        "this year": "今年",
        "joiner": "",
        "century": "{n}世纪",
        "century bc": "公元前{n}世纪",
    },
}

# The calendars that keep an anniversary, as each language names them.
CALENDAR_NAMES: dict[str, dict[Observed, str]] = {
    "ko": {
        Observed.GREGORIAN: "그레고리력",
        Observed.JULIAN: "율리우스력",
        Observed.KOREAN_LUNAR: "음력",
        Observed.CHINESE_LUNAR: "중국 음력",
        Observed.HEBREW: "히브리력",
        Observed.ISLAMIC: "이슬람력",
    },
    "ru": {
        Observed.GREGORIAN: "по григорианскому календарю",
        Observed.JULIAN: "по юлианскому календарю",
        Observed.KOREAN_LUNAR: "по корейскому лунному календарю",
        Observed.CHINESE_LUNAR: "по китайскому лунному календарю",
        Observed.HEBREW: "по еврейскому календарю",
        Observed.ISLAMIC: "по исламскому календарю",
    },
    "zh-hans": {
        Observed.GREGORIAN: "公历",
        Observed.JULIAN: "儒略历",
        Observed.KOREAN_LUNAR: "朝鲜半岛农历",
        Observed.CHINESE_LUNAR: "农历",
        Observed.HEBREW: "希伯来历",
        Observed.ISLAMIC: "伊斯兰历",
    },
}

SEASON_WORDS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
HEMISPHERES = {
    25: ("spring", "north"),
    26: ("summer", "north"),
    27: ("autumn", "north"),
    28: ("winter", "north"),
    29: ("spring", "south"),
    30: ("summer", "south"),
    31: ("autumn", "south"),
    32: ("winter", "south"),
}
ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


# --- CLDR's patterns, composed ---------------------------------------------------------------


def _tokens(pattern: str) -> list[tuple[str, str]]:
    """A CLDR date pattern as (kind, text) pieces: ("field", "MMMM") or ("literal", "년")."""
    pieces: list[tuple[str, str]] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":
            end = pattern.find("'", i + 1)
            end = len(pattern) if end < 0 else end
            pieces.append(("literal", pattern[i + 1 : end] or "'"))
            i = end + 1
        elif char.isascii() and char.isalpha():  # CLDR's fields are ASCII letters; 年 is text
            j = i
            while j < len(pattern) and pattern[j] == char:
                j += 1
            pieces.append(("field", pattern[i:j]))
            i = j
        else:
            pieces.append(("literal", char))
            i += 1
    return pieces


def _format(pattern: str, locale: Locale, year: int, month: int = 0, day: int = 0) -> str:
    """A date (astronomical year, so any year) written by a CLDR pattern."""
    era = 0 if year <= 0 else 1
    shown_year = 1 - year if year <= 0 else year
    eras = locale.eras["wide" if locale.language == "ko" else "abbreviated"]
    out = []
    for kind, text in _tokens(pattern):
        if kind == "literal":
            out.append(text)
            continue
        letter, width = text[0], len(text)
        if letter == "G":
            out.append(eras[era])
        elif letter == "y":
            out.append(
                format_decimal(shown_year, locale=locale)
                if shown_year >= 10000
                else str(shown_year)
            )
        elif letter in "ML":
            context = "stand-alone" if letter == "L" else "format"
            if width >= 4:
                out.append(locale.months[context]["wide"][month])
            elif width == 3:
                out.append(locale.months[context]["abbreviated"][month])
            else:
                out.append(f"{month:0{width}d}")
        elif letter == "d":
            out.append(f"{day:0{width}d}")
        else:  # no other field reaches a date in history (weekdays are left out)
            continue
    return "".join(out).strip()


def _skeleton(locale: Locale, name: str, bce: bool) -> str:
    wanted = ("G" + name) if bce else name
    skeletons = locale.datetime_skeletons
    if wanted in skeletons:
        return str(skeletons[wanted].pattern)
    if bce:  # CLDR names fewer era skeletons: the abbreviated month's, widened
        shorter = "G" + name.replace("MMMM", "MMM")
        if shorter in skeletons:
            return str(skeletons[shorter].pattern).replace("MMM", "MMMM").replace("LLL", "LLLL")
        return f"{skeletons[name].pattern} G"
    return str(skeletons[name].pattern)


def day_words(year: int, month: int, day: int, language: str) -> str:
    """27 July 1953, 1953년 7월 27일, 27 июля 1953 г., 1953年7月27日; any year."""
    locale = _locale(language)
    return _format(_skeleton(locale, "yMMMMd", year <= 0), locale, year, month, day)


def full_day(day: date, language: str) -> str:
    """A day of our era with its weekday, CLDR's full form: Monday, 30 November 2026;
    2026년 11월 30일 월요일; понедельник, 30 ноября 2026 г.; 2026年11月30日星期一."""
    return str(format_date(day, format="full", locale=_locale(language)))


def month_words(year: int, month: int, language: str) -> str:
    locale = _locale(language)
    return _format(_skeleton(locale, "yMMMM", year <= 0), locale, year, month)


def year_words(year: int, language: str) -> str:
    if language_of(language) == "en":
        return dates.display_year(year)
    locale = _locale(language)
    return _format(_skeleton(locale, "y", year <= 0), locale, year)


def month_day_words(month: int, day: int, language: str) -> str:
    """27 July, 7월 27일, 27 июля, 7月27日: a day of any year."""
    locale = _locale(language)
    return _format(str(locale.datetime_skeletons["MMMMd"].pattern), locale, 2000, month, day)


def month_name(month: int, language: str) -> str:
    return str(_locale(language).months["stand-alone"]["wide"][month])


# --- Dates -------------------------------------------------------------------------------


def display(value: EDTFDate, language: str = "en") -> str:
    """chronology.dates.display, in `language`."""
    language = language_of(language)
    if language == "en":
        return dates.display(value)
    words = PHRASES[language]

    def shown(point: DatePoint) -> str:
        return _point_in(point, value.calendar, language)

    if not value.is_interval:
        return shown(value.first)
    if value.start and value.end:
        return _interval(language).format(shown(value.start), shown(value.end))
    if value.start:
        key = "onwards" if value.open_end else "unknown end"
        return words[key].format(date=shown(value.start))
    key = "until" if value.open_start else "unknown start"
    return words[key].format(date=shown(value.end))  # type: ignore[arg-type]


def display_text(text: str, calendar: Calendar | str, language: str = "en") -> str:
    """dates.display_text in `language`: the text as written when it cannot be read."""
    if not text:
        return ""
    try:
        return display(dates.parse_edtf(text, calendar), language)
    except dates.EDTFError:
        return text


def _interval(language: str) -> str:
    found = _locale(language).interval_formats.get(None)
    return str(found) if found else "{0} – {1}"


def point_words(point: DatePoint, calendar: Calendar, language: str = "en") -> str:
    """dates.display_point_in in `language`: one end of an interval, as written."""
    language = language_of(language)
    if language == "en":
        return dates.display_point_in(point, calendar)
    return _point_in(point, calendar, language)


def _point_in(point: DatePoint, calendar: Calendar, language: str) -> str:
    words = _qualified(point, language)
    if calendar is Calendar.GREGORIAN:
        return words
    phrases = PHRASES[language]
    if point.precision is not Precision.DAY:
        return phrases["julian"].format(date=words)
    year, month, day = civil_from_day_number(point.earliest)
    if (year, month, day) == (point.year, point.month, point.day):
        return words
    return phrases["julian day"].format(date=words, gregorian=day_words(year, month, day, language))


def _qualified(point: DatePoint, language: str) -> str:
    phrases = PHRASES[language]
    text = _point(point, language)
    vague = point.precision is Precision.SEASON and point.season in VAGUE_PARTS
    if point.approximate and not vague:
        text = phrases["approximate"].format(date=text)
    if point.uncertain:
        text = phrases["uncertain"].format(date=text)
    return text


def _point(point: DatePoint, language: str) -> str:
    phrases = PHRASES[language]
    p = point
    if p.precision is Precision.DAY and p.month and p.day:
        return day_words(p.year, p.month, p.day, language)
    if p.precision is Precision.MONTH and p.month:
        return month_words(p.year, p.month, language)
    year = year_words(p.year, language)
    if p.precision is Precision.SEASON and p.season is not None:
        return _season(p.season, year, language)
    if p.precision is Precision.YEAR:
        return year
    first, last = p.year, civil_from_day_number(p.latest)[0]
    if first >= 1000 and (
        (p.precision is Precision.DECADE and first % 100 != 0) or p.precision is Precision.CENTURY
    ):
        return phrases["decade"].format(year=first)
    return phrases["span"].format(
        first=year_words(first, language), last=year_words(last, language)
    )


def _season(season: int, year: str, language: str) -> str:
    phrases = PHRASES[language]
    if season in SEASON_WORDS:
        return phrases[SEASON_WORDS[season]].format(year=year)
    if season in HEMISPHERES:
        name, half = HEMISPHERES[season]
        return phrases[half].format(season=phrases[name].format(year=year))
    if 33 <= season <= 36:
        quarter = _locale(language).quarters["format"]["wide"][season - 32]
        return phrases["quarter"].format(year=year, quarter=quarter)
    if season in VAGUE_PARTS:
        return phrases[VAGUE_PARTS[season]].format(year=year)
    if 37 <= season <= 39:  # a third of the year that is not approximate
        first = dates.SEASONS[season][0]
        return phrases["months"].format(
            year=year,
            first=month_name(first, language),
            last=month_name(first + 3, language),
        )
    return phrases["first half" if season == 40 else "second half"].format(year=year)


# --- Anniversaries, centuries, countdowns ---------------------------------------------------


def anniversary_label(
    years: int,
    precision: Precision,
    observed: Observed = Observed.AS_WRITTEN,
    language: str = "en",
) -> str:
    """recurrence.label in `language`: 70주년, 70-летие, 70周年; "76 лет" for a date that
    knows no day or month to recur on (CLDR's plural rules); the calendar that keeps it."""
    language = language_of(language)
    if language == "en":
        return recurrence.label(years, precision, observed)
    phrases = PHRASES[language]
    if precision in (Precision.YEAR, Precision.DECADE, Precision.CENTURY, Precision.MILLENNIUM):
        label = phrases["years since"].format(years=duration(years, "year", language))
    else:
        label = phrases["anniversary"].format(n=years)
    if observed is not Observed.AS_WRITTEN:
        label = phrases["observed"].format(label=label, calendar=CALENDAR_NAMES[language][observed])
    return label


def duration(amount: int, unit: str, language: str) -> str:
    """ "21 год", "8개월", "12天": CLDR's words and plural rules for a length of time."""
    return str(format_unit(amount, f"duration-{unit}", length="long", locale=_locale(language)))


def countdown(today: date, day: date, language: str = "en") -> str:
    """chronology.countdown in `language`: "오늘", "через 1 год 8 месяцев", "12天前"."""
    from chronology.countdown import countdown as in_english

    language = language_of(language)
    if language == "en":
        return in_english(today, day)
    phrases = PHRASES[language]
    if day == today:
        return phrases["today"]
    future = day > today
    delta = relativedelta(day, today) if future else relativedelta(today, day)
    if delta.years == delta.months == 0 and delta.days == 1:
        return phrases["tomorrow" if future else "yesterday"]
    parts = []
    if delta.years:
        parts.append(duration(delta.years, "year", language))
    if delta.months:
        parts.append(duration(delta.months, "month", language))
    if not delta.years and delta.days:
        parts.append(duration(delta.days, "day", language))
    text = phrases["joiner"].join(parts)
    return phrases["future" if future else "past"].format(duration=text)


def years_ago(year: int, this_year: int, language: str = "en") -> str:
    """How long ago an astronomical year was: "70 years ago", "70년 전", "70 лет назад"."""
    language = language_of(language)
    years = this_year - year
    if language == "en":
        if years == 0:
            return "this year"
        if years < 0:
            return f"in {-years:,} year{'s' if years != -1 else ''}"
        return f"{years:,} year{'s' if years != 1 else ''} ago"
    phrases = PHRASES[language]
    if years == 0:
        return phrases["this year"]
    text = duration(abs(years), "year", language)
    return phrases["past" if years > 0 else "future"].format(duration=text)


def century_words(year: int, language: str = "en") -> str:
    """The century of an astronomical year: "20th century", "20세기", "XX век", "20世纪";
    before year 1: "1st century BC", "기원전 1세기", "I век до н. э.", "公元前1世纪"."""
    language = language_of(language)
    number = dates.century(year)
    if language == "en":
        return f"{recurrence.ordinal(abs(number))} century" + (" BC" if number < 0 else "")
    phrases = PHRASES[language]
    key = "century bc" if number < 0 else "century"
    return phrases[key].format(n=abs(number), roman=_roman(abs(number)))


def _roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)
