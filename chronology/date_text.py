"""Dates written in words, read back into EDTF: the reverse of `dates.display`.

It reads every form `display` writes ("27 July 1953", "c. 1950", "spring 2020",
"early 2020", "1950s", "15 March 44 BC", "25 June 1950 – 27 July 1953", "2020 onwards")
and the common variants people type ("July 27, 1953", "circa 1950", "44 BCE"). Editors
get it as a suggestion when they type words where EDTF is wanted; drafting events from
a report uses it for absolute dates.
"""

from __future__ import annotations

import re

from chronology.dates import (
    EXAMPLES,
    MONTH_NAMES,
    SEASONS,
    VAGUE_PARTS,
    Calendar,
    EDTFDate,
    EDTFError,
    NotEDTF,
    display,
    edtf_year,
    parse_edtf,
)

_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES) if name}
_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_SEASON_NAMES = {name.lower().removesuffix(" of"): code for code, (_, _, name) in SEASONS.items()}
_VAGUE = {word: code for code, word in VAGUE_PARTS.items()}

_YEAR = r"(?P<year>\d{1,3}(?:,\d{3})+|\d+)(?:\s*(?P<era>BCE|BC|CE|AD))?"
_MONTH = r"(?P<month>[A-Za-z]+)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_FORMS = [
    re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}$", re.I),  # 27 July 1953
    re.compile(rf"^{_MONTH}\s+{_DAY},?\s+{_YEAR}$", re.I),  # July 27, 1953
    re.compile(rf"^{_MONTH},?\s+{_YEAR}$", re.I),  # July 1953
    re.compile(rf"^(?:AD\s+)?{_YEAR}$", re.I),  # 1953, 44 BC, AD 70
]
_SEASON_FORM = re.compile(rf"^(?P<season>[A-Za-z][A-Za-z0-9 ()–-]*?)\s+(?:of\s+)?{_YEAR}$", re.I)
_DECADES = re.compile(r"^(?P<start>\d{3,4})s$")
_YEAR_RANGE = re.compile(
    r"^(?P<first>\d+)(?P<bc1>\s*BC)?\s*[–-]\s*(?:AD\s+)?(?P<last>\d+)(?P<bc2>\s*BC)?$", re.I
)


def read_edtf(text: str, calendar: Calendar = Calendar.GREGORIAN) -> EDTFDate:
    """parse_edtf for what people type: words where EDTF is wanted are refused with the
    EDTF they probably meant ("write 1953-07-27 for 27 July 1953")."""
    try:
        return parse_edtf(text, calendar)
    except NotEDTF as exc:
        raise EDTFError(_explain(exc.text)) from None


def _explain(text: str) -> str:
    try:
        meant = parse_date_text(text)
    except EDTFError:
        meant = None
    if meant is not None:
        return f"{text!r} is not an EDTF date; write {meant.text} for {display(meant)}."
    return f"{text!r} is not an EDTF date. Examples: {EXAMPLES}."


def parse_date_text(text: str) -> EDTFDate:
    """EDTF for a date in words, or EDTFError when the words are not a date we know."""
    text = " ".join(str(text).split())
    if " – " in text or " - " in text:
        left, right = re.split(r" [–-] ", text, maxsplit=1)
        start = "" if left.lower() == "unknown" else _point(left)
        end = "" if right.lower() == "unknown" else _point(right)
        return parse_edtf(f"{start}/{end}")
    if (match := _YEAR_RANGE.match(text)) and "?" not in text:
        try:
            return parse_edtf(_unqualified(text, ""))
        except EDTFError:
            first, last = _span_years(match)
            return parse_edtf(f"{edtf_year(first)}/{edtf_year(last)}")
    if text.lower().endswith(" onwards"):
        return parse_edtf(f"{_point(text[: -len(' onwards')])}/..")
    if text.lower().startswith("until "):
        return parse_edtf(f"../{_point(text[len('until ') :])}")
    return parse_edtf(_point(text))


def _point(text: str) -> str:
    """EDTF for one date in words (no interval)."""
    text = text.strip()
    qualifier = ""
    if text.endswith("?"):
        qualifier, text = "?", text[:-1].strip()
    lowered = text.lower()
    for prefix in ("c. ", "c.", "ca. ", "circa ", "about ", "around "):
        if lowered.startswith(prefix):
            qualifier = "%" if qualifier else "~"
            text = text[len(prefix) :].strip()
            break
    return _unqualified(text, qualifier)


def _unqualified(text: str, qualifier: str) -> str:
    for form in _FORMS:
        if match := form.match(text):
            parts = match.groupdict()
            month = _month(parts.get("month"))
            if parts.get("month") and month is None:
                continue  # "spring 2020" looks like "July 2020"; seasons come below
            year = _astronomical(parts["year"], parts.get("era"))
            if parts.get("day"):
                return f"{edtf_year(year)}-{month:02d}-{int(parts['day']):02d}{qualifier}"
            if month:
                return f"{edtf_year(year)}-{month:02d}{qualifier}"
            return f"{edtf_year(year)}{qualifier}"
    if match := _SEASON_FORM.match(text):
        name = match["season"].lower()
        year_text = edtf_year(_astronomical(match["year"], match["era"]))
        if name in _VAGUE:
            # "early 2020" is approximate by nature: it reads back as such.
            return f"{year_text}-{_VAGUE[name]}{'%' if qualifier in ('?', '%') else '~'}"
        if name in _SEASON_NAMES:
            return f"{year_text}-{_SEASON_NAMES[name]}{qualifier}"
    if match := _DECADES.match(text):
        start = int(match["start"])
        if start % 10:
            raise EDTFError(f"{text!r} is not a decade or century.")
        stem = f"{start:04d}"
        return (stem[:2] + "XX" if start % 100 == 0 else stem[:3] + "X") + qualifier
    if match := re.match(r"^(?P<bc>\d+) BC–AD (?P<ad>\d+)$", text):
        return _digits_range(1 - int(match["bc"]), int(match["ad"]), text) + qualifier
    if match := _YEAR_RANGE.match(text):
        return _digits_range(*_span_years(match), text) + qualifier
    raise EDTFError(f"{text!r} is not a date we can read.")


def _digits_range(first: int, last: int, text: str) -> str:
    """A span of years that unspecified digits express exactly: 1950-1959 is 195X."""
    if first >= 0:
        low, high, sign = first, last, ""
    elif last <= 0:
        low, high, sign = -last, -first, "-"
    else:
        raise EDTFError(f"{text!r} crosses year 0 and is not one date; write it as START/END.")
    for unspecified in (1, 2, 3):
        size = 10**unspecified
        if low % size == 0 and high - low == size - 1:
            return sign + f"{low:04d}"[: 4 - unspecified] + "X" * unspecified
    raise EDTFError(f"{text!r} is a span of years, not one date; write it as START/END.")


def _span_years(match: re.Match[str]) -> tuple[int, int]:
    """First and last astronomical year of "1950-1953" or "200-191 BC" (BC covers both)."""
    last_bc = bool(match["bc2"])
    first_bc = bool(match["bc1"]) or last_bc
    first = 1 - int(match["first"]) if first_bc else int(match["first"])
    last = 1 - int(match["last"]) if last_bc else int(match["last"])
    return first, last


def _astronomical(year_text: str, era: str | None) -> int:
    year = int(year_text.replace(",", ""))
    if era and era.upper() in ("BC", "BCE"):
        if year == 0:
            raise EDTFError("There is no year 0 BC; 1 BC is followed by AD 1.")
        return 1 - year
    return year


def _month(name: str | None) -> int | None:
    return _MONTHS.get(name.lower()) if name else None
