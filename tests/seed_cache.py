"""The seed data for tests, loaded by the real loader once per process and copied back
row for row afterwards.

`manage.py load_seeds` checks and saves every row (about half a second), and some 300
tests ask for the seed data. So the first test in a process runs the loader and notes
what it changed, table by table; a later test whose tables are exactly as they were
before that load gets exactly the rows it left, inserted in bulk with the same ids and
stamped with the current time (every date-time the loader writes is "now"), with
the sequences moved past them as loaddata does. Anything
else (tables not as they were, a test that commits: its on-commit work would differ)
runs the loader again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from seeds.loading import load_seed_file


@dataclass
class _Table:
    model: type[models.Model]
    before: set[tuple[Any, ...]]
    added: list[dict[str, Any]] = field(default_factory=list)


_tables: list[_Table] | None = None


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _rows(model: type[models.Model]) -> list[dict[str, Any]]:
    return list(model._base_manager.order_by("pk").values(*_columns(model)))


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    # JSON columns (translations) hold dicts and lists: compared by their JSON text.
    return tuple(
        (name, json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value)
        for name, value in sorted(row.items())
    )


def _all_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]


def load_seeds() -> None:
    global _tables
    committing = not connection.in_atomic_block  # a transactional test
    if _tables is not None and not committing and _restore(_tables):
        return
    if _tables is not None or committing:
        load_seed_file()
        return
    before = {model: _rows(model) for model in _all_models()}
    load_seed_file()
    tables = []
    for model, rows in before.items():
        keys = {_key(row) for row in rows}
        after = _rows(model)
        if [_key(row) for row in after] != [_key(row) for row in rows]:
            # Only additions can be copied back; a loader that changed rows is run again.
            if not keys <= {_key(row) for row in after}:
                return
            tables.append(_Table(model, keys, [r for r in after if _key(r) not in keys]))
    _tables = tables


def _restore(tables: list[_Table]) -> bool:
    for table in tables:
        if {_key(row) for row in _rows(table.model)} != table.before:
            return False
    now = timezone.now()
    with transaction.atomic():  # foreign keys are checked at its end
        for table in tables:
            table.model._base_manager.bulk_create(
                table.model(
                    **{
                        name: now if isinstance(value, datetime) else value
                        for name, value in row.items()
                    }
                )
                for row in table.added
            )
        # As loaddata does: sequences past the ids just written (a flush between tests
        # may have started them again), so the test's own rows get new ones.
        statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables])
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
    return True
