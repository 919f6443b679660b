"""The site's anniversary policy, read from settings once and validated."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from chronology.recurrence import Feb29Policy, Milestones


def feb29_policy() -> Feb29Policy:
    try:
        return Feb29Policy(settings.ANNALS_FEB29_POLICY)
    except ValueError:
        raise ImproperlyConfigured(
            f"ANNALS_FEB29_POLICY={settings.ANNALS_FEB29_POLICY!r}: use feb28 or mar1."
        ) from None


@cache
def _milestones(explicit: str) -> Milestones:
    try:
        return Milestones.parse(explicit)
    except ValueError:
        raise ImproperlyConfigured(
            f"ANNALS_MILESTONES={explicit!r}: use whole numbers separated by commas."
        ) from None


def milestones() -> Milestones:
    return _milestones(settings.ANNALS_MILESTONES)
