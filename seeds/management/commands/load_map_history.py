"""Load the map-history demo corpus: about 12,000 dated historical events (Wikipedia
"on this day", BCE years and 29 February among them), with their locations as places.

    manage.py load_map_history [PATH] [--dry-run]

PATH defaults to ../shared/data/map-history. Loading twice changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.exchange.importing import import_rows
from events.maintenance import refresh_statistics
from seeds.map_history import DEFAULT_PATH, corpus_rows, drop_unused_places, name_places


class Command(BaseCommand):
    help = "Load the map-history corpus (Wikipedia 'on this day') as a demo dataset."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.is_dir() or not list(path.glob("*.json")):
            raise CommandError(f"No map-history JSON files in {path}.")

        def progress(report):
            self.stderr.write(f"\r{report.read:,} events read", ending="")

        places: dict[str, dict] = {}

        def rows():
            for number, row in corpus_rows(path):
                if row.get("place"):
                    places[row["place"]] = row
                yield number, row

        report = import_rows(rows(), dry_run=dry_run, progress=progress)
        self.stderr.write("")
        renamed = 0 if dry_run else name_places(places)
        dropped = 0 if dry_run else drop_unused_places()
        for error in report.errors[:50]:
            self.stderr.write(f"event {error}")
        if not dry_run:
            refresh_statistics()
        self.stdout.write(
            f"{report.read:,} distinct events: {report.created:,} created, "
            f"{report.updated:,} updated, {report.unchanged:,} unchanged, "
            f"{len(report.errors):,} refused; {renamed:,} places renamed, "
            f"{dropped:,} unused places removed."
            + (" Dry run: nothing written." if dry_run else "")
        )
        self.stdout.write(
            "Credit: Wikipedia contributors (CC BY-SA), via ayaankazerouni/map-history (GPL-3.0)."
        )
