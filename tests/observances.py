"""Published days of anniversaries kept in other calendars, and the engine asked for them:
shared by the kernel's tests and the tests of what the apps make of it."""

from datetime import date

from chronology.calendars import Observed
from chronology.dates import parse_edtf
from chronology.recurrence import Feb29Policy, Milestones, anniversaries_between

CHUSEOK = [date(2023, 9, 29), date(2024, 9, 17), date(2025, 10, 6), date(2026, 9, 25)]
CHUSEOK += [date(2027, 9, 15), date(2028, 10, 3)]


def days(text, observed, start, end, calendar="gregorian"):
    found = anniversaries_between(
        parse_edtf(text, calendar),
        start,
        end,
        Feb29Policy.FEB28,
        Milestones(),
        Observed(observed),
    )
    return [(a.years, a.occurs_on) for a in found]
