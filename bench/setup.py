"""Shared set-up for the benchmarks: a fresh database, Django, and progress output."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fresh_database(name: str, vendor: str = "postgresql") -> str:
    """Create an empty database for one benchmark run and return its DATABASE_URL."""
    if vendor == "sqlite":
        path = ROOT / "var" / f"{name}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return ""  # the embedded default, pointed at by ANNALS_VAR_DIR
    import psycopg

    server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def setup_django(database_url: str, **env: str) -> None:
    os.environ.update(
        {
            "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DEBUG": "false",
            "ANNALS_HTTPS": "false",
            "DATABASE_URL": database_url,
            **env,
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


class Progress:
    """One line that rewrites itself: what is done of how much, and the rate."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.started = label, total, time.monotonic()

    def update(self, done: int) -> None:
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed else 0
        print(f"\r  {self.label}: {done:,}/{self.total:,} ({rate:,.0f}/s)", end="", flush=True)

    def finish(self) -> float:
        elapsed = time.monotonic() - self.started
        print(f"\r  {self.label}: {self.total:,} in {elapsed:.1f}s" + " " * 20, flush=True)
        return elapsed
