"""Import events from a Wikidata JSON dump (or JSON Lines), plain, .gz or .bz2, streamed.

    manage.py import_wikidata latest-all.json.bz2
    manage.py import_wikidata events.json --dry-run

Each entity with a date becomes an event (events/exchange/wikidata.py says how dates are read),
upserted on its QID: a second run changes nothing and says so. Entities with no usable
date are skipped, each named with the reason.
"""

from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.exchange.progress import SHOWN, run_import
from events.exchange.reading import RowError
from events.exchange.wikidata import Skipped, read_dump


class Command(BaseCommand):
    help = "Import events from a Wikidata JSON dump, upserting on the QID."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything; write nothing."
        )
        parser.add_argument(
            "--strict", action="store_true", help="Import nothing if any entity is bad."
        )

    def handle(self, *args, path: Path, dry_run=False, strict=False, **options):
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        skipped: list[Skipped] = []

        def usable() -> Iterator[tuple[int, dict | RowError]]:
            for line, row in read_dump(path):
                if isinstance(row, Skipped):
                    skipped.append(row)
                    if len(skipped) <= SHOWN:
                        self.stderr.write(str(row))
                else:
                    yield line, row

        try:
            report = run_import(
                self, usable(), dry_run=dry_run, strict=strict, noun="entities with dates"
            )
        except (OSError, EOFError) as exc:  # a truncated or corrupt archive
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        if len(skipped) > SHOWN:
            self.stderr.write(f"… and {len(skipped) - SHOWN} more skipped.")
        self.stdout.write(f"{len(skipped):,} entities skipped (no usable date or label).")
        if not dry_run and not report.errors and report.created + report.updated == 0:
            self.stdout.write("Nothing changed: every entity was already imported as it is.")
