"""Load the seed data: the 2023 report on the armistice's 70th anniversary, as records.

manage.py load_seeds             # load (again: changes nothing)
manage.py load_seeds --dry-run   # say what would change, change nothing
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from events.maintenance import refresh_statistics
from seeds.loading import DEFAULT_SEED, load_seed_file


class Command(BaseCommand):
    help = "Load seed events, sources, actors, places and timelines (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=DEFAULT_SEED,
            help="A seed TOML file (default: the Korean War armistice seed).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created or updated; write nothing.",
        )

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.exists():
            raise CommandError(f"No seed file at {path}.")
        try:
            report = load_seed_file(path, dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError(f"{path.name}: invalid seed data: {exc}") from exc
        for line in report.lines(dry_run):
            self.stdout.write(line)
        if dry_run:
            verdict = "Dry run: nothing was written."
        elif report.changed:
            refresh_statistics()
            verdict = "Seed data loaded."
        else:
            verdict = "Seed data already up to date; nothing changed."
        self.stdout.write(self.style.SUCCESS(verdict))
