"""Who is reading: the reader's time zone and today's date there."""

from __future__ import annotations

from datetime import date
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from chronology.recurrence import today_in
from events.validators import validate_time_zone


def reader_timezone(request) -> str:
    """The reader's time zone: the browser's (a cookie set by annals.js), else the site's.
    annals.js writes the cookie URL-encoded (a cookie value may not hold every character
    a zone name might), so "Pacific%2FKiritimati" is read as Pacific/Kiritimati."""
    name = unquote(request.COOKIES.get("tz", ""))
    try:
        validate_time_zone(name)
    except ValidationError:
        return settings.TIME_ZONE
    return name or settings.TIME_ZONE


def reader_today(request) -> date:
    return today_in(reader_timezone(request), timezone.now())
