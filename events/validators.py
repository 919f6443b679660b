"""Field validators shared by models, forms and (later) API serializers."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from chronology.date_text import read_edtf
from chronology.dates import EDTFError

_http_url = URLValidator(
    schemes=["http", "https"],
    message="Enter a web address that starts with http:// or https://.",
)


def validate_http_url(value: str) -> None:
    # A function, not the URLValidator itself: DRF drops URLValidator instances from
    # URLFields (it brings its own, which also allows ftp), and would lose this rule.
    _http_url(value)


def validate_edtf(value: str) -> None:
    """A Gregorian EDTF date. An event's date is checked with its calendar instead
    (models.moment_problems)."""
    try:
        read_edtf(value)
    except EDTFError as exc:
        raise ValidationError(str(exc), code="invalid_edtf") from exc


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_time_zone(value: str) -> None:
    if value and value not in _time_zones():
        raise ValidationError(
            f"{value!r} is not an IANA time zone; use a name such as Asia/Pyongyang "
            "or Europe/London.",
            code="invalid_time_zone",
        )
