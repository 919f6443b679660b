from django import template

from events.dates import Precision
from timeline.anniversaries import label

register = template.Library()


@register.filter
def ordinal_anniversary(years: int) -> str:
    """70 -> "70th anniversary"; 100 -> "100th anniversary (centenary)"."""
    return label(int(years), Precision.DAY)
