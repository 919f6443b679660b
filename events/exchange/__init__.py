"""Events in and out as files: exports (CSV, JSON Lines) and imports of the same columns
(events.columns.EXCHANGE), TimelineJS documents and Wikidata dumps, with their commands
and the admin's CSV upload. Read in the order of a row's journey: ``export.py`` writes
rows, ``reading.py`` reads files into rows, ``importing.py`` checks and writes them
(``wikidata.py`` turns dump entities into rows; ``progress.py`` is what the commands
share). It builds on the records (events) and nothing above them."""
