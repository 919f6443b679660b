"""Dates, anniversaries and countdowns in each of Annals' languages: one golden table per
language for every EDTF form, checked against CLDR's own long dates where CLDR can write
the date (Babel cannot write years before 1: those are composed by chronology.wording)."""

from datetime import date

import pytest
from babel.dates import format_date
from hypothesis import given
from hypothesis import strategies as st

from chronology import dates, wording
from chronology.calendars import Observed
from chronology.dates import Precision

FORMS = [
    ("1953-07-27", "gregorian"),
    ("1953-07", "gregorian"),
    ("1953", "gregorian"),
    ("2020-21", "gregorian"),
    ("2020-37~", "gregorian"),
    ("195X", "gregorian"),
    ("19XX", "gregorian"),
    ("1950~", "gregorian"),
    ("1950?", "gregorian"),
    ("1950%", "gregorian"),
    ("1950-06-25/1953-07-27", "gregorian"),
    ("1950/..", "gregorian"),
    ("../1953", "gregorian"),
    ("1950/", "gregorian"),
    ("-0043-03-15", "gregorian"),
    ("-0043", "gregorian"),
    ("0000", "gregorian"),
    ("1917-10-25", "julian"),
    ("1917", "julian"),
]

GOLDEN = {
    "en": [
        "27 July 1953",
        "July 1953",
        "1953",
        "spring 2020",
        "early 2020",
        "1950s",
        "1900s",
        "c. 1950",
        "1950?",
        "c. 1950?",
        "25 June 1950 – 27 July 1953",
        "1950 onwards",
        "until 1953",
        "1950 – unknown",
        "15 March 44 BC",
        "44 BC",
        "1 BC",
        "25 October 1917 O.S. (7 November 1917 N.S.)",
        "1917 (O.S.)",
    ],
    "ko": [
        "1953년 7월 27일",
        "1953년 7월",
        "1953년",
        "2020년 봄",
        "2020년 초",
        "1950년대",
        "1900년대",
        "1950년경",
        "1950년?",
        "1950년경?",
        "1950년 6월 25일 ~ 1953년 7월 27일",
        "1950년 이후",
        "1953년까지",
        "1950년 ~ 미상",
        "기원전 44년 3월 15일",
        "기원전 44년",
        "기원전 1년",
        "1917년 10월 25일(율리우스력, 그레고리력 1917년 11월 7일)",
        "1917년(율리우스력)",
    ],
    "ru": [
        "27 июля 1953 г.",
        "июль 1953 г.",
        "1953",
        "весна 2020",
        "начало 2020",
        "1950-е",
        "1900-е",
        "ок. 1950",
        "1950?",
        "ок. 1950?",
        "25 июня 1950 г. — 27 июля 1953 г.",
        "1950 и позже",
        "1953 и ранее",
        "1950 — неизвестно",
        "15 марта 44 г. до н. э.",
        "44 г. до н. э.",
        "1 г. до н. э.",
        "25 октября 1917 г. по ст. ст. (7 ноября 1917 г. по нов. ст.)",
        "1917 (по ст. ст.)",
    ],
    "zh-hans": [
        "1953年7月27日",
        "1953年7月",
        "1953年",
        "2020年春季",
        "2020年初",
        "1950年代",
        "1900年代",
        "约1950年",
        "1950年？",
        "约1950年？",
        "1950年6月25日 – 1953年7月27日",
        "1950年起",
        "至1953年",
        "1950年至不详",
        "公元前44年3月15日",
        "公元前44年",
        "公元前1年",
        "1917年10月25日（儒略历；公历1917年11月7日）",
        "1917年（儒略历）",
    ],
}


def spaced(text: str) -> str:
    """CLDR's no-break spaces (U+00A0, U+202F: "1953\u202fг.") as the tables write them."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize("language", list(GOLDEN))
def test_every_edtf_form_in_each_language(language):
    shown = [
        wording.display(dates.parse_edtf(text, calendar), language) for text, calendar in FORMS
    ]
    assert [spaced(text) for text in shown] == GOLDEN[language]


def test_russian_keeps_cldrs_no_break_space_before_the_year_mark():
    # So that "1953 г." never breaks between the year and its mark.
    assert wording.display(dates.parse_edtf("1953-07-27", "gregorian"), "ru").endswith(
        "1953\u202fг."
    )


@pytest.mark.parametrize("language", wording.LANGUAGES)
@given(day=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_a_day_is_written_as_cldr_writes_its_long_date(language, day):
    value = dates.parse_edtf(day.isoformat(), "gregorian")
    cldr = format_date(day, format="long", locale=wording.LOCALES[language])
    assert wording.display(value, language) == cldr


@pytest.mark.parametrize(
    ("language", "era"), [("en", "BC"), ("ko", "기원전"), ("ru", "до н. э."), ("zh-hans", "公元前")]
)
def test_years_before_1_carry_the_languages_era_word_and_are_not_off_by_one(language, era):
    shown = wording.display(dates.parse_edtf("-0043-03-15", "gregorian"), language)
    assert era in shown and "44" in shown and "43" not in shown


def test_anniversary_words_in_each_language():
    def label(years, language, precision=Precision.DAY):
        return wording.anniversary_label(years, precision, language=language)

    assert [label(n, "en") for n in (1, 2, 3, 11, 12, 13, 21, 70, 111)] == [
        "1st anniversary",
        "2nd anniversary",
        "3rd anniversary",
        "11th anniversary",
        "12th anniversary",
        "13th anniversary",
        "21st anniversary",
        "70th anniversary",
        "111th anniversary",
    ]
    assert label(70, "ko") == "70주년"
    assert label(70, "ru") == "70-летие"
    assert label(70, "zh-hans") == "70周年"
    # A date known only to the year: its years, by CLDR's plural rules.
    assert [spaced(label(n, "ru", Precision.YEAR)) for n in (1, 2, 5, 21)] == [
        "1 год",
        "2 года",
        "5 лет",
        "21 год",
    ]
    assert label(25, "ko", Precision.DAY) == "25주년"
    kept = wording.anniversary_label(25, Precision.DAY, Observed.KOREAN_LUNAR, "ko")
    assert "25주년" in kept and "음력" in kept


def test_durations_and_countdowns_by_cldr_plural_rules():
    assert [spaced(wording.duration(n, "year", "ru")) for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "1 год",
        "2 года",
        "5 лет",
        "11 лет",
        "21 год",
        "22 года",
        "25 лет",
    ]
    today = date(2026, 7, 15)
    assert wording.countdown(today, date(2026, 7, 27), "ko") == "12일 후"
    assert spaced(wording.countdown(today, date(2026, 7, 27), "ru")) == "через 12 дней"
    assert wording.countdown(today, date(2026, 7, 27), "zh-hans") == "12天后"
    assert wording.countdown(today, date(2026, 7, 27), "en") == "in 12 days"
    assert spaced(wording.years_ago(1953, 2023, "ru")) == "70 лет назад"
    assert wording.years_ago(1953, 2023, "ko") == "70년 전"
    assert spaced(wording.century_words(1953, "ru")) == "XX век"
    assert wording.century_words(-43, "zh-hans") == "公元前1世纪"
