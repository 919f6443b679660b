"""Drafting events from a report: paste a news report's text and Annals stores it as a
source and proposes draft events, one per dated sentence, each citing its sentence
(``reports.py``), in the admin (a tool on the sources' list) and the API
(``POST /api/sources/extract/``). Nothing is published until an editor does it."""
