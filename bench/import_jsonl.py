"""Importing N rows of JSON Lines through `import_events` (validation, upsert on
external_id, places/actors/sources found or made, tags, history), against raw bulk_create
of the same rows into the same kind of empty database. Each runs in its own process, so
that its peak memory is its own.

    .venv/bin/python bench/import_jsonl.py [--rows 1000000]

Prints both times, their ratio (target >= 0.5) and each process's peak memory (target for
the import: < 300 MB).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from generate import CHUNK, load, rows
from setup import ROOT, Progress, fresh_database, setup_django


def ensure_file(n: int) -> Path:
    path = ROOT / "var" / "bench" / f"events-{n}.jsonl"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    progress = Progress("writing rows", n)
    with path.open("w") as out:
        for i, row in enumerate(rows(n), 1):
            out.write(json.dumps(row) + "\n")
            if i % CHUNK == 0:
                progress.update(i)
    progress.finish()
    return path


def child(mode: str, path: Path, n: int, result: Path) -> None:
    """Runs in a fresh process: one measurement, written to `result` as JSON."""
    setup_django(fresh_database(f"annals_bench_import_{mode}"))
    started = time.perf_counter()
    if mode == "import":
        from django.core.management import call_command

        call_command("import_events", str(path))
    else:
        with path.open() as lines:
            load(n, source=(json.loads(line) for line in lines))
    elapsed = time.perf_counter() - started
    from events.models import Event

    result.write_text(
        json.dumps(
            {
                "seconds": elapsed,
                "events": Event.objects.count(),
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def measure(mode: str, n: int) -> dict:
    print(f"{mode}:", flush=True)
    result = ROOT / "var" / "bench" / f"result-{mode}.json"
    subprocess.run(
        [sys.executable, __file__, "--child", mode, "--rows", str(n), "--result", str(result)],
        check=True,
    )
    return json.loads(result.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", choices=["import", "bulk_create"])
    parser.add_argument("--result", type=Path)
    args = parser.parse_args()
    path = ensure_file(args.rows)
    if args.child:
        child(args.child, path, args.rows, args.result)
        return
    imported = measure("import", args.rows)
    raw = measure("bulk_create", args.rows)
    assert imported["events"] == raw["events"] == args.rows, (imported, raw)
    print(
        f"import_events: {args.rows:,} rows in {imported['seconds']:.0f}s "
        f"({args.rows / imported['seconds']:,.0f} rows/s), peak {imported['peak_mb']:.0f} MB"
    )
    print(
        f"bulk_create:   {args.rows:,} rows in {raw['seconds']:.0f}s "
        f"({args.rows / raw['seconds']:,.0f} rows/s), peak {raw['peak_mb']:.0f} MB"
    )
    print(f"Ratio: {raw['seconds'] / imported['seconds']:.2f}")


if __name__ == "__main__":
    main()
