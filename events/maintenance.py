"""Keeping the query planner informed.

The anniversary query (timeline.queries) is an OR of ranges on the (status, start_md) and
(status, end_md) indexes. PostgreSQL's autovacuum keeps statistics for choosing them;
SQLite has none until ANALYZE runs, and without them it reads every published row
through the status index instead. So bulk writes and the daily housekeeping refresh them.
"""

from __future__ import annotations

from django.db import connection

from events.models import Event


def refresh_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Event._meta.db_table}")
