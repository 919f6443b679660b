"""The footer's credit for the map-history corpus, while its events are here."""

from django.core.cache import cache

from events.models import Source
from seeds.map_history import SOURCE


def attribution(request) -> dict:
    """Credit for imported corpora, in every page's footer while their events are here."""
    shown = cache.get("annals:map-history-credit")
    if shown is None:
        shown = Source.objects.filter(title=SOURCE["title"]).exists()
        cache.set("annals:map-history-credit", shown, 300)
    return {"map_history_credit": shown}
