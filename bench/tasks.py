"""A task that does nothing but count itself: the baseline for worker throughput."""

import os

import redis
from celery import shared_task

_counter = None


@shared_task(ignore_result=True)
def noop() -> None:
    global _counter
    if _counter is None:
        _counter = redis.Redis.from_url(os.environ["REDIS_URL"])
    _counter.incr("bench:noop")
