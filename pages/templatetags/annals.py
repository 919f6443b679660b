from django import template

from chronology.dates import Precision
from chronology.recurrence import label

register = template.Library()


@register.filter
def ordinal_anniversary(years: int) -> str:
    """70 -> "70th anniversary"; 100 -> "100th anniversary (centenary)"."""
    return label(int(years), Precision.DAY)
