"""Where events happened, for programs: GeoJSON of events at their places
(``geojson.py``), served by ``api.py`` at /api/geo/events/ with the events list's
filters. The maps drawn for readers are the records' own (events.mapping); the map page
is pages.maps."""
