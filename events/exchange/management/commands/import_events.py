"""Import events from CSV, JSON Lines (the export's columns) or a TimelineJS file.

    manage.py import_events events.jsonl --format jsonl
    manage.py import_events events.csv --format csv --dry-run
    manage.py import_events events.csv --format csv --strict   # all or nothing

Rows are upserted on `external_id`: importing twice changes nothing. Bad rows are
reported with their line, field and problem; the others are imported.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.exchange.progress import run_import
from events.exchange.reading import read_rows


class Command(BaseCommand):
    help = "Import events from csv, jsonl or timelinejs, upserting on external_id."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--format",
            choices=["csv", "jsonl", "timelinejs"],
            help="Default: from the file name's ending.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything; write nothing."
        )
        parser.add_argument(
            "--strict", action="store_true", help="Import nothing if any row is bad."
        )

    def handle(self, *args, path: Path, format=None, dry_run=False, strict=False, **options):
        if not path.exists():
            raise CommandError(f"No file at {path}.")
        fmt = format or {".csv": "csv", ".jsonl": "jsonl", ".json": "timelinejs"}.get(
            path.suffix.lower()
        )
        if fmt is None:
            raise CommandError("Say --format csv, jsonl or timelinejs.")
        run_import(self, read_rows(path, fmt), dry_run=dry_run, strict=strict)
