"""North Korea's holidays as (month, day, first year): the anchors both analysis test modules
measure events against."""

HOLIDAYS = [(2, 16, 1942), (4, 15, 1912), (7, 27, 1953), (9, 9, 1948), (10, 10, 1945)]
