"""Anniversaries over the records: the listing of a day or a window in listing order,
paged in SQL (``listing.py``), its API (``api.py``), the calendar files (``ics.py``
writes them, ``views.py`` serves them) and the Atom feeds (``feeds.py``). The arithmetic
of recurrence is pure and lives in chronology.recurrence."""
