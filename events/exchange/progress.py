"""What the import commands share: progress on stderr while rows are read, the bad
rows named, statistics refreshed after a write, and the counts at the end."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable

from django.core.management.base import BaseCommand, CommandError

from events.exchange.importing import ImportReport, import_rows
from events.exchange.reading import RowError
from events.maintenance import refresh_statistics

SHOWN = 200  # bad rows named one by one; the rest are counted


def run_import(
    command: BaseCommand,
    rows: Iterable[tuple[int, dict | RowError]],
    *,
    dry_run: bool = False,
    strict: bool = False,
    noun: str = "rows",
) -> ImportReport:
    """Import `rows` as import_rows does, telling `command`'s user how it goes."""
    started = time.monotonic()
    interactive = sys.stderr.isatty()

    def progress(report: ImportReport) -> None:
        rate = report.read / max(time.monotonic() - started, 1e-6)
        text = f"{report.read:,} {noun} read, {report.imported:,} imported ({rate:,.0f}/s)"
        if interactive:
            command.stderr.write(f"\r{text}", ending="")
        elif report.read % 50_000 < 500:
            command.stderr.write(text)

    report = import_rows(rows, strict=strict, dry_run=dry_run, progress=progress)
    if interactive:
        command.stderr.write("")
    for error in report.errors[:SHOWN]:
        command.stderr.write(str(error))
    if len(report.errors) > SHOWN:
        command.stderr.write(f"… and {len(report.errors) - SHOWN} more bad {noun}.")
    if not dry_run and report.created + report.updated:
        refresh_statistics()
    verb = "would be" if dry_run or (strict and report.errors) else "were"
    command.stdout.write(
        f"{report.read:,} {noun}: {report.created:,} created, {report.updated:,} updated, "
        f"{report.unchanged:,} unchanged, {len(report.errors):,} bad "
        f"({time.monotonic() - started:.1f}s)."
    )
    if strict and report.errors:
        raise CommandError("--strict: nothing was imported because of the bad rows.")
    if dry_run:
        command.stdout.write(f"Dry run: nothing {verb} written.")
    return report
