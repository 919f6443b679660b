"""The readers' pages: the home page, events, timelines, actors, places and tags, search
and the proximity analysis's page, server-rendered (``views.py``), with the density
strip (``density.py``) and the templates' filters (``templatetags/annals.py``). The top
of the house: it reads every app below it, and none reads it."""
