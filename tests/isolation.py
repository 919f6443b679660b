"""Loaded before Django's settings (`-p tests.isolation` in pyproject.toml): when
pytest-xdist spreads the suite over processes, each process gets its own runtime folder
(SQLite file, file cache and broker) and its own Redis databases for the broker and the
cache, as separate machines would. Tests clear their cache and drive real workers on
their broker; sharing either would let one process's test break another's."""

from __future__ import annotations

import os
import re

worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, … (xdist sets it first)


def _database(url: str, offset: int) -> str:
    """The Redis URL with its database number lowered by `offset` (15 -> 13 -> 11 …)."""
    match = re.fullmatch(r"(redis://[^/]+/)(\d+)", url)
    if not match:
        return url
    number = int(match[2]) - offset
    if number < 0:
        raise RuntimeError(f"Too many test processes for the Redis databases of {url}.")
    return f"{match[1]}{number}"


if worker:
    index = int(worker.removeprefix("gw"))
    if var_dir := os.environ.get("ANNALS_VAR_DIR"):
        os.environ["ANNALS_VAR_DIR"] = os.path.join(var_dir, worker)
    # The broker and the cache each step down by two per process, so none meet.
    for name in ("REDIS_URL", "CACHE_URL"):
        if url := os.environ.get(name):
            os.environ[name] = _database(url, 2 * index)
