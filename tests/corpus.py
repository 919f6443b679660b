"""The map-history corpus (about 12,000 real events) and the seed data, loaded once for a
test module and removed after it: what a hostile visitor meets on a real site."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from seeds.map_history import DEFAULT_PATH


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    if not DEFAULT_PATH.is_dir():
        pytest.skip("../shared/data/map-history is absent")
    from io import StringIO

    from seeds.loading import load_seed_file

    out = StringIO()
    with django_db_blocker.unblock():
        load_seed_file()
        call_command("load_map_history", str(DEFAULT_PATH), stdout=out, stderr=StringIO())
    yield out.getvalue()  # what load_map_history said: the loading test reads it
    with django_db_blocker.unblock():
        _empty()


def _empty() -> None:
    """Empty the database as `flush` does (fast: no per-row signals), so the modules after
    this one start as empty as ever; it re-creates permissions and groups as migrate does."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    for cache in caches.all(initialized_only=False):
        cache.clear()
