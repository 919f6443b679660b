"""Import events from CSV, JSON Lines (the export's columns) or a TimelineJS file.

    manage.py import_events events.jsonl --format jsonl
    manage.py import_events events.csv --format csv --dry-run
    manage.py import_events events.csv --format csv --strict   # all or nothing

Rows are upserted on `external_id`: importing twice changes nothing. Bad rows are
reported with their line, field and problem; the others are imported.
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.exchange import import_rows, read_rows
from events.maintenance import refresh_statistics


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
        started = time.monotonic()
        interactive = sys.stderr.isatty()

        def progress(report):
            rate = report.read / max(time.monotonic() - started, 1e-6)
            text = f"{report.read:,} rows read, {report.imported:,} imported ({rate:,.0f}/s)"
            if interactive:
                self.stderr.write(f"\r{text}", ending="")
            elif report.read % 50_000 < 500:
                self.stderr.write(text)

        report = import_rows(
            read_rows(path, fmt), strict=strict, dry_run=dry_run, progress=progress
        )
        if interactive:
            self.stderr.write("")
        for error in report.errors[:200]:
            self.stderr.write(str(error))
        if len(report.errors) > 200:
            self.stderr.write(f"… and {len(report.errors) - 200} more bad rows.")
        if not dry_run and report.created + report.updated:
            refresh_statistics()
        verb = "would be" if dry_run or (strict and report.errors) else "were"
        self.stdout.write(
            f"{report.read:,} rows: {report.created:,} created, {report.updated:,} updated, "
            f"{report.unchanged:,} unchanged, {len(report.errors):,} bad "
            f"({time.monotonic() - started:.1f}s)."
        )
        if strict and report.errors:
            raise CommandError("--strict: nothing was imported because of the bad rows.")
        if dry_run:
            self.stdout.write(f"Dry run: nothing {verb} written.")
