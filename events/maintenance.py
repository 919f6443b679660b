"""Keeping the query planner informed.

The anniversary queries (timeline.anniversaries.listing) read ranges of the partial indexes on
(start_md, start_year) and (end_md, end_year) of published events (Event.Meta). PostgreSQL's
autovacuum keeps statistics for choosing them; SQLite has none until ANALYZE runs, and
without them may read every published row instead. So bulk writes and the daily
housekeeping refresh them.
"""

from __future__ import annotations

from django.db import connection

from events.models import Event


def refresh_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Event._meta.db_table}")
